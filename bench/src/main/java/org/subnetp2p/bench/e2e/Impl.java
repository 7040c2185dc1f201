package org.subnetp2p.bench.e2e;

/** The two libp2p implementations compared. */
enum Impl {
  JAVA("Java"),
  JS("js");

  final String label;

  Impl(String label) {
    this.label = label;
  }
}
