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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
  @TempDir Path dir;

  @Test
  void writesTheProtobufAndReadsItBack() throws IOException {
    PrivateKey key = Keys.generateEd25519();
    Path file = dir.resolve("identity.key");
    KeyFiles.write(file, key);

    assertThat(Files.readAllBytes(file)).isEqualTo(key.marshal());
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
