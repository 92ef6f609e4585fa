package org.htsr.io;

/**
 * A checkpoint that cannot be decoded: an expected, user-facing error. The message names the
 * file, the tensor (when one is concerned) and the problem.
 */
public final class CheckpointFormatException extends Exception {

  /** What is wrong, as a stable code for the {@code failures} table. */
  public enum Problem {
    /** The file is shorter than its header says. */
    TRUNCATED,
    /** No known format's magic bytes. */
    UNKNOWN_FORMAT,
    /** A header larger than the reader accepts. */
    HEADER_TOO_LARGE,
    /** A header that does not parse, or lacks a required field. */
    BAD_HEADER,
    /** A dtype no reader knows. */
    UNKNOWN_DTYPE,
    /** A shape whose size disagrees with the stored byte span. */
    SHAPE_MISMATCH,
    /** Bytes outside the data section or the file. */
    OUT_OF_RANGE,
    /** Two tensors claim the same bytes. */
    OVERLAP,
    /** A tensor too large to hold in memory. */
    TOO_LARGE,
    /** NaN or infinite values. */
    NON_FINITE,
    /** Something the format allows but htsr does not decode. */
    UNSUPPORTED,
    /**
     * A pickle that names a global outside the allowlist (os.system, builtins.eval, any class) or
     * asks to call or build one: refused before anything is constructed, never executed.
     */
    FORBIDDEN_GLOBAL,
    /** The file could not be read at all. */
    IO
  }

  private static final long serialVersionUID = 1L;

  private final String file;
  private final String tensor;
  private final Problem problem;

  public CheckpointFormatException(String file, String tensor, Problem problem, String detail) {
    super(message(file, tensor, problem, detail));
    this.file = file;
    this.tensor = tensor;
    this.problem = problem;
  }

  public CheckpointFormatException(
      String file, String tensor, Problem problem, String detail, Throwable cause) {
    super(message(file, tensor, problem, detail), cause);
    this.file = file;
    this.tensor = tensor;
    this.problem = problem;
  }

  private static String message(String file, String tensor, Problem problem, String detail) {
    String where = tensor == null ? file : file + ", tensor '" + tensor + "'";
    return where + ": " + problem.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
        + ": " + detail;
  }

  /** The file concerned. */
  public String file() {
    return file;
  }

  /** The tensor concerned, or null when the problem is the file's. */
  public String tensor() {
    return tensor;
  }

  public Problem problem() {
    return problem;
  }
}
