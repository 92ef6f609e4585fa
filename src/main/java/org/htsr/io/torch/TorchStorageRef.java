package org.htsr.io.torch;

import org.htsr.model.DType;

/**
 * A storage a pickle refers to by persistent id: its key, element type and element count, and the
 * window of it that tensors see (the whole storage, or a legacy view's slice).
 *
 * @param dtype null for storage types htsr cannot represent; tensors on it are refused
 * @param elements the storage's element count as the persistent id declares it
 * @param start the window's first element
 * @param length the window's element count
 */
record TorchStorageRef(String key, String typeName, DType dtype, long elements, long start,
    long length) {}
