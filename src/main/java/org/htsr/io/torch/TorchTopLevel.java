package org.htsr.io.torch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain values a training checkpoint keeps beside its state dict, as metadata: PyTorch
 * Lightning's top-level {@code epoch}, {@code global_step}, version strings, and its
 * {@code hyper_parameters} dict flattened to {@code hyper_parameters.lr}. Only strings, numbers,
 * booleans and lists of them are kept (the allowlisted unpickler built nothing else); tensors and
 * optimizer state are skipped.
 */
final class TorchTopLevel {

  private static final List<String> DICTS = List.of("hyper_parameters", "hparams", "datamodule_hyper_parameters");
  private static final int MAX_DEPTH = 4;
  private static final int MAX_ENTRIES = 1000;

  private TorchTopLevel() {}

  /** {@code base} plus the plain top-level values of {@code root}. */
  static Map<String, String> metadata(Object root, Map<String, String> base) {
    Map<String, String> out = new LinkedHashMap<>(base);
    if (root instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (e.getKey() instanceof String key) {
          if (DICTS.contains(key) && e.getValue() instanceof Map<?, ?> dict) {
            flatten(key, dict, 1, out);
          } else {
            putPlain(key, e.getValue(), out);
          }
        }
      }
    }
    return out;
  }

  private static void flatten(String prefix, Map<?, ?> dict, int depth, Map<String, String> out) {
    for (Map.Entry<?, ?> e : dict.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        continue;
      }
      if (e.getValue() instanceof Map<?, ?> inner && depth < MAX_DEPTH) {
        flatten(prefix + "." + key, inner, depth + 1, out);
      } else {
        putPlain(prefix + "." + key, e.getValue(), out);
      }
    }
  }

  private static void putPlain(String key, Object value, Map<String, String> out) {
    if (out.size() >= MAX_ENTRIES || out.containsKey(key)) {
      return;
    }
    if (isScalar(value)) {
      out.put(key, String.valueOf(value));
    } else if (value instanceof List<?> list && list.size() <= 64 && list.stream().allMatch(TorchTopLevel::isScalar)) {
      out.put(key, list.toString());
    }
  }

  private static boolean isScalar(Object v) {
    return v instanceof String || v instanceof Number || v instanceof Boolean;
  }
}
