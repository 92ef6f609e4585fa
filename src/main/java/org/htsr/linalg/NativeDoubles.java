package org.htsr.linalg;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Zeroed doubles off the heap from {@code calloc}, freed when closed (or collected, as any
 * JavaCPP pointer). A large block is fresh pages the kernel has already zeroed, so glibc's calloc
 * writes nothing, where {@code new DoublePointer(n).zero()} writes every page once more: the first
 * touch then happens in whatever fills the block, on as many threads as that has.
 */
final class NativeDoubles extends DoublePointer {

  private NativeDoubles(Pointer block, long count) {
    super(block);
    capacity(count);
    limit(count);
    deallocator(new Free(block));
  }

  /** {@code count} doubles, all +0.0: the caller closes them. */
  static DoublePointer zeroed(long count) {
    if (count < 1) {
      throw new IllegalArgumentException("a block of " + count + " doubles");
    }
    Pointer block = Pointer.calloc(count, Double.BYTES);
    if (block == null || block.isNull()) {
      throw new OutOfMemoryError("calloc of " + count + " doubles (" + count * Double.BYTES + " bytes) failed");
    }
    return new NativeDoubles(block, count);
  }

  /** Frees the block; holds its own pointer, not the NativeDoubles, which may be collected first. */
  private record Free(Pointer block) implements Deallocator {
    @Override
    public void deallocate() {
      Pointer.free(block);
    }
  }
}
