package org.htsr.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads an option's value as one of an enum's labels, case-insensitively. */
final class EnumOptions {

  private EnumOptions() {}

  /** @throws IllegalArgumentException naming the option, the value and the valid labels */
  static <E extends Enum<E>> E parse(Class<E> type, String value, String option, Function<E, String> label) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (label.apply(e).equals(v)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown " + option + " '" + value + "': expected "
        + Arrays.stream(type.getEnumConstants()).map(label).collect(Collectors.joining(" or ")));
  }

  /** An enum constant's name in lower case: the usual label. */
  static String lowerCase(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
