package org.htsr.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.xml.sax.SAXException;

/** Checks of a rendered report page: every image it references exists and decodes. */
public final class ReportFiles {

  private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"");

  private ReportFiles() {}

  /** The relative paths the page's src and href attributes name (anchors and URLs left out). */
  public static List<String> references(Path page) throws IOException {
    Matcher m = REFERENCE.matcher(Files.readString(page, StandardCharsets.UTF_8));
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /**
   * Asserts that every referenced file exists, every PNG decodes and every SVG parses as XML with
   * an svg root; returns the references.
   */
  public static List<String> assertImagesExist(Path page) throws IOException, ParserConfigurationException, SAXException {
    List<String> refs = references(page);
    Path dir = page.getParent();
    for (String ref : refs) {
      Path file = dir.resolve(ref);
      assertTrue(Files.isRegularFile(file), "missing " + ref);
      if (ref.endsWith(".png")) {
        assertNotNull(ImageIO.read(file.toFile()), ref + " does not decode");
      } else if (ref.endsWith(".svg")) {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        // no network: never fetch a DTD an SVG might name
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        assertTrue("svg".equals(f.newDocumentBuilder().parse(file.toFile()).getDocumentElement().getLocalName()), ref + " is not SVG");
      }
    }
    return refs;
  }
}
