package org.htsr.table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file://}, checksummed as usual) without one forked process per
 * permission: when Hadoop's native library is absent (the usual case outside Hadoop clusters),
 * {@link RawLocalFileSystem} sets a permission by running {@code chmod} and reads one by running
 * {@code ls -ld}. Spark's Parquet writes set a permission on every file, checksum file and
 * directory they create (about 50 processes per committed batch of htsr's four tables), and
 * Spark's file listing reads the permission of every file it lists. On a loaded 2-core machine a
 * fork from a multi-GB JVM costs 5–10 ms (docs/benchmarks.md C.2). Here both go through
 * {@code java.nio}'s POSIX attributes instead: the same bits, owner and group, no process.
 *
 * <p>htsr's Spark sessions use it for the {@code file} scheme ({@code spark.hadoop.fs.file.impl},
 * set by {@code SparkSessions} unless configured). Where POSIX attributes are not supported it
 * falls back to Hadoop's own behaviour.
 */
public final class ForklessLocalFileSystem extends LocalFileSystem {

  public ForklessLocalFileSystem() {
    super(new Raw());
  }

  /** The raw (unchecksummed) layer with java.nio permissions. */
  public static final class Raw extends RawLocalFileSystem {

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission.toShort()));
      } catch (UnsupportedOperationException notPosix) {
        super.setPermission(p, permission);
      }
    }

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
      return withAttributes(super.getFileStatus(f));
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
      FileStatus[] statuses = super.listStatus(f);
      if (statuses == null) {
        return null;
      }
      FileStatus[] out = new FileStatus[statuses.length];
      for (int i = 0; i < statuses.length; i++) {
        out[i] = withAttributes(statuses[i]);
      }
      return out;
    }

    /**
     * The status with owner, group and permission read now through java.nio (one stat), instead of
     * Hadoop's lazy {@code ls -ld} on first use; as is when the file vanished or POSIX attributes
     * are unsupported.
     */
    private FileStatus withAttributes(FileStatus s) throws IOException {
      PosixFileAttributes a;
      try {
        a = Files.readAttributes(pathToFile(s.getPath()).toPath(), PosixFileAttributes.class);
      } catch (UnsupportedOperationException | IOException gone) {
        return s;
      }
      return new FileStatus(s.getLen(), s.isDirectory(), s.getReplication(), s.getBlockSize(), s.getModificationTime(),
          s.getAccessTime(), new FsPermission(bits(a.permissions())), a.owner().getName(), a.group().getName(),
          null, s.getPath());
    }
  }

  private static final PosixFilePermission[] ORDER = {
    PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
    PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
  };

  /** The nine rwx bits of {@code mode} (sticky and set-id bits are not settable through java.nio and are dropped). */
  static Set<PosixFilePermission> posix(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < ORDER.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        out.add(ORDER[bit]);
      }
    }
    return out;
  }

  static short bits(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (int bit = 0; bit < ORDER.length; bit++) {
      if (permissions.contains(ORDER[bit])) {
        mode |= 1 << bit;
      }
    }
    return (short) mode;
  }
}
