package org.subnetp2p.core.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's identity file: the protobuf {@code PrivateKey{Type, Data}} bytes and nothing else, the
 * format libp2p nodes keep their keys in.
 *
 * <p>Ed25519 keys are written by default in the {@link KeyFileFormat#SUBNET} form (the 32-byte seed
 * as {@code Data}), the only one that Hypertensor's subnet-template (py-libp2p) reads; {@link
 * KeyFileFormat#LIBP2P} writes the spec's 64-byte form that go-libp2p and js-libp2p require.
 * Reading accepts both and the legacy 96-byte form.
 *
 * <p>Files are written once and never replaced: a node that silently changed its key would change
 * its peer id.
 */
public final class KeyFiles {
  private static final Logger LOG = LoggerFactory.getLogger(KeyFiles.class);

  /** Far above the largest key file (an 8192-bit RSA key is under 5 KiB). */
  private static final int MAX_FILE_SIZE = 64 * 1024;

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private KeyFiles() {}

  /**
   * Reads the private key in {@code file}. Logs a warning when the file is readable by others.
   *
   * @throws IdentityFileException naming the file when it is missing, unreadable, empty, not a
   *     libp2p private key, or of an unsupported key type
   */
  public static PrivateKey read(Path file) {
    byte[] bytes = readBytes(file);
    if (bytes.length == 0) {
      throw new IdentityFileException("identity file " + file + " is empty");
    }
    KeyProtobuf.Message message;
    try {
      message = KeyProtobuf.decode(bytes, "PrivateKey");
    } catch (InvalidKeyException e) {
      throw new IdentityFileException(
          "identity file " + file + " is not a libp2p private key: " + e.getMessage(), e);
    }
    KeyType type;
    try {
      type = KeyType.fromCode(message.typeCode());
    } catch (InvalidKeyException e) {
      throw new IdentityFileException(
          "identity file " + file + " holds an unsupported key type: " + e.getMessage(), e);
    }
    if (type == KeyType.SECP256K1) {
      throw new IdentityFileException(
          "identity file " + file + " holds an unsupported key type: SECP256K1");
    }
    warnIfOthersCanRead(file);
    try {
      return Keys.privateKey(type, message.data());
    } catch (InvalidKeyException e) {
      throw new IdentityFileException(
          "identity file " + file + " holds an invalid " + type + " key: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code key} to {@code file} in the {@link KeyFileFormat#SUBNET} form, as {@link
   * #write(Path, PrivateKey, KeyFileFormat)} does.
   *
   * @throws IdentityFileException if {@code file} exists or cannot be written
   */
  public static void write(Path file, PrivateKey key) {
    write(file, key, KeyFileFormat.SUBNET);
  }

  /**
   * Writes {@code key} to {@code file} in {@code format}; {@code file} must not exist yet. Missing
   * parent directories are created. The bytes go to a temporary file in the same directory first
   * (mode 0600 where the file system has POSIX permissions), are flushed to disk, and the file is
   * then moved into place, so readers never see a partial key.
   *
   * @throws IdentityFileException if {@code file} exists or cannot be written
   */
  public static void write(Path file, PrivateKey key, KeyFileFormat format) {
    try {
      writeNew(file, encode(key, format));
    } catch (FileAlreadyExistsException e) {
      throw new IdentityFileException(
          "identity file " + file + " already exists; refusing to overwrite it", e);
    }
  }

  /**
   * The bytes of an identity file holding {@code key} in {@code format}. Treat them as secret.
   *
   * <p>For Ed25519: {@code 08 01 12 20} and the seed ({@link KeyFileFormat#SUBNET}), or {@code 08
   * 01 12 40}, the seed and the public key ({@link KeyFileFormat#LIBP2P}). Other key types have one
   * form, {@link PrivateKey#marshal()}.
   */
  public static byte[] encode(PrivateKey key, KeyFileFormat format) {
    if (key.type() != KeyType.ED25519) {
      return key.marshal();
    }
    Ed25519PrivateKey ed25519 =
        key instanceof Ed25519PrivateKey own
            ? own
            : (Ed25519PrivateKey) Keys.unmarshalPrivateKey(key.marshal());
    return switch (format) {
      case SUBNET -> ed25519.marshalSeedOnly();
      case LIBP2P -> ed25519.marshal();
    };
  }

  /**
   * The key in {@code file}, or a new Ed25519 key written there (in the {@link
   * KeyFileFormat#SUBNET} form) if the file does not exist yet.
   *
   * @throws IdentityFileException if the file exists but cannot be read as a key, or cannot be
   *     created
   */
  public static PrivateKey loadOrCreate(Path file) {
    if (Files.exists(file)) {
      return read(file);
    }
    PrivateKey key = Keys.generateEd25519();
    try {
      writeNew(file, encode(key, KeyFileFormat.SUBNET));
    } catch (FileAlreadyExistsException e) {
      return read(file); // another process created it first: use theirs
    }
    LOG.info("created identity {} in {}", PeerId.fromPublicKey(key.publicKey()), file);
    return key;
  }

  private static byte[] readBytes(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_FILE_SIZE + 1);
      if (bytes.length > MAX_FILE_SIZE) {
        throw new IdentityFileException(
            "identity file " + file + " is larger than " + MAX_FILE_SIZE + " bytes");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new IdentityFileException("identity file " + file + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new IdentityFileException("identity file " + file + " is not readable", e);
    } catch (IOException e) {
      throw new IdentityFileException("cannot read identity file " + file + ": " + e, e);
    }
  }

  private static void writeNew(Path file, byte[] content) throws FileAlreadyExistsException {
    Path target = file.toAbsolutePath();
    Path dir = Objects.requireNonNull(target.getParent(), "a key file, not the root directory");
    Path temp = null;
    try {
      if (Files.exists(target)) {
        throw new FileAlreadyExistsException(target.toString());
      }
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", ownerOnly(dir));
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      // Without REPLACE_EXISTING the move fails rather than replace a file created meanwhile.
      Files.move(temp, target);
      temp = null;
      syncDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (IOException e) {
      throw new IdentityFileException("cannot write identity file " + file + ": " + e, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          LOG.warn("could not delete temporary file {}", temp, e);
        }
      }
    }
  }

  private static FileAttribute<?>[] ownerOnly(Path dir) {
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)};
    }
    return new FileAttribute<?>[0];
  }

  /** Makes the rename durable where the platform lets a directory be synced (Linux does). */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("could not sync directory {}", dir, e);
    }
  }

  private static void warnIfOthersCanRead(Path file) {
    if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      permissions.removeAll(OWNER_ONLY);
      permissions.remove(PosixFilePermission.OWNER_EXECUTE);
      if (!permissions.isEmpty()) {
        LOG.warn(
            "identity file {} is accessible to others ({}); it should be mode 0600",
            file,
            PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      }
    } catch (IOException e) {
      LOG.debug("could not read the permissions of {}", file, e);
    }
  }
}
