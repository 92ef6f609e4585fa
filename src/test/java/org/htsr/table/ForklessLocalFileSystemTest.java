package org.htsr.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same permissions, owners and groups as Hadoop's local file system, set and read without processes. */
class ForklessLocalFileSystemTest {

  @TempDir java.nio.file.Path work;

  @Test
  void setsAndReadsWhatHadoopsLocalFileSystemDoes() throws Exception {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", ForklessLocalFileSystem.class.getName());
    try (FileSystem fs = FileSystem.newInstance(URI.create("file:///"), conf);
        RawLocalFileSystem plain = new RawLocalFileSystem()) {
      plain.initialize(URI.create("file:///"), new Configuration());
      assertInstanceOf(ForklessLocalFileSystem.class, fs);

      Path dir = new Path(work.resolve("tables/layers").toUri());
      assertTrue(fs.mkdirs(dir, new FsPermission((short) 0750)));
      assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("tables/layers"))));

      Path file = new Path(dir, "part-0.parquet");
      try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0640), true, 4096, (short) 1, 1 << 20, null)) {
        out.write(new byte[] {1, 2, 3});
      }
      assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("tables/layers/part-0.parquet"))));
      assertTrue(Files.exists(work.resolve("tables/layers/.part-0.parquet.crc")), "still checksummed like LocalFileSystem");

      fs.setPermission(file, new FsPermission((short) 0604));
      FileStatus mine = fs.getFileStatus(file);
      FileStatus theirs = plain.getFileStatus(file);
      assertEquals(theirs.getPermission(), mine.getPermission());
      assertEquals((short) 0604, mine.getPermission().toShort());
      assertEquals(theirs.getOwner(), mine.getOwner());
      assertEquals(theirs.getGroup(), mine.getGroup());
      assertEquals(theirs.getLen(), mine.getLen());
      assertEquals(theirs.getModificationTime(), mine.getModificationTime());
      assertEquals(theirs.isDirectory(), mine.isDirectory());

      FileStatus[] listed = fs.listStatus(dir);
      FileStatus[] expected = plain.listStatus(dir);
      Arrays.sort(expected, Comparator.comparing(FileStatus::getPath));
      // the checksum file is hidden by the checksummed layer, as with LocalFileSystem
      assertEquals(1, listed.length);
      FileStatus same = Arrays.stream(expected).filter(s -> s.getPath().getName().equals("part-0.parquet")).findFirst().orElseThrow();
      assertEquals(same.getPath(), listed[0].getPath());
      assertEquals(same.getPermission(), listed[0].getPermission());
      assertEquals(same.getOwner(), listed[0].getOwner());
      assertArrayEquals(new String[] {same.getGroup()}, new String[] {listed[0].getGroup()});
      assertEquals(plain.getFileStatus(dir).getPermission(), fs.getFileStatus(dir).getPermission());
    }
  }

  @Test
  void modeBitsRoundTrip() {
    for (int mode = 0; mode < 512; mode++) {
      assertEquals(mode, ForklessLocalFileSystem.bits(ForklessLocalFileSystem.posix(mode)));
    }
  }
}
