package org.htsr.spark.run;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/** What one task produced: rows for three tables and the driver's summaries. */
record TaskOutcome(List<Row> layers, List<Row> esd, List<Row> failures, List<LayerSummary> summaries)
    implements Serializable {}
