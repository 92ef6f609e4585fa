package org.htsr.spark;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Version and build commit of htsr, from resources written by the build. */
final class Provenance {

  private Provenance() {}

  static String version() {
    String v = Provenance.class.getPackage().getImplementationVersion();
    return v != null ? v : load("/htsr-version.properties").getProperty("version", "unknown");
  }

  /** The git commit the build was made from, or null when the build had no git metadata. */
  static String gitCommit() {
    Properties p = load("/git.properties");
    String id = p.getProperty("git.commit.id");
    if (id == null) {
      return null;
    }
    return "true".equals(p.getProperty("git.dirty")) ? id + "-dirty" : id;
  }

  private static Properties load(String resource) {
    Properties p = new Properties();
    try (InputStream in = Provenance.class.getResourceAsStream(resource)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException unreadable) {
      // provenance is best effort: a missing file leaves the fields unknown
    }
    return p;
  }
}
