package org.htsr.report;

/** The few HTML pieces the page is made of, with escaping in one place. */
final class Html {

  private Html() {}

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A figure: the PNG, linking to its SVG, with a caption. */
  static String figure(Figure f, String caption) {
    return "<figure><a href=\"" + escape(f.svg()) + "\"><img src=\"" + escape(f.png()) + "\" srcset=\"" + escape(f.png2x()) + " 2x\" width=\""
        + f.width() + "\" height=\"" + f.height() + "\" alt=\"" + escape(f.alt()) + "\" loading=\"lazy\"></a><figcaption>" + caption
        + " <a href=\"" + escape(f.svg()) + "\">SVG</a> <a href=\"" + escape(f.png2x()) + "\">2× PNG</a></figcaption></figure>\n";
  }

  static String cell(String text) {
    return "<td>" + escape(text) + "</td>";
  }

  static String number(Double value) {
    return "<td class=\"num\">" + Numbers.format(value) + "</td>";
  }

  /** A count that may be unknown: empty for null. */
  static String count(Integer value) {
    return "<td class=\"num\">" + (value == null ? "" : value) + "</td>";
  }

  static String number(long value) {
    return "<td class=\"num\">" + value + "</td>";
  }
}
