package org.htsr.io.onnx;

import org.htsr.io.CheckpointFormatException;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.nio.ByteBuffer;
import org.htsr.io.CheckpointFormatException.Problem;

/**
 * Checks every length prefix of a protobuf message against the bytes that are left, through the
 * message types the schema names, before protobuf parses it. Protobuf reads a length as a 32-bit
 * varint and drops the high bits: a declared length of 2^62 becomes 0, and a model whose graph
 * claims 2^62 bytes would parse as an empty graph (0 tensors, "success") instead of a corrupt
 * file. Other malformations (bad wire types, groups, nesting) are left to protobuf, which reports
 * them itself.
 */
final class ProtobufLengths {

  /** Protobuf's own default recursion limit: deeper nesting is reported by the parse. */
  private static final int MAX_DEPTH = 100;

  private ProtobufLengths() {}

  static void check(String location, ByteBuffer bytes, Descriptor type) throws CheckpointFormatException {
    ByteBuffer b = bytes.duplicate();
    message(location, b, b.position(), b.limit(), type, 0);
  }

  private static void message(String location, ByteBuffer b, long start, long end, Descriptor type, int depth)
      throws CheckpointFormatException {
    if (depth > MAX_DEPTH) {
      return;
    }
    long at = start;
    while (at < end) {
      long[] tag = varint(b, at, end);
      if (tag == null) {
        return;
      }
      at = tag[1];
      int field = (int) (tag[0] >>> 3);
      switch ((int) (tag[0] & 7)) {
        case 0 -> {
          long[] value = varint(b, at, end);
          if (value == null) {
            return;
          }
          at = value[1];
        }
        case 1 -> at += 8;
        case 5 -> at += 4;
        case 2 -> {
          long[] length = varint(b, at, end);
          if (length == null) {
            return;
          }
          at = length[1];
          long left = end - at;
          if (length[0] < 0 || length[0] > left) {
            FieldDescriptor fd = type.findFieldByNumber(field);
            String name = fd == null ? "field " + field : "field " + field + " (" + fd.getName() + ")";
            boolean hopeless = length[0] < 0 || length[0] > Integer.MAX_VALUE;
            throw new CheckpointFormatException(location, null, hopeless ? Problem.BAD_HEADER : Problem.TRUNCATED,
                "not an ONNX ModelProto: %s of %s declares %s bytes, %d are left".formatted(
                    name, type.getName(), Long.toUnsignedString(length[0]), left));
          }
          FieldDescriptor fd = type.findFieldByNumber(field);
          if (fd != null && fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            message(location, b, at, at + length[0], fd.getMessageType(), depth + 1);
          }
          at += length[0];
        }
        default -> {
          return; // groups and invalid wire types: protobuf reports them
        }
      }
    }
  }

  /** {value, next position}, or null when the varint runs past {@code end} or ten bytes. */
  private static long[] varint(ByteBuffer b, long at, long end) {
    long value = 0;
    for (int i = 0; i < 10 && at + i < end; i++) {
      int byteValue = b.get((int) (at + i)) & 0xFF;
      value |= (long) (byteValue & 0x7F) << (7 * i);
      if ((byteValue & 0x80) == 0) {
        return new long[] {value, at + i + 1};
      }
    }
    return null;
  }
}
