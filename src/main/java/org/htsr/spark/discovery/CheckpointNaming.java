package org.htsr.spark.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Model name and training step from a checkpoint's path. Plain Java.
 *
 * <ul>
 *   <li>Step: the first path component, from the file name upward, that names one:
 *       {@code checkpoint-1200}, {@code step_1200}, {@code global_step1200}, {@code epoch=3},
 *       {@code ckpt-7.safetensors}, {@code iter_500}.
 *   <li>Model: the directory above the component that named the step; with no step, the parent
 *       directory for sharded checkpoints and generic file names ({@code model.safetensors},
 *       {@code pytorch_model.bin}, …), otherwise the file name without its extension. A Hugging Face
 *       hub cache path {@code models--org--name/snapshots/<rev>/…} gives {@code org/name}.
 *   <li>A user regex with named groups {@code model} and/or {@code step}, matched against the
 *       whole path, overrides either.
 * </ul>
 */
public final class CheckpointNaming {

  private static final Pattern STEP = Pattern.compile(
      "(?i)(?:^|[^a-z])(?:checkpoint|ckpt|global_step|step|epoch|iteration|iter)[-_=]?(\\d{1,18})(?![0-9])");
  private static final Pattern GENERIC = Pattern.compile(
      "(?i)^(model|pytorch_model|tf_model|flax_model|weights|params|adapter_model|consolidated|checkpoint|last|best|final|diffusion_pytorch_model)([-_.].*)?$");
  private static final Pattern HUB_CACHE = Pattern.compile("models--([^/]+?)--([^/]+)/snapshots/[^/]+/");
  private static final Pattern EXTENSION = Pattern.compile("(?i)(\\.(safetensors|index|json|pt|pth|bin|ckpt|npz|npy|onnx|h5|hdf5|keras|gguf))+$");

  private final Optional<Pattern> override;

  public CheckpointNaming(Optional<Pattern> override) {
    this.override = override;
  }

  /** Model and step of a checkpoint at {@code path} (a URI or path; sharded: the index file). */
  public Naming name(String path, boolean sharded) {
    Naming fromPath = fromPath(path, sharded);
    if (override.isEmpty()) {
      return fromPath;
    }
    Matcher m = override.get().matcher(path);
    if (!m.find()) {
      return fromPath;
    }
    String model = group(m, "model").orElse(fromPath.model());
    Long step = group(m, "step").map(CheckpointNaming::parseStep).orElse(fromPath.step());
    return new Naming(model, step);
  }

  private static Naming fromPath(String path, boolean sharded) {
    String normalized = path.replace('\\', '/');
    Matcher hub = HUB_CACHE.matcher(normalized);
    List<String> parts = new ArrayList<>(List.of(normalized.split("/")));
    parts.removeIf(String::isEmpty);
    String file = parts.isEmpty() ? normalized : parts.get(parts.size() - 1);
    String stem = EXTENSION.matcher(file).replaceFirst("");
    for (int i = parts.size() - 1; i >= 0; i--) {
      String component = i == parts.size() - 1 ? stem : parts.get(i);
      Matcher m = STEP.matcher(component);
      if (m.find()) {
        long step = parseStep(m.group(1));
        String model = i >= 1 ? parts.get(i - 1) : component;
        if (hub.find()) {
          model = hub.group(1) + "/" + hub.group(2);
        }
        return new Naming(model, step);
      }
    }
    if (hub.find()) {
      return new Naming(hub.group(1) + "/" + hub.group(2), null);
    }
    boolean useParent = sharded || GENERIC.matcher(stem).matches();
    String model = useParent && parts.size() >= 2 ? parts.get(parts.size() - 2) : stem;
    return new Naming(model, null);
  }

  private static Optional<String> group(Matcher m, String name) {
    try {
      return Optional.ofNullable(m.group(name));
    } catch (IllegalArgumentException noSuchGroup) {
      return Optional.empty();
    }
  }

  private static Long parseStep(String digits) {
    try {
      return Long.parseLong(digits.trim());
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException("step '" + digits + "' from --model-regex is not an integer", notANumber);
    }
  }

  /** A checkpoint's model name and step (null when the path names none). */
  public record Naming(String model, Long step) {}
}
