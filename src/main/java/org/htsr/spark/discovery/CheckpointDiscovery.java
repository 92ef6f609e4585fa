package org.htsr.spark.discovery;

import org.htsr.spark.hadoop.HadoopInputFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Finds checkpoints under the inputs (files, directories walked recursively, globs; paths or
 * URIs). Headers are not read here. Rules:
 *
 * <ul>
 *   <li>A file named as an input is a checkpoint candidate whatever its name.
 *   <li>In a walked directory, files with a checkpoint extension are candidates; other files
 *       (README, config.json, …) are ignored and counted; hidden entries ({@code .x}, {@code _x})
 *       and the output directory are not walked.
 *   <li>An index file ({@code *.index.json}) makes one checkpoint of itself and the shards its
 *       {@code weight_map} names; those shards are not checkpoints of their own.
 *   <li>Local trees: only regular files are candidates (a FIFO would block the run that opens
 *       it); symbolic links are resolved and followed only while they stay inside the input
 *       tree; links that dangle, loop or leave the tree, special files and names that are not
 *       valid in the platform's encoding are skipped and counted, each with its reason.
 * </ul>
 */
public final class CheckpointDiscovery {

  // DOTALL: a file name may hold a newline
  private static final Pattern CHECKPOINT_FILE = Pattern.compile(
      "(?is).*\\.(safetensors|pt|pth|bin|ckpt|npz|npy|onnx|h5|hdf5|keras)$");
  private static final Pattern INDEX_FILE = Pattern.compile("(?is).*\\.index\\.json$");
  private static final Pattern GLOB = Pattern.compile("[*?\\[{]");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Configuration conf;
  private final CheckpointNaming naming;
  private final String excludedRoot;
  private final LocalListing localListing;

  /** How local ({@code file:}) directories are listed. */
  enum LocalListing {
    /** Directory by directory with {@code listStatus}: no forked process per entry (the default). */
    DIRECTORY_WALK,
    /** Hadoop's recursive {@code listFiles}, as for every other file system (tests compare the two). */
    HADOOP_LIST_FILES
  }

  /**
   * @param excludedRoot a qualified directory never walked (the tables' own output)
   */
  public CheckpointDiscovery(Configuration conf, CheckpointNaming naming, String excludedRoot) {
    this(conf, naming, excludedRoot, LocalListing.DIRECTORY_WALK);
  }

  CheckpointDiscovery(Configuration conf, CheckpointNaming naming, String excludedRoot, LocalListing localListing) {
    this.conf = conf;
    this.naming = naming;
    this.excludedRoot = excludedRoot;
    this.localListing = localListing;
  }

