package org.subnetp2p.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.subnetp2p.core.identity.TestData.hex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
  @TempDir Path dir;

  /** RFC 8032 §7.1 test 1: a seed and its public key. */
  private static final String SEED =
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

  private static final String PUBLIC =
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

  /** The peer id of that key, as js-libp2p computes it ({@code node peer.mjs peerid FILE}). */
  private static final String PEER_ID = "12D3KooWQK1wnefoLrcVHbbnf5tLzbopUd3K3bFAoJpA7YJgL5pV";

  @Test
  void eachFormOfAFixedSeedHasExactBytesAndOnePeerId() throws IOException {
    PrivateKey key = Keys.ed25519PrivateKey(hex(SEED));
    Path subnet = dir.resolve("subnet.key");
    Path libp2p = dir.resolve("libp2p.key");
    KeyFiles.write(subnet, key);
    KeyFiles.write(libp2p, key, KeyFileFormat.LIBP2P);

    assertThat(Files.readAllBytes(subnet)).isEqualTo(hex("08011220" + SEED));
    assertThat(Files.readAllBytes(libp2p)).isEqualTo(hex("08011240" + SEED + PUBLIC));
    assertThat(KeyFiles.encode(key, KeyFileFormat.SUBNET)).isEqualTo(hex("08011220" + SEED));
    Path legacy = Files.write(dir.resolve("legacy.key"), hex("08011260" + SEED + PUBLIC + PUBLIC));
    for (Path file : List.of(subnet, libp2p, legacy)) {
      PrivateKey read = KeyFiles.read(file);
      assertThat(read).as("%s", file.getFileName()).isEqualTo(key);
      assertThat(PeerId.fromPublicKey(read.publicKey())).hasToString(PEER_ID);
    }
  }

  /** A file written by js-libp2p's {@code privateKeyToProtobuf} ({@code node peer.mjs keygen}). */
  @Test
  void readsAFileWrittenByJsLibp2p() throws IOException {
    Map<String, String> js = TestData.labelled("js-libp2p-keygen.txt");
    byte[] jsFile = hex(js.get("file"));
    String jsPeerId = js.get("peer-id");
    Path file = Files.write(dir.resolve("js.key"), jsFile);

    PrivateKey key = KeyFiles.read(file);
    assertThat(PeerId.fromPublicKey(key.publicKey())).hasToString(jsPeerId);
    assertThat(KeyFiles.encode(key, KeyFileFormat.LIBP2P)).isEqualTo(jsFile);
    byte[] seedOnly = Arrays.copyOf(jsFile, 36);
    seedOnly[3] = 0x20; // Data length 32 instead of 64: the same seed, without the public key
    assertThat(KeyFiles.encode(key, KeyFileFormat.SUBNET)).isEqualTo(seedOnly);
  }

  @Test
  void aPublicHalfThatIsNotTheSeedsIsAClearError() throws IOException {
    String otherPublic = HexFormat.of().formatHex(Keys.generateEd25519().publicKey().raw());
    Path file = Files.write(dir.resolve("mixed.key"), hex("08011240" + SEED + otherPublic));
    assertThatThrownBy(() -> KeyFiles.read(file))
        .isInstanceOf(IdentityFileException.class)
        .hasMessage(
            "identity file "
                + file
                + " holds an invalid ED25519 key: Ed25519 private key holds a public key that is"
                + " not its own");
    Path legacy =
        Files.write(dir.resolve("legacy.key"), hex("08011260" + SEED + PUBLIC + otherPublic));
    assertThatThrownBy(() -> KeyFiles.read(legacy))
        .isInstanceOf(IdentityFileException.class)
        .hasMessageEndingWith("legacy 96-byte Ed25519 private key holds two different public keys");
  }

  @Test
  void writesTheSubnetFormAndReadsItBack() throws IOException {
    PrivateKey key = Keys.generateEd25519();
    Path file = dir.resolve("identity.key");
    KeyFiles.write(file, key);

    assertThat(Files.readAllBytes(file))
        .hasSize(36)
        .startsWith(0x08, 0x01, 0x12, 0x20)
        .isEqualTo(KeyFiles.encode(key, KeyFileFormat.SUBNET));
    assertThat(KeyFiles.read(file)).isEqualTo(key);
    try (var entries = Files.list(dir)) {
      assertThat(entries).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void writesOwnerOnlyFiles() throws IOException {
    assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
    Path file = dir.resolve("identity.key");
    KeyFiles.write(file, Keys.generateEd25519());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void createsMissingParentDirectories() {
    Path file = dir.resolve("a/b/identity.key");
    PrivateKey key = Keys.generateEd25519();
    KeyFiles.write(file, key);
    assertThat(KeyFiles.read(file)).isEqualTo(key);
  }

  @Test
  void refusesToOverwrite() throws IOException {
    Path file = dir.resolve("identity.key");
    PrivateKey first = Keys.generateEd25519();
    KeyFiles.write(file, first);

    assertThatThrownBy(() -> KeyFiles.write(file, Keys.generateEd25519()))
        .isInstanceOf(IdentityFileException.class)
        .hasMessage("identity file " + file + " already exists; refusing to overwrite it");
    assertThat(KeyFiles.read(file)).isEqualTo(first);
  }

  @Test
  void loadOrCreateCreatesOnceThenReuses() throws IOException {
    Path file = dir.resolve("node/identity.key");
    PrivateKey created = KeyFiles.loadOrCreate(file);
    assertThat(created.type()).isEqualTo(KeyType.ED25519);
    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes).isEqualTo(KeyFiles.encode(created, KeyFileFormat.SUBNET));

    PrivateKey loaded = KeyFiles.loadOrCreate(file);
    assertThat(loaded).isEqualTo(created);
    assertThat(PeerId.fromPublicKey(loaded.publicKey()))
        .isEqualTo(PeerId.fromPublicKey(created.publicKey()));
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void loadOrCreateNeverReplacesABadFile() throws IOException {
    Path file = dir.resolve("identity.key");
    Files.write(file, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> KeyFiles.loadOrCreate(file))
        .isInstanceOf(IdentityFileException.class)
        .hasMessageStartingWith("identity file " + file + " is not a libp2p private key");
    assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
  }

  @Test
  void readsTheSpecVectorAndTheSeedOnlyFormOfPythonNodes() throws IOException {
    byte[] vector = TestData.specKeyVectors().get("ed25519-private");
    Path goStyle = Files.write(dir.resolve("go.key"), vector);
    PrivateKey key = KeyFiles.read(goStyle);
    assertThat(key.marshal()).isEqualTo(vector);

    // py-libp2p writes Data as the bare 32-byte seed.
    Path pythonStyle =
        Files.write(
            dir.resolve("python.key"),
            KeyProtobuf.encode(KeyType.ED25519, Arrays.copyOfRange(vector, 4, 36)));
    assertThat(KeyFiles.read(pythonStyle)).isEqualTo(key);
  }

  @Test
  void readsEcdsaAndRsaKeyFiles() throws IOException {
    for (String label : new String[] {"ecdsa-private", "rsa-private"}) {
      byte[] vector = TestData.specKeyVectors().get(label);
      Path file = Files.write(dir.resolve(label), vector);
      assertThat(KeyFiles.read(file).marshal()).isEqualTo(vector);
    }
  }

  @Test
  void missingFile() {
    Path file = dir.resolve("nope.key");
    assertThatThrownBy(() -> KeyFiles.read(file))
        .isInstanceOf(IdentityFileException.class)
        .hasMessage("identity file " + file + " does not exist");
  }

  @Test
  void emptyFile() throws IOException {
    Path file = Files.createFile(dir.resolve("empty.key"));
    assertThatThrownBy(() -> KeyFiles.read(file))
        .isInstanceOf(IdentityFileException.class)
        .hasMessage("identity file " + file + " is empty");
  }

  @Test
  void truncatedFile() throws IOException {
    byte[] vector = TestData.specKeyVectors().get("ed25519-private");
    Path file = Files.write(dir.resolve("cut.key"), Arrays.copyOf(vector, vector.length - 10));
    assertThatThrownBy(() -> KeyFiles.read(file))
        .isInstanceOf(IdentityFileException.class)
        .hasMessage(
            "identity file "
                + file
                + " is not a libp2p private key: bad PrivateKey protobuf: truncated Data at byte"
                + " 4: needs 64 bytes, 54 left");
  }

  @Test
  void corruptFiles() throws IOException {
    for (String content : new String[] {"hello world\n", "-----BEGIN PRIVATE KEY-----\n"}) {
      Path file = Files.writeString(dir.resolve("text.key"), content);
      assertThatThrownBy(() -> KeyFiles.read(file))
          .isInstanceOf(IdentityFileException.class)
          .hasMessageStartingWith("identity file " + file + " is not a libp2p private key: ");
      Files.delete(file);
    }
  }

  @Test
  void unsupportedKeyTypes() throws IOException {
    Path secp =
        Files.write(dir.resolve("secp.key"), TestData.specKeyVectors().get("secp256k1-private"));
    assertThatThrownBy(() -> KeyFiles.read(secp))
        .isInstanceOf(IdentityFileException.class)
        .hasMessage("identity file " + secp + " holds an unsupported key type: SECP256K1");

    Path unknown = Files.write(dir.resolve("nine.key"), hex("0809120100"));
    assertThatThrownBy(() -> KeyFiles.read(unknown))
        .isInstanceOf(IdentityFileException.class)
        .hasMessage(
            "identity file " + unknown + " holds an unsupported key type: unknown key type code 9");
  }

  @Test
  void invalidKeyOfAKnownType() throws IOException {
    Path file =
        Files.write(dir.resolve("short.key"), KeyProtobuf.encode(KeyType.ED25519, new byte[40]));
    assertThatThrownBy(() -> KeyFiles.read(file))
        .isInstanceOf(IdentityFileException.class)
        .hasMessage(
            "identity file "
                + file
                + " holds an invalid ED25519 key: Ed25519 private key must be 32, 64 or 96 bytes,"
                + " got 40");
  }

  @Test
  void oversizedFile() throws IOException {
    Path file = Files.write(dir.resolve("big.key"), new byte[64 * 1024 + 1]);
    assertThatThrownBy(() -> KeyFiles.read(file))
        .isInstanceOf(IdentityFileException.class)
        .hasMessage("identity file " + file + " is larger than 65536 bytes");
  }

  @Test
  void directoryInsteadOfFile() throws IOException {
    Path file = Files.createDirectory(dir.resolve("identity.key"));
    assertThatThrownBy(() -> KeyFiles.read(file))
        .isInstanceOf(IdentityFileException.class)
        .hasMessageStartingWith("cannot read identity file " + file + ": ");
    assertThatThrownBy(() -> KeyFiles.write(file, Keys.generateEd25519()))
        .isInstanceOf(IdentityFileException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void unreadableFile() throws IOException {
    assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
    assumeThat(System.getProperty("user.name")).as("root reads anything").isNotEqualTo("root");
    Path file = dir.resolve("identity.key");
    KeyFiles.write(file, Keys.generateEd25519());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    assertThatThrownBy(() -> KeyFiles.read(file))
        .isInstanceOf(IdentityFileException.class)
        .hasMessage("identity file " + file + " is not readable");
  }
}
