package org.subnetp2p.core.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loads the test data files under {@code src/test/resources/identity}. */
final class TestData {
  private TestData() {}

  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  /** The spec's key vectors by label, e.g. {@code ed25519-public}. */
  static Map<String, byte[]> specKeyVectors() {
    Map<String, byte[]> vectors = new LinkedHashMap<>();
    for (String[] fields : lines("/identity/spec-key-vectors.txt")) {
      vectors.put(fields[0], hex(fields[1].toLowerCase()));
    }
    return vectors;
  }

  /** The lines of a {@code <label> <value>} file under {@code identity/}, by label. */
  static Map<String, String> labelled(String name) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String[] fields : lines("/identity/" + name)) {
      values.put(fields[0], fields[1]);
    }
    return values;
  }

  /** One signature made by OpenSSL. */
  record Signature(KeyType type, byte[] publicKey, byte[] message, byte[] signature) {}

  static List<Signature> opensslSignatures(KeyType type) {
    List<Signature> out = new ArrayList<>();
    for (String[] f : lines("/identity/openssl-signatures.txt")) {
      KeyType t = KeyType.valueOf(f[0].toUpperCase());
      if (t == type) {
        out.add(new Signature(t, hex(f[1]), f[2].equals("-") ? new byte[0] : hex(f[2]), hex(f[3])));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no " + type + " signatures in the test data");
    }
    return out;
  }

  private static List<String[]> lines(String resource) {
    try (InputStream in = TestData.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      List<String[]> out = new ArrayList<>();
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(line.trim().split("\\s+"));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
