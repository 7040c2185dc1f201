package org.subnetp2p.discovery.chain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.web3j.crypto.Credentials;

/**
 * The private key of a chain account (secp256k1), which signs registry transactions. Read from hex
 * text: the {@code SUBNET_NODE_CHAIN_KEY} environment variable or a key file, never a command-line
 * value (which other users of the machine can read in the process list). Neither its text nor
 * anything derived from it but the address ever appears in a message.
 */
public final class ChainKey {
  private final Credentials credentials;

  private ChainKey(Credentials credentials) {
    this.credentials = credentials;
  }

  /**
   * The key in {@code hex}: 64 hex digits, with or without {@code 0x}, surrounding whitespace
   * ignored.
   *
   * @param source names where the text came from, for the error
   * @throws IllegalArgumentException naming {@code source} (never the text) if it is not a key
   */
  public static ChainKey fromHex(String hex, String source) {
    String h = hex == null ? "" : hex.strip();
    if (h.startsWith("0x") || h.startsWith("0X")) {
      h = h.substring(2);
    }
    if (!h.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException(
          source
              + " does not hold a chain private key (expected 64 hex digits, optionally after 0x)");
    }
    return new ChainKey(Credentials.create(h.toLowerCase(Locale.ROOT)));
  }

  /**
   * The key in {@code file}, as hex text.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if it holds no key
   */
  public static ChainKey fromFile(Path file) throws IOException {
    if (Files.size(file) > 1024) {
      throw new IllegalArgumentException("chain key file " + file + " is too large to be a key");
    }
    return fromHex(Files.readString(file, StandardCharsets.US_ASCII), "chain key file " + file);
  }

  /** The account's address, 0x and 40 lower-case hex digits. */
  public String address() {
    return credentials.getAddress().toLowerCase(Locale.ROOT);
  }

  Credentials credentials() {
    return credentials;
  }

  @Override
  public String toString() {
    return "ChainKey[" + address() + "]";
  }
}
