package org.htsr.io.torch;

import java.util.List;
import org.htsr.model.DType;

/**
 * A tensor as {@code torch._utils._rebuild_tensor*} describes it: a view of a storage, with
 * offset and strides in elements of the tensor's dtype. Not yet checked against the storage.
 */
record TorchTensorRef(
    TorchStorageRef storage, long offset, List<Long> shape, List<Long> strides, DType dtype) {}
