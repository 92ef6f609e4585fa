package org.htsr.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Opens a page in headless Chromium and takes a screenshot: the check that a report renders in a
 * real browser. Without Chromium the check is skipped with one line naming the missing browser (the
 * test's other assertions have run by then), so a fresh machine with Java and Maven passes; where
 * {@code -Dhtsr.require-browser=true} says it is required (.ci/run), a missing browser fails.
 */
public final class HeadlessChromium {

  /** Where Chromium is looked for, first found wins. */
  static final List<Path> CANDIDATES = List.of(
      Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"), Path.of("/usr/bin/google-chrome"));
  /** Set (to true) where the browser check must run: a missing browser is then an error. */
  public static final String REQUIRED = "htsr.require-browser";

  private HeadlessChromium() {}

  /**
   * Screenshots {@code page} into {@code work}/shot.png and asserts that Chromium exited 0, the
   * screenshot decodes, and the browser log names no script error or missing resource.
   *
   * @return the screenshot
   */
  public static Path screenshot(Path page, Path work) throws IOException, InterruptedException {
    Path binary = binary();
    Path shot = work.resolve("shot.png");
    Path profile = Files.createDirectories(work.resolve("profile"));
    Path log = work.resolve("chromium.log");
    Process p = new ProcessBuilder(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile, "--screenshot=" + shot,
            "--window-size=1400,2000", page.toUri().toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = p.waitFor(180, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(done, "chromium did not finish in 180 s:\n" + output);
    assertEquals(0, p.exitValue(), output);
    assertFalse(output.contains("Uncaught"), output);
    assertFalse(output.contains("Failed to load resource"), output);
    assertTrue(Files.isRegularFile(shot), "no screenshot:\n" + output);
    BufferedImage image = ImageIO.read(shot.toFile());
    assertNotNull(image, "screenshot does not decode");
    assertEquals(1400, image.getWidth());
    return shot;
  }

  /** The browser, or: a failure when it is required, else the test is skipped with one line. */
  private static Path binary() {
    java.util.Optional<Path> found = CANDIDATES.stream().filter(Files::isExecutable).findFirst();
    if (found.isPresent()) {
      return found.get();
    }
    String missing = "Chromium not found (" + CANDIDATES.get(0) + ")";
    if (Boolean.getBoolean(REQUIRED)) {
      org.junit.jupiter.api.Assertions.fail(missing + ", and -D" + REQUIRED + "=true requires the browser check: apt-get install -y chromium");
    }
    String message = missing + ": the browser check is skipped; install it with apt-get install -y chromium";
    System.err.println("htsr test: " + message);
    org.junit.jupiter.api.Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }
}
