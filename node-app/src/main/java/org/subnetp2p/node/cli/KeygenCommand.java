package org.subnetp2p.node.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.subnetp2p.core.identity.KeyFileFormat;
import org.subnetp2p.core.identity.KeyFiles;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code subnet-node keygen}: writes a new Ed25519 identity file and prints its peer id. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Write a new Ed25519 identity key file (mode 0600; an existing file is never replaced)"
            + " and print its peer id.")
final class KeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LoggingOptions logging;

  @Option(
      names = "--out",
      defaultValue = "identity.key",
      paramLabel = "<file>",
      description = "Where to write the key (default: identity.key).")
  Path out;

  @Option(
      names = "--format",
      defaultValue = "subnet",
      paramLabel = "subnet|libp2p",
      converter = FormatConverter.class,
      description = {
        "subnet (default): the 32-byte seed as Data, the form Hypertensor's subnet-template"
            + " (py-libp2p) reads.",
        "libp2p: seed and public key (64 bytes), the form go-libp2p and js-libp2p read.",
        "This node reads both."
      })
  KeyFileFormat format;

  @Override
  public Integer call() {
    logging.configure();
    PrivateKey key = Keys.generateEd25519();
    KeyFiles.write(out, key, format);
    spec.commandLine().getOut().println(PeerId.fromPublicKey(key.publicKey()));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }

  /** The format names of the CLI: lower case, as CLI.md writes them. */
  static final class FormatConverter implements ITypeConverter<KeyFileFormat> {
    @Override
    public KeyFileFormat convert(String value) {
      return switch (value) {
        case "subnet" -> KeyFileFormat.SUBNET;
        case "libp2p" -> KeyFileFormat.LIBP2P;
        default ->
            throw new TypeConversionException("expected subnet or libp2p, got \"" + value + "\"");
      };
    }
  }
}
