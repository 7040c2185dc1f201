package org.subnetp2p.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A Docker build context written as a tar file. Entries are sorted and carry no timestamps or
 * owners, so equal content gives an equal {@link #sha256()}: the image tag, and the cache key.
 */
final class BuildContext implements AutoCloseable {
  private sealed interface Entry permits FileEntry, BytesEntry, DirEntry, LinkEntry {}

  private record FileEntry(Path source, int mode) implements Entry {}

  private record BytesEntry(byte[] content, int mode) implements Entry {}

  private record DirEntry(int mode) implements Entry {}

  private record LinkEntry(String target) implements Entry {}

  private final TreeMap<String, Entry> entries = new TreeMap<>();
  private Path tar;
  private String sha256;

  /** A text file, e.g. the Dockerfile. */
  BuildContext text(String name, String content) {
    entries.put(name, new BytesEntry(content.getBytes(StandardCharsets.UTF_8), 0644));
    return this;
  }

  /** An empty directory; {@code 01777} for /tmp. */
  BuildContext dir(String name, int mode) {
    entries.put(name + "/", new DirEntry(mode));
    return this;
  }

  /** One file (symlinks followed), executable if the source is. */
  BuildContext file(String name, Path source) {
    Path real = realPath(source);
    entries.put(name, new FileEntry(real, Files.isExecutable(real) ? 0755 : 0644));
    return this;
  }

  /** A directory tree; symlinks inside it stay symlinks (node_modules/.bin). */
  BuildContext tree(String prefix, Path root, Predicate<Path> include) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(include).toList()) {
        String name = prefix + "/" + root.relativize(p).toString().replace('\\', '/');
        if (Files.isSymbolicLink(p)) {
          entries.put(name, new LinkEntry(Files.readSymbolicLink(p).toString()));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          entries.put(name + "/", new DirEntry(0755));
        } else {
          entries.put(name, new FileEntry(p, Files.isExecutable(p) ? 0755 : 0644));
        }
      }
    }
    return this;
  }

  /** Writes the tar (once) and returns it. */
  Path tar() throws IOException {
    if (tar == null) {
      write();
    }
    return tar;
  }

  /** The hex SHA-256 of the tar. */
  String sha256() throws IOException {
    tar();
    return sha256;
  }

  private void write() throws IOException {
    Path file = Files.createTempFile("subnet-it-context", ".tar");
    MessageDigest digest = sha256Digest();
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest);
        TarArchiveOutputStream tarOut = new TarArchiveOutputStream(out)) {
      tarOut.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tarOut.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (var e : entries.entrySet()) {
        writeEntry(tarOut, e.getKey(), e.getValue());
      }
    }
    this.tar = file;
    this.sha256 = HexFormat.of().formatHex(digest.digest());
  }

  private static void writeEntry(TarArchiveOutputStream out, String name, Entry entry)
      throws IOException {
    TarArchiveEntry tarEntry =
        switch (entry) {
          case LinkEntry link -> {
            TarArchiveEntry t = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            t.setLinkName(link.target());
            yield t;
          }
          default -> new TarArchiveEntry(name);
        };
    tarEntry.setModTime(0);
    tarEntry.setIds(0, 0);
    tarEntry.setNames("", "");
    switch (entry) {
      case DirEntry d -> tarEntry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | d.mode());
      case FileEntry f -> {
        tarEntry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | f.mode());
        tarEntry.setSize(Files.size(f.source()));
      }
      case BytesEntry b -> {
        tarEntry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | b.mode());
        tarEntry.setSize(b.content().length);
      }
      case LinkEntry l -> {}
    }
    out.putArchiveEntry(tarEntry);
    switch (entry) {
      case FileEntry f -> Files.copy(f.source(), out);
      case BytesEntry b -> out.write(b.content());
      default -> {}
    }
    out.closeArchiveEntry();
  }

  @Override
  public void close() throws IOException {
    if (tar != null) {
      Files.deleteIfExists(tar);
    }
  }

  private static Path realPath(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
