package org.htsr.io.onnx;

import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.InputFile;
import org.htsr.io.InputFiles;
import org.htsr.io.StoredTensorReader;
import org.htsr.io.WholeFile;
import org.htsr.io.Readers;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.Closeable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.htsr.io.CheckpointFormatException.Problem;
import org.htsr.io.onnx.Onnx.ModelProto;

/**
 * ONNX models ({@code .onnx}): a protobuf {@code ModelProto}, parsed with the schema compiled from
 * {@code src/main/proto/onnx.proto}. Weights are graph initializers, tensors of {@code Constant}
 * nodes, and the same inside subgraphs ({@code If}/{@code Loop}/{@code Scan} bodies); see {@link
 * OnnxTensors}. A file has no magic: it is recognised by a first field {@code ir_version} (tag 8)
 * with a plausible value followed by another ModelProto field, or, with the {@code .onnx}
 * extension, by any ModelProto field first.
 */
public final class OnnxFormat implements CheckpointFormat {

  /** Tags (field number << 3 | wire type) of ModelProto's fields. */
  private static final List<Integer> MODEL_TAGS =
      List.of(0x08, 0x12, 0x1a, 0x22, 0x28, 0x32, 0x3a, 0x42, 0x72, 0xa2);

  @Override
  public String name() {
    return "onnx";
  }

  @Override
  public boolean matches(byte[] head, String location) {
    if (head.length < 3) {
      return false;
    }
    if (head[0] == 0x08 && head[1] >= 1 && head[1] <= 32) {
      return MODEL_TAGS.contains(head[2] & 0xFF) && head[2] != 0x08;
    }
    return location.endsWith(".onnx") && MODEL_TAGS.contains(head[0] & 0xFF);
  }

  @Override
  public CheckpointReader open(String location, InputFiles files) throws CheckpointFormatException {
    InputFile file = Readers.open(files, location);
    List<Closeable> resources = new ArrayList<>(List.of(file));
    try {
      ModelProto model = parse(location, WholeFile.of(file));
      OnnxTensors tensors = OnnxTensors.collect(location, model, files, resources);
      return StoredTensorReader.of(location, tensors.stored(), tensors.metadata(), resources);
    } catch (CheckpointFormatException e) {
      resources.forEach(r -> Readers.closeAfterFailure(r, e));
      throw e;
    }
  }

  /**
   * The external-data files (relative to the model's directory) the model at {@code location}
   * names, for discovery: they belong to the model, they are not checkpoints of their own. Empty
   * when the model cannot be read (its reader reports why when it is analysed).
   */
  public static java.util.Set<String> externalDataFiles(String location, InputFiles files) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    try (InputFile file = Readers.open(files, location)) {
      ModelProto model = parse(location, WholeFile.of(file));
      externalDataFiles(model.getGraph(), out, 0);
    } catch (CheckpointFormatException | java.io.IOException | RuntimeException unreadable) {
      return java.util.Set.of();
    }
    return out;
  }

  private static void externalDataFiles(org.htsr.io.onnx.Onnx.GraphProto graph, java.util.Set<String> out, int depth) {
    java.util.List<org.htsr.io.onnx.Onnx.TensorProto> tensors = new ArrayList<>(graph.getInitializerList());
    for (org.htsr.io.onnx.Onnx.NodeProto node : graph.getNodeList()) {
      for (org.htsr.io.onnx.Onnx.AttributeProto attribute : node.getAttributeList()) {
        if (attribute.hasT()) {
          tensors.add(attribute.getT());
        }
        if (attribute.hasG() && depth < 100) {
          externalDataFiles(attribute.getG(), out, depth + 1);
        }
        for (org.htsr.io.onnx.Onnx.GraphProto g : attribute.getGraphsList()) {
          if (depth < 100) {
            externalDataFiles(g, out, depth + 1);
          }
        }
      }
    }
    for (org.htsr.io.onnx.Onnx.TensorProto t : tensors) {
      if (t.getDataLocation() == org.htsr.io.onnx.Onnx.TensorProto.DataLocation.EXTERNAL) {
        for (org.htsr.io.onnx.Onnx.StringStringEntryProto e : t.getExternalDataList()) {
          if (e.getKey().equals("location") && OnnxTensors.insideModelDirectory(e.getValue())) {
            out.add(e.getValue());
          }
        }
      }
    }
  }

  /**
   * Parses with aliasing: raw_data fields are views of the (mapped) buffer, not copies, so a model
   * costs the heap its structure, not its weights.
   */
  private static ModelProto parse(String location, ByteBuffer bytes)
      throws CheckpointFormatException {
    ProtobufLengths.check(location, bytes, ModelProto.getDescriptor());
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      in.enableAliasing(true);
      ModelProto model = ModelProto.parseFrom(in);
      if (!model.hasGraph()) {
        throw new CheckpointFormatException(
            location, null, Problem.BAD_HEADER, "an ONNX model without a graph");
      }
      return model;
    } catch (InvalidProtocolBufferException e) {
      String message = String.valueOf(e.getMessage());
      Problem problem =
          message.contains("ended unexpectedly") ? Problem.TRUNCATED : Problem.BAD_HEADER;
      throw new CheckpointFormatException(
          location, null, problem, "not an ONNX ModelProto: " + message, e);
    } catch (java.io.IOException e) {
      throw Readers.ioFailure(location, null, e);
    }
  }
}
