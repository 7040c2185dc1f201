package org.subnetp2p.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code subnet-node}: the commands. */
@Command(
    name = "subnet-node",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A subnet peer: run a node, call one, or try a network on this machine.",
    subcommands = {
      RunCommand.class,
      CallCommand.class,
      FindPeerCommand.class,
      DemoCommand.class,
      KeygenCommand.class,
      IdCommand.class,
      RegistryCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 unexpected failure, 2 bad input (usage, config, identity file,"
          + " address in use), 3 network or remote failure."
    })
final class SubnetNodeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "missing command: choose one of run, call, find-peer, demo, keygen, id, registry");
  }
}
