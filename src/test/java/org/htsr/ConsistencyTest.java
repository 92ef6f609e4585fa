package org.htsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htsr.config.ConfigKey;
import org.htsr.config.ConfigKeys;
import org.junit.jupiter.api.Test;

/** Things that live in two places and must agree: JVM flags, documented settings, the README's links. */
class ConsistencyTest {

  @Test
  void launcherJvmFlagsEqualThePomFlags() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    Matcher p = Pattern.compile("<spark.jvm.flags>(.*?)</spark.jvm.flags>", Pattern.DOTALL).matcher(pom);
    assertTrue(p.find());
    String common = Files.readString(Path.of("jobs/lib/common.sh"));
    Matcher s = Pattern.compile("HTSR_JVM_FLAGS=\\((.*?)\\)").matcher(common);
    assertTrue(s.find());
    assertEquals(p.group(1).trim(), s.group(1).trim());
  }

  @Test
  void everySettingIsDocumentedInTheConfFileAndTheConfigurationPage() throws IOException {
    String conf = Files.readString(Path.of("conf/htsr.properties"));
    String page = Files.readString(Path.of("docs/configuration.md"));
    for (ConfigKey key : ConfigKeys.ALL) {
      assertTrue(conf.contains(("#" + key.key() + " = " + key.defaultValue()).strip()), key.key() + " with its default in conf/htsr.properties");
      assertTrue(page.contains("| `" + key.option().split("/")[0]) && page.contains("`" + key.key() + "`"),
          key.option() + " and " + key.key() + " in docs/configuration.md's options table");
    }
    for (org.htsr.stats.FitMode mode : org.htsr.stats.FitMode.values()) {
      assertTrue(page.contains("| `" + mode.label() + "` | " + mode.doc() + " |"), "--fit " + mode.label() + " in docs/configuration.md");
    }
  }

  /** The README is a front door: short, and its first commands are the real ones. */
  @Test
  void theReadmeIsAFrontDoor() throws IOException {
    List<String> readme = Files.readAllLines(Path.of("README.md"));
    assertTrue(readme.size() <= 150, "README.md has " + readme.size() + " lines; the manual lives in docs/");
    assertEquals(List.of("```bash", "jobs/analyze data/models", "mvn -B verify", "```"), readme.subList(2, 6));
    for (String line : readme) {
      Matcher link = Pattern.compile("\\]\\((docs/[^)#]+)").matcher(line);
      while (link.find()) {
        assertTrue(Files.exists(Path.of(link.group(1))), "README links to a missing " + link.group(1));
      }
    }
  }
}
