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
 * real browser. Chromium is required (CI installs it, .ci/run): without it the check fails rather
 * than skipping, so a machine that cannot run it never passes silently.
 */
public final class HeadlessChromium {

  public static final Path BINARY = Path.of("/usr/bin/chromium");

  private HeadlessChromium() {}

  /**
   * Screenshots {@code page} into {@code work}/shot.png and asserts that Chromium exited 0, the
   * screenshot decodes, and the browser log names no script error or missing resource.
   *
   * @return the screenshot
   */
  public static Path screenshot(Path page, Path work) throws IOException, InterruptedException {
    assertTrue(Files.isExecutable(BINARY), BINARY + " is missing: install it (apt-get install -y chromium) to run the browser check");
    Path shot = work.resolve("shot.png");
    Path profile = Files.createDirectories(work.resolve("profile"));
    Path log = work.resolve("chromium.log");
    Process p = new ProcessBuilder(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
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
}
