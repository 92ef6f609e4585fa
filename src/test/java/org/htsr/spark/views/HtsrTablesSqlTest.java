package org.htsr.spark.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htsr.table.Tables;
import org.junit.jupiter.api.Test;

/**
 * jobs/htsr-tables.sql against the code it mirrors, so the two cannot drift apart: a raw table, a
 * repair and a committed-rows view for every table the jobs write in batches ({@link Tables#BATCH_TABLES}),
 * the runs table, and the experiment views with the SQL {@link ExperimentViews} registers.
 */
class HtsrTablesSqlTest {

  private static final Path FILE = Path.of("jobs/htsr-tables.sql");

  @Test
  void registersEveryTableTheJobsWrite() throws IOException {
    String sql = Files.readString(FILE);
    Set<String> raw = new LinkedHashSet<>();
    Matcher m = Pattern.compile("CREATE TABLE IF NOT EXISTS htsr_(\\w+)_all\\s+USING parquet LOCATION '/path/to/out/(\\w+)';").matcher(sql);
    while (m.find()) {
      assertEquals(m.group(1), m.group(2), "htsr_" + m.group(1) + "_all reads the directory of its table");
      raw.add(m.group(1));
    }
    assertEquals(Set.copyOf(Tables.BATCH_TABLES), raw);
    assertEquals(Set.copyOf(Tables.BATCH_TABLES), all(sql, "MSCK REPAIR TABLE htsr_(\\w+)_all;"));
    assertTrue(all(sql, "CREATE OR REPLACE VIEW (\\w+) AS").containsAll(Tables.BATCH_TABLES));
    assertTrue(sql.matches("(?s).*CREATE TABLE IF NOT EXISTS " + Tables.RUNS + "\\s+USING parquet LOCATION '/path/to/out/" + Tables.RUNS + "';.*"));
  }

  @Test
  void holdsTheExperimentViewsAsTheJobsRegisterThem() throws IOException {
    String sql = Files.readString(FILE);
    for (Map.Entry<String, String> view : ExperimentViews.PLAIN_VIEWS.entrySet()) {
      Matcher m = Pattern.compile("CREATE OR REPLACE VIEW " + view.getKey() + " AS([^;]*);").matcher(sql);
      assertTrue(m.find(), "jobs/htsr-tables.sql lacks the view " + view.getKey());
      assertEquals(normalised(view.getValue()), normalised(m.group(1)), view.getKey());
    }
  }

  private static Set<String> all(String text, String regex) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** Line breaks and indentation are the file's layout, not its meaning. */
  private static String normalised(String sql) {
    return sql.strip().replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")");
  }
}
