package org.subnetp2p.node.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.subnetp2p.core.identity.KeyFiles;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

  @Option(
      names = "--out",
      defaultValue = "identity.key",
      paramLabel = "<file>",
      description = "Where to write the key (default: identity.key).")
  Path out;

  @Override
  public Integer call() {
    Logging.configure("warn");
    PrivateKey key = Keys.generateEd25519();
    KeyFiles.write(out, key);
    spec.commandLine().getOut().println(PeerId.fromPublicKey(key.publicKey()));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
