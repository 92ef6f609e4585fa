package org.htsr.report;

import java.time.Instant;

/** One row of the {@code runs} table. */
public record RunRow(String runId, Instant startedAt, Instant endedAt, String status, String inputs, String config, String htsrVersion) {}
