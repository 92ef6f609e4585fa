package org.htsr.io.torch;

import org.htsr.io.CheckpointFormatException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.htsr.io.CheckpointFormatException.Problem;

/** Checked conversions of the plain values Pyrolite builds (Integer/Long/BigInteger, Object[] tuples). */
final class Pickles {

  private Pickles() {}

  /** An integer in [0, 2^63). */
  static long natural(Object value, String what) {
    long n;
    if (value instanceof Integer || value instanceof Long) {
      n = ((Number) value).longValue();
    } else if (value instanceof BigInteger big && big.bitLength() < 64) {
      n = big.longValue();
    } else {
      throw new PickleRefusal(Problem.BAD_HEADER, what + " is " + typeOf(value) + ", not an integer below 2^63");
    }
    if (n < 0) {
      throw new PickleRefusal(Problem.BAD_HEADER, what + " is negative: " + n);
    }
    return n;
  }

  /** A tuple or list of naturals, such as a size or a stride. */
  static List<Long> naturals(Object value, String what) {
    List<?> items;
    if (value instanceof Object[] tuple) {
      items = List.of(tuple);
    } else if (value instanceof List<?> list) {
      items = list;
    } else {
      throw new PickleRefusal(Problem.BAD_HEADER, what + " is " + typeOf(value) + ", not a tuple");
    }
    List<Long> out = new ArrayList<>(items.size());
    for (Object item : items) {
      out.add(natural(item, what + " element"));
    }
    return out;
  }

  /**
   * A dict key or set element: strings, numbers, booleans and None only, so that hashing can never
   * recurse through a self-containing list (which a hostile pickle builds in a few bytes).
   */
  static Object hashable(Object key) {
    if (key == null || key instanceof String || key instanceof Number || key instanceof Boolean) {
      return key;
    }
    throw new PickleRefusal(Problem.BAD_HEADER, "a dict key or set item of type " + typeOf(key));
  }

  static List<Object> hashables(List<?> items) {
    List<Object> out = new ArrayList<>(items.size());
    for (Object item : items) {
      out.add(hashable(item));
    }
    return out;
  }

  /** A value's type for messages: never its contents, which may be huge or self-containing. */
  static String typeOf(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof Object[] tuple) {
      return "a tuple of " + tuple.length;
    }
    if (value instanceof TorchGlobal g) {
      return g.qualifiedName();
    }
    return value.getClass().getSimpleName();
  }
}
