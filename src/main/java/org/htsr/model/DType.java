package org.htsr.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Element types of stored tensors. Only the four floating-point types are decoded and analysed;
 * the others are listed so that a checkpoint's inventory is complete.
 */
public enum DType {
  F64(8),
  F32(4),
  F16(2),
  BF16(2),
  F8_E4M3(1),
  F8_E5M2(1),
  I64(8),
  I32(4),
  I16(2),
  I8(1),
  U64(8),
  U32(4),
  U16(2),
  U8(1),
  BOOL(1);

  private final int byteSize;

  DType(int byteSize) {
    this.byteSize = byteSize;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** True for the types htsr decodes to double and analyses: F64, F32, F16, BF16. */
  public boolean isAnalysable() {
    return this == F64 || this == F32 || this == F16 || this == BF16;
  }

  /** Parses a safetensors-style name ("F32", "bf16", …). */
  public static Optional<DType> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException notAType) {
      return Optional.empty();
    }
  }
}
