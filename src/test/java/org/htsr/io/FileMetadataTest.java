package org.htsr.io;

import org.htsr.io.formats.CheckpointFormats;
import org.htsr.io.safetensors.SafetensorsWriter;
import org.htsr.io.torch.PickleBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.htsr.io.metadata.CheckpointLocation;
import org.htsr.io.metadata.CheckpointMetadata;
import org.htsr.io.metadata.MetadataCollector;
import org.htsr.io.metadata.MetadataEntry;
import org.htsr.io.metadata.MetadataSource;
import org.htsr.io.onnx.Onnx.GraphProto;
import org.htsr.io.onnx.Onnx.ModelProto;
import org.htsr.io.onnx.Onnx.StringStringEntryProto;
import org.htsr.io.onnx.Onnx.TensorProto;
import org.htsr.model.DType;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint file's own metadata, read by its format's reader with the header and turned into
 * metadata entries: safetensors __metadata__, a Lightning-style .ckpt's top-level values, ONNX
 * metadata_props.
 */
class FileMetadataTest {

  @Test
  void safetensorsMetadataBecomesEntriesWithNumbers() throws Exception {
    byte[] file = new SafetensorsWriter()
        .metadata("format", "pt").metadata("batch_size", "16").metadata("test_acc", "0.8782").metadata("epoch", "20")
        .add("fc1.weight", DType.F32, List.of(4L, 3L), new double[12])
        .toByteArray();
    Map<String, MetadataEntry> md = collect("run_bs16/epoch_20.safetensors", new InMemoryInputFiles().put("run_bs16/epoch_20.safetensors", file));
    assertEquals(16.0, md.get("batch_size").number());
    assertEquals(0.8782, md.get("test_acc").number());
    assertEquals("pt", md.get("format").value());
    assertNull(md.get("format").number());
    assertEquals(MetadataSource.FILE, md.get("test_acc").source());
  }

  @Test
  void lightningCheckpointTopLevelValuesAndHyperParameters() throws Exception {
    byte[] stateDict = PickleBytes.stateDict("layer.weight", 6, 0, new long[] {2, 3}, new long[] {3, 1});
    // {'epoch': 3, 'global_step': 1200, 'pytorch-lightning_version': '2.1.0',
    //  'hyper_parameters': {'lr': 0.05, 'batch_size': 32, 'optimizer': 'sgd', 'net': {'width': 64}},
    //  'optimizer_states': [...tensors skipped...], 'state_dict': {...}}
    PickleBytes p = PickleBytes.proto2().op('}').mark()
        .string("epoch").integer(3)
        .string("global_step").integer(1200)
        .string("pytorch-lightning_version").string("2.1.0")
        .string("hyper_parameters").op('}').mark()
        .string("lr").op(binfloat(0.05))
        .string("batch_size").integer(32)
        .string("optimizer").string("sgd")
        .string("net").op('}').mark().string("width").integer(64).op('u')
        .op('u')
        .string("state_dict").op(java.util.Arrays.copyOfRange(stateDict, 2, stateDict.length - 1))
        .op('u').stop();
    InMemoryInputFiles files = new InMemoryInputFiles().put("lightning_logs/version_0/checkpoints/last.ckpt", ZipBytes.torch(p.bytes(), new byte[24]));
    try (CheckpointReader reader = CheckpointFormats.open("lightning_logs/version_0/checkpoints/last.ckpt", files)) {
      assertEquals(1, reader.tensors().size(), "the state dict is still found under state_dict");
    }
    CheckpointMetadata metadata = collectAll("lightning_logs/version_0/checkpoints/last.ckpt", files, null);
    Map<String, MetadataEntry> md = metadata.resolved();
    assertEquals("3", md.get("epoch").value());
    assertEquals("1200", md.get("global_step").value());
    assertEquals(0.05, md.get("hyper_parameters.lr").number());
    assertEquals(32.0, md.get("hyper_parameters.batch_size").number());
    assertEquals("sgd", md.get("hyper_parameters.optimizer").value());
    assertEquals(64.0, md.get("hyper_parameters.net.width").number());
    assertEquals("2.1.0", md.get("pytorch-lightning_version").value());
    assertEquals(1200L, metadata.step(), "the path names no step: global_step gives it");
    assertFalse(md.containsKey("state_dict"), "tensors are not metadata");
  }

  @Test
  void onnxMetadataProps() throws Exception {
    TensorProto w = TensorProto.newBuilder().setName("w").setDataType(1).addDims(2).addDims(3)
        .setRawData(ByteString.copyFrom(new byte[24])).build();
    ModelProto model = ModelProto.newBuilder().setIrVersion(8).setProducerName("pytorch").setProducerVersion("2.1")
        .setGraph(GraphProto.newBuilder().setName("g").addInitializer(w))
        .addMetadataProps(StringStringEntryProto.newBuilder().setKey("batch_size").setValue("128"))
        .addMetadataProps(StringStringEntryProto.newBuilder().setKey("test_acc").setValue("0.8668"))
        .build();
    Map<String, MetadataEntry> md = collect("zoo/net.onnx", new InMemoryInputFiles().put("zoo/net.onnx", model.toByteArray()));
    assertEquals(128.0, md.get("batch_size").number());
    assertEquals(0.8668, md.get("test_acc").number());
    assertEquals(MetadataSource.FILE, md.get("batch_size").source());
    assertEquals(List.of("batch_size", "onnx.ir_version", "onnx.producer", "run", "test_acc"),
        md.keySet().stream().sorted().collect(Collectors.toList()));
  }

  private static byte[] binfloat(double v) {
    return ByteBuffer.allocate(9).put((byte) 'G').putDouble(v).array();
  }

  private static Map<String, MetadataEntry> collect(String location, InputFiles files) throws Exception {
    return collectAll(location, files, null).resolved();
  }

  private static CheckpointMetadata collectAll(String location, InputFiles files, Long pathStep) throws Exception {
    try (CheckpointReader reader = CheckpointFormats.open(location, files)) {
      return MetadataCollector.standard().collect(new CheckpointLocation(location, "run", pathStep, reader.metadata()), files);
    }
  }
}
