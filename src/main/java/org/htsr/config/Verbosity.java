package org.htsr.config;

/** How much a job says about an error: one line, or everything ({@code --verbose}). */
public enum Verbosity {
  BRIEF,
  VERBOSE
}
