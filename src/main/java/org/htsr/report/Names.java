package org.htsr.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * File names and HTML anchors for checkpoints, layers and models: a readable slug plus a short
 * hash of the full identity, so two checkpoints with the same label never share a file.
 */
final class Names {

  private static final int SLUG_LENGTH = 48;

  private Names() {}

  static String checkpoint(CheckpointRow c) {
    return slug(c.label()) + "-" + hash(c.checkpoint());
  }

  static String layer(String checkpointName, LayerKey key) {
    return checkpointName + "-l" + key.layerIndex() + (key.slice() == null ? "" : "s" + key.slice());
  }

  static String model(String model) {
    return "model-" + slug(model) + "-" + hash(model);
  }

  static String slug(String text) {
    String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return s.length() > SLUG_LENGTH ? s.substring(0, SLUG_LENGTH) : s;
  }

  /** First 8 hex digits of the SHA-256 of {@code text}. */
  static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
