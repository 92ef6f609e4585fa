package org.htsr.io.metadata;

import java.util.Locale;

/**
 * Where a metadata value came from, in precedence order: when two sources give the same key, the
 * one listed first wins (a user's manifest over the trainer's files, over the checkpoint file's own
 * metadata, over what the path says).
 */
public enum MetadataSource {
  /** A row of the user's {@code --manifest} file. */
  MANIFEST,
  /** {@code --experiment NAME}. */
  OPTION,
  /** Hugging Face {@code trainer_state.json}: global_step, epoch, the log_history at that step. */
  TRAINER_STATE,
  /** {@code training_args.json} (hyperparameters) beside the checkpoint or in its run folder. */
  TRAINING_ARGS,
  /** Hugging Face {@code config.json} (the model's architecture). */
  MODEL_CONFIG,
  /** The checkpoint file's own metadata: safetensors {@code __metadata__}, Lightning top-level values, ONNX metadata_props, Keras HDF5 attributes. */
  FILE,
  /** The path: step and run (model) name. */
  PATH;

  /** The name stored in the {@code source} column. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
