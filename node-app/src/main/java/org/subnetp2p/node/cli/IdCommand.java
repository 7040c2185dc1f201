package org.subnetp2p.node.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.subnetp2p.core.identity.KeyFiles;
import org.subnetp2p.core.identity.PeerId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code subnet-node id}: prints the peer id of an identity file. */
@Command(
    name = "id",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Print the peer id of an identity key file (libp2p protobuf PrivateKey, as written by"
            + " keygen in either format, run, subnet-template, py-libp2p, go-libp2p or"
            + " js-libp2p).")
final class IdCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LoggingOptions logging;

  @Parameters(index = "0", paramLabel = "<identity file>", description = "The key file.")
  Path file;

  @Override
  public Integer call() {
    logging.configure();
    PeerId id = PeerId.fromPublicKey(KeyFiles.read(file).publicKey());
    spec.commandLine().getOut().println(id);
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