  /** The checkpoints under {@code inputs}, each once, in a stable order. */
  public Result discover(List<String> inputs) {
    Map<String, FileStatus> explicit = new LinkedHashMap<>();
    Map<String, FileStatus> walked = new LinkedHashMap<>();
    int[] ignored = {0};
    skipped.clear();
    List<String> missing = new ArrayList<>();
    for (String input : inputs) {
      try {
        Path path = new Path(input);
        FileSystem fs = path.getFileSystem(conf);
        FileStatus[] matches = GLOB.matcher(input).find()
            ? fs.globStatus(path)
            : (fs.exists(path) ? new FileStatus[] {fs.getFileStatus(path)} : null);
        if (matches == null || matches.length == 0) {
          missing.add(input);
          continue;
        }
        for (FileStatus status : matches) {
          if (status.isDirectory()) {
            walk(fs, status.getPath(), walked, ignored);
          } else {
            explicit.put(status.getPath().toString(), status);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list input " + input + ": " + e.getMessage(), e);
      }
    }
    Map<String, FileStatus> files = new LinkedHashMap<>(walked);
    files.putAll(explicit);
    return new Result(group(files), ignored[0], missing, List.copyOf(skipped));
  }

  /** Entries of the current walk skipped by the rules for special files and links, with why. */
  private final List<String> skipped = new ArrayList<>();

  private void walk(FileSystem fs, Path dir, Map<String, FileStatus> out, int[] ignored) throws IOException {
    String qualifiedDir = fs.makeQualified(dir).toString();
    if (qualifiedDir.equals(excludedRoot)) {
      return;
    }
    if (localListing == LocalListing.DIRECTORY_WALK && walksDirectories(fs)) {
      walkDirectories(fs, fs.makeQualified(dir), out, ignored);
      return;
    }
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
    while (it.hasNext()) {
      LocatedFileStatus f = it.next();
      String path = f.getPath().toString();
      String relative = path.substring(Math.min(path.length(), qualifiedDir.length()));
      if (isHidden(relative) || path.startsWith(excludedRoot + "/")) {
        continue;
      }
      consider(f, out, ignored);
    }
  }

  /**
   * Local files are walked directory by directory with plain {@code listStatus}: Hadoop's
   * recursive {@code listFiles} builds a {@code LocatedFileStatus} per entry, whose owner and
   * permission the local file system reads by forking {@code ls -ld} when Hadoop's native library is
   * absent (the usual case): two processes per checkpoint, 76 s for 10,000 files on a 2-core machine
   * (docs/benchmarks.md C.2). Object stores keep {@code listFiles}, which they serve with flat
   * listings. Hidden directories and the output are not entered at all.
   */
  static boolean walksDirectories(FileSystem fs) {
    return "file".equals(fs.getScheme());
  }

  private void walkDirectories(FileSystem fs, Path root, Map<String, FileStatus> out, int[] ignored) throws IOException {
    java.nio.file.Path rootPath = java.nio.file.Path.of(root.toUri());
    java.nio.file.Path realRoot = rootPath.toRealPath();
    java.util.ArrayDeque<java.nio.file.Path> pending = new java.util.ArrayDeque<>();
    // each real directory once: a symbolic link back up the tree must not make the walk endless
    Set<java.nio.file.Path> entered = new HashSet<>();
    pending.push(rootPath);
    while (!pending.isEmpty()) {
      java.nio.file.Path dir = pending.pop();
      if (!entered.add(dir.toRealPath())) {
        continue;
      }
      // java.nio, not Hadoop's listStatus: that one drops dangling links without a word, and
      // reports FIFOs as files
      List<java.nio.file.Path> entries = new ArrayList<>();
      try (java.nio.file.DirectoryStream<java.nio.file.Path> stream = java.nio.file.Files.newDirectoryStream(dir)) {
        stream.forEach(entries::add);
      } catch (IOException | java.nio.file.DirectoryIteratorException e) {
        skipped.add(dir + ": cannot be listed: " + e.getMessage());
        continue;
      }
      entries.sort(java.util.Comparator.comparing(java.nio.file.Path::toString)); // a stable, depth-first walk
      List<java.nio.file.Path> dirs = new ArrayList<>();
      for (java.nio.file.Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.startsWith(".") || name.startsWith("_")) {
          continue;
        }
        if (!java.nio.file.Files.exists(java.nio.file.Path.of(entry.toString()), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          // the name's bytes do not decode in the platform's encoding: no String can name it
          skipped.add(entry + ": its name is not valid " + System.getProperty("sun.jnu.encoding", "UTF-8")
              + " (rename the file to read it)");
          continue;
        }
        java.nio.file.attribute.BasicFileAttributes attributes = attributes(entry, realRoot);
        if (attributes == null) {
          continue;
        }
        if (attributes.isDirectory()) {
          if (!qualified(fs, entry).equals(excludedRoot)) {
            dirs.add(entry);
          }
        } else if (attributes.isRegularFile()) {
          consider(new FileStatus(attributes.size(), false, 1, 0, attributes.lastModifiedTime().toMillis(),
              new Path(qualified(fs, entry))), out, ignored);
        } else {
          skipped.add(entry + ": not a regular file (a FIFO, socket or device)");
        }
      }
      for (int i = dirs.size() - 1; i >= 0; i--) {
        pending.push(dirs.get(i));
      }
    }
  }

  /**
   * The entry's attributes, a link's those of its target; null (and the entry counted as
   * skipped) for a link that dangles, loops or leads out of the input tree.
   */
  private java.nio.file.attribute.BasicFileAttributes attributes(java.nio.file.Path entry, java.nio.file.Path realRoot)
      throws IOException {
    java.nio.file.attribute.BasicFileAttributes own = java.nio.file.Files.readAttributes(
        entry, java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    if (!own.isSymbolicLink()) {
      return own;
    }
    java.nio.file.Path target;
    try {
      target = entry.toRealPath();
    } catch (IOException e) {
      skipped.add(entry + ": a dangling or looping symbolic link (" + e.getMessage() + ")");
      return null;
    }
    if (!target.startsWith(realRoot)) {
      skipped.add(entry + ": a symbolic link to " + target + ", outside the input tree " + realRoot);
      return null;
    }
    return java.nio.file.Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class);
  }

  private static String qualified(FileSystem fs, java.nio.file.Path entry) {
    return fs.makeQualified(new Path(entry.toAbsolutePath().toString())).toString();
  }

  private static void consider(FileStatus f, Map<String, FileStatus> out, int[] ignored) {
    String name = f.getPath().getName();
    if (CHECKPOINT_FILE.matcher(name).matches() || INDEX_FILE.matcher(name).matches()) {
      out.put(f.getPath().toString(), f);
    } else {
      ignored[0]++;
    }
  }

  private static boolean isHidden(String relative) {
    for (String part : relative.split("/")) {
      if (part.startsWith(".") || part.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  /** Index files absorb their shards; every other file is a checkpoint of its own. */
  private List<CheckpointRef> group(Map<String, FileStatus> files) {
    Set<String> shards = new HashSet<>();
    List<CheckpointRef> refs = new ArrayList<>();
    Map<String, List<FileStatus>> indexShards = new LinkedHashMap<>();
    for (FileStatus f : files.values()) {
      if (INDEX_FILE.matcher(f.getPath().getName()).matches()) {
        List<FileStatus> parts = new ArrayList<>();
        for (String shard : shardNames(f)) {
          Path p = new Path(f.getPath().getParent(), shard);
          String key = p.toString();
          if (INDEX_FILE.matcher(p.getName()).matches()) {
            // an index naming itself (or another index) as a shard: never absorbed, so that it is
            // still a checkpoint and its reader reports the bad shard as a failures row
            continue;
          }
          shards.add(key);
          FileStatus s = files.get(key);
          if (s != null) {
            parts.add(s);
          }
        }
        indexShards.put(f.getPath().toString(), parts);
      }
    }
    absorbOnnxExternalData(files, shards, indexShards);
    for (FileStatus f : files.values()) {
      String key = f.getPath().toString();
      if (shards.contains(key)) {
        continue;
      }
      List<FileStatus> parts = indexShards.getOrDefault(key, List.of());
      long bytes = f.getLen();
      long modified = f.getModificationTime();
      for (FileStatus s : parts) {
        bytes += s.getLen();
        modified = Math.max(modified, s.getModificationTime());
      }
      CheckpointNaming.Naming n = naming.name(key, INDEX_FILE.matcher(f.getPath().getName()).matches() && indexShards.containsKey(key));
      List<String> own = new ArrayList<>();
      own.add(key);
      parts.stream().map(FileStatus::getPath).sorted().forEach(p -> own.add(p.toString()));
      refs.add(new CheckpointRef(key, own, bytes, modified, n.model(), n.step(), null));
    }
    refs.sort((a, b) -> a.uri().compareTo(b.uri()));
    return refs;
  }

  /**
   * ONNX external-data files ({@code weights.bin} beside {@code model.onnx}) belong to their model
   * like shards to an index: they are not checkpoints of their own (each would be a failures row
   * on every run). Only local models with other candidates in their directory are read for this
   * (a memory-mapped parse of the model's structure).
   */
  private void absorbOnnxExternalData(Map<String, FileStatus> files, Set<String> shards, Map<String, List<FileStatus>> parts) {
    Map<String, Integer> perDirectory = new HashMap<>();
    for (FileStatus f : files.values()) {
      perDirectory.merge(f.getPath().getParent().toString(), 1, Integer::sum);
    }
    for (FileStatus f : files.values()) {
      String name = f.getPath().getName().toLowerCase(java.util.Locale.ROOT);
      if (!name.endsWith(".onnx") || perDirectory.get(f.getPath().getParent().toString()) < 2
          || !"file".equals(f.getPath().toUri().getScheme())) {
        // local models only: a remote one would be read whole, onto the driver's heap
        continue;
      }
      String key = f.getPath().toString();
      List<FileStatus> own = new ArrayList<>();
      for (String relative : org.htsr.io.onnx.OnnxFormat.externalDataFiles(key, new HadoopInputFiles(conf))) {
        String sibling = new Path(f.getPath().getParent(), relative).toString();
        FileStatus s = files.get(sibling);
        if (s != null && !sibling.equals(key)) {
          shards.add(sibling);
          own.add(s);
        }
      }
      if (!own.isEmpty()) {
        parts.put(key, own);
      }
    }
  }

  /** Shard file names of an index file; none when it cannot be read (the reader reports it). */
  private List<String> shardNames(FileStatus index) {
    try (InputStream in = index.getPath().getFileSystem(conf).open(index.getPath())) {
      if (index.getLen() > 64L << 20) {
        return List.of();
      }
      JsonNode map = JSON.readTree(in).path("weight_map");
      Set<String> names = new java.util.LinkedHashSet<>();
      map.elements().forEachRemaining(v -> {
        if (v.isTextual()) {
          names.add(v.asText());
        }
      });
      return List.copyOf(names);
    } catch (IOException unreadable) {
      // a malformed index is reported by its reader as a failures row; here it just owns no shards
      return List.of();
    }
  }

  /**
   * @param checkpoints what was found
   * @param ignoredFiles files in walked directories without a checkpoint extension
   * @param missingInputs inputs that matched nothing
   * @param skippedEntries special files, links that dangle, loop or leave the input tree, and
   *     unreadable names, each as "path: why"
   */
  public record Result(List<CheckpointRef> checkpoints, int ignoredFiles, List<String> missingInputs, List<String> skippedEntries) {}
}
