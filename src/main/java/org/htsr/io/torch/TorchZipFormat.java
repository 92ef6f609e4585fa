package org.htsr.io.torch;

import org.htsr.io.ByteArrayInputFile;
import org.htsr.io.CheckpointFormat;
import org.htsr.io.CheckpointFormatException;
import org.htsr.io.CheckpointReader;
import org.htsr.io.FileStorage;
import org.htsr.io.HeaderJson;
import org.htsr.io.InputFile;
import org.htsr.io.InputFiles;
import org.htsr.io.ZipArchive;
import org.htsr.io.Readers;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.htsr.io.CheckpointFormatException.Problem;

/**
 * {@code torch.save} files in the zip format (the default since PyTorch 1.6; {@code .pt}, {@code
 * .pth}, Hugging Face {@code pytorch_model*.bin}): a ZIP whose entries lie under one top folder,
 * {@code <top>/data.pkl} (the pickled state dict), {@code <top>/data/<key>} (each storage's raw
 * bytes, stored uncompressed) and optionally {@code <top>/byteorder}.
 *
 * <p>Recognised by the ZIP magic and a first entry under a top folder whose name is one PyTorch
 * writes ({@code data.pkl}, {@code byteorder}, {@code version}, {@code .format_version}, ...), or,
 * when that name lies beyond the first bytes, by a {@code .pt}/{@code .pth}/{@code .bin}/{@code
 * .ckpt} extension.
 */
public final class TorchZipFormat implements CheckpointFormat {

  private static final List<String> RECORDS =
      List.of("data.pkl", "byteorder", "version", ".format_version", ".storage_alignment",
          ".data/");
  private static final List<String> EXTENSIONS = List.of(".pt", ".pth", ".bin", ".ckpt");

  @Override
  public String name() {
    return "pytorch-zip";
  }

  @Override
  public boolean matches(byte[] head, String location) {
    if (!Readers.startsWith(head, ZipArchive.MAGIC)) {
      return false;
    }
    String name = ZipArchive.firstEntryName(head);
    // the name may go on past the head
    boolean cut = ZipArchive.NAME_START + name.length() >= head.length;
    int slash = name.indexOf('/');
    if (slash > 0) {
      String record = name.substring(slash + 1);
      return RECORDS.stream().anyMatch(r -> record.startsWith(r) || cut && r.startsWith(record));
    }
    return cut && EXTENSIONS.stream().anyMatch(location::endsWith);
  }

  @Override
  public CheckpointReader open(String location, InputFiles files) throws CheckpointFormatException {
    return Readers.openAndRead(files, location, TorchZipFormat::read);
  }

  private static CheckpointReader read(InputFile file) throws CheckpointFormatException {
    String location = file.location();
    ZipArchive zip = ZipArchive.open(file);
    List<ZipArchive.Entry> pickles =
        zip.entries().stream()
            .filter(e -> e.name().endsWith("/data.pkl") && e.name().indexOf('/') == e.name()
                .length() - "/data.pkl".length())
            .toList();
    if (pickles.size() != 1) {
      throw new CheckpointFormatException(
          location,
          null,
          Problem.BAD_HEADER,
          pickles.isEmpty()
              ? "a ZIP without <top>/data.pkl is not a torch.save file"
              : pickles.size() + " top folders hold a data.pkl");
    }
    ZipArchive.Entry pickle = pickles.get(0);
    String top = pickle.name().substring(0, pickle.name().length() - "data.pkl".length());
    ByteOrder order = byteOrder(zip, top);
    Object root = TorchPickle.load(location, pickleStream(zip, pickle)).root();
    Map<String, TorchTensorRef> tensors = TorchStateDict.find(location, root);
    return TorchCheckpoint.reader(
        location,
        tensors,
        ref -> storage(zip, top, ref, order),
        TorchTopLevel.metadata(root, Map.of("byteorder", order == ByteOrder.BIG_ENDIAN ? "big" : "little")),
        file);
  }

  private static ZipArchive.RangeInputStream pickleStream(ZipArchive zip, ZipArchive.Entry pickle)
      throws CheckpointFormatException {
    if (pickle.method() == ZipArchive.STORED) {
      return new ZipArchive.RangeInputStream(zip.file(), zip.dataOffset(pickle), pickle.size());
    }
    byte[] bytes = zip.readAll(pickle, HeaderJson.MAX_BYTES);
    return new ZipArchive.RangeInputStream(
        new ByteArrayInputFile(zip.file().location(), bytes), 0, bytes.length);
  }

  /** {@code byteorder} holds "little" or "big"; files before PyTorch 2.1 have none: little. */
  private static ByteOrder byteOrder(ZipArchive zip, String top) throws CheckpointFormatException {
    var entry = zip.entry(top + "byteorder");
    if (entry.isEmpty()) {
      return ByteOrder.LITTLE_ENDIAN;
    }
    String text = new String(zip.readAll(entry.get(), 16), StandardCharsets.US_ASCII).strip();
    return switch (text) {
      case "little" -> ByteOrder.LITTLE_ENDIAN;
      case "big" -> ByteOrder.BIG_ENDIAN;
      default -> throw new CheckpointFormatException(
          zip.file().location(), null, Problem.BAD_HEADER, "byteorder record says '" + text + "'");
    };
  }

  private static TorchCheckpoint.Resolved storage(
      ZipArchive zip, String top, TorchStorageRef ref, ByteOrder order)
      throws CheckpointFormatException {
    String location = zip.file().location();
    String name = top + "data/" + ref.key();
    ZipArchive.Entry entry =
        zip.entry(name)
            .orElseThrow(
                () ->
                    new CheckpointFormatException(
                        location, null, Problem.BAD_HEADER, "storage record " + name + " is missing"));
    if (entry.method() != ZipArchive.STORED) {
      throw new CheckpointFormatException(
          location, null, Problem.UNSUPPORTED, "storage record " + name + " is compressed");
    }
    long elements = entry.size() / ref.dtype().byteSize();
    if (elements < ref.elements()) {
      throw new CheckpointFormatException(
          location,
          null,
          Problem.SHAPE_MISMATCH,
          "storage '%s' declares %d %s elements, its record holds %d bytes"
              .formatted(ref.key(), ref.elements(), ref.dtype(), entry.size()));
    }
    long position = zip.dataOffset(entry);
    return new TorchCheckpoint.Resolved(
        new FileStorage(zip.file(), position, ref.dtype(), order), ref.elements());
  }
}
