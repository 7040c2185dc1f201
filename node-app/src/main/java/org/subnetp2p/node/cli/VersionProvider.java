package org.subnetp2p.node.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the runnable jar's manifest. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {"subnet-node " + (version != null ? version : "(development build)")};
  }
}
