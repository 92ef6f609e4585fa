package org.htsr.report;

import java.util.Comparator;

/**
 * Names compared the way people read them: digit runs by value, so {@code run_bs2 < run_bs16 <
 * run_bs1024} (text order puts 1024 first). Ties fall back to plain text order.
 */
public final class NaturalOrder {

  public static final Comparator<String> COMPARATOR = Comparator.nullsLast(
      Comparator.comparing(NaturalOrder::key).thenComparing(Comparator.naturalOrder()));

  private static final int WIDTH = 20;

  private NaturalOrder() {}

  /**
   * A key whose text order is the natural order: every digit run left-padded with zeros to 20
   * digits (longer runs kept as they are), letters lower-cased. Also the SQL function
   * {@code natural_key}.
   */
  public static String key(String name) {
    if (name == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(name.length() + 24);
    for (int i = 0; i < name.length(); ) {
      char c = name.charAt(i);
      if (c >= '0' && c <= '9') {
        int j = i;
        while (j < name.length() && name.charAt(j) >= '0' && name.charAt(j) <= '9') {
          j++;
        }
        String digits = name.substring(i, j).replaceFirst("^0+(?=.)", "");
        b.append("0".repeat(Math.max(0, WIDTH - digits.length()))).append(digits);
        i = j;
      } else {
        b.append(Character.toLowerCase(c));
        i++;
      }
    }
    return b.toString();
  }
}
