package org.htsr.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One writer at a time per output directory: {@code out/_lock}, created atomically, holds the
 * owner's run id, host, pid and start time, and its modification time is a heartbeat refreshed
 * every {@link #HEARTBEAT}. A lock is abandoned when its owner process is gone (same host) or its
 * heartbeat is older than {@link #STALE} (another host); an abandoned lock is taken over.
 * Atomic creation holds on local file systems and HDFS; on S3 (no atomic create) run one
 * scheduler per output.
 */
public final class TablesLock implements AutoCloseable {

  public static final Duration HEARTBEAT = Duration.ofSeconds(30);
  public static final Duration STALE = Duration.ofMinutes(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileSystem fs;
  private final Path path;
  private final ScheduledExecutorService heartbeat;

  private TablesLock(FileSystem fs, Path path, ScheduledExecutorService heartbeat) {
    this.fs = fs;
    this.path = path;
    this.heartbeat = heartbeat;
  }

  /** Who holds the tables. */
  public record Owner(String runId, String host, long pid, String startedAt) {
    public String describe() {
      return "run " + runId + " (pid " + pid + " on " + host + ", since " + startedAt + ")";
    }
  }

  /** Thrown when a live run holds the lock. */
  public static final class HeldException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Owner owner;

    HeldException(Path path, Owner owner) {
      super(path + " is held by " + owner.describe());
      this.owner = owner;
    }

    public Owner owner() {
      return owner;
    }
  }

  static TablesLock acquire(FileSystem fs, Path root, String runId) throws HeldException {
    Path path = new Path(root, "_lock");
    try {
      Optional<Owner> current = owner(fs, path);
      if (current.isPresent()) {
        if (!abandoned(fs, path, current.get())) {
          throw new HeldException(path, current.get());
        }
        fs.delete(path, false);
      }
      ObjectNode node = JSON.createObjectNode();
      node.put("run_id", runId);
      node.put("host", host());
      node.put("pid", ProcessHandle.current().pid());
      node.put("started_at", Instant.now().toString());
      try (OutputStream out = fs.create(path, false)) {
        JSON.writeValue(out, node);
      } catch (FileAlreadyExistsException raced) {
        throw new HeldException(path, owner(fs, path).orElse(new Owner("?", "?", -1, "?")));
      }
      ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "htsr-lock-heartbeat");
        t.setDaemon(true);
        return t;
      });
      beat.scheduleAtFixedRate(() -> touch(fs, path), HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
      return new TablesLock(fs, path, beat);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the lock " + path, e);
    }
  }

  private static boolean abandoned(FileSystem fs, Path path, Owner owner) throws IOException {
    if (owner.host().equals(host())) {
      return ProcessHandle.of(owner.pid()).map(p -> !p.isAlive()).orElse(true);
    }
    FileStatus status = fs.getFileStatus(path);
    return Instant.ofEpochMilli(status.getModificationTime()).plus(STALE).isBefore(Instant.now());
  }

  static Optional<Owner> owner(FileSystem fs, Path path) throws IOException {
    if (!fs.exists(path)) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(path)) {
      JsonNode n = JSON.readTree(in);
      return Optional.of(new Owner(n.path("run_id").asText("?"), n.path("host").asText("?"), n.path("pid").asLong(-1), n.path("started_at").asText("?")));
    } catch (com.fasterxml.jackson.core.JsonProcessingException unreadable) {
      // a lock whose owner cannot be read was cut short while being written: nobody holds it
      return Optional.of(new Owner("?", host(), -1, "?"));
    }
  }

  private static void touch(FileSystem fs, Path path) {
    try {
      fs.setTimes(path, System.currentTimeMillis(), -1);
    } catch (IOException missed) {
      // a missed heartbeat only makes the lock look older; the next one retries
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      fs.delete(path, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the lock " + path, e);
    }
  }
}
