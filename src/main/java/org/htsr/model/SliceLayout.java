package org.htsr.model;

import java.io.Serializable;

/**
 * How a tensor is cut into matrices: the two axes that form each matrix (rows, columns); every
 * other axis indexes a slice, slices enumerated in row-major order over those axes. A 2-D tensor
 * is {@code (0, 1)}; a PyTorch conv kernel (out,in,kh,kw) is {@code (0, 1)} with kh·kw slices; a
 * TensorFlow kernel (kh,kw,in,out) is {@code (2, 3)}.
 */
public record SliceLayout(int rowAxis, int colAxis) implements Serializable {

  public SliceLayout {
    if (rowAxis < 0 || colAxis < 0 || rowAxis == colAxis) {
      throw new IllegalArgumentException("bad axes " + rowAxis + ", " + colAxis);
    }
  }
}
