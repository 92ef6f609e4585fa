package org.htsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htsr.config.ConfigKey;
import org.htsr.config.ConfigKeys;
import org.junit.jupiter.api.Test;

/** Things that live in two places and must agree: JVM flags, documented settings. */
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
  void everySettingIsDocumentedInTheConfFileAndTheReadme() throws IOException {
    String conf = Files.readString(Path.of("conf/htsr.properties"));
    String readme = Files.readString(Path.of("README.md"));
    for (ConfigKey key : ConfigKeys.ALL) {
      assertTrue(conf.contains(("#" + key.key() + " = " + key.defaultValue()).strip()), key.key() + " with its default in conf/htsr.properties");
      assertTrue(readme.contains("`" + key.option().split("/")[0]), key.option() + " in README.md");
    }
  }
}
