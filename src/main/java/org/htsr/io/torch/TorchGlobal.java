package org.htsr.io.torch;

import org.htsr.io.CheckpointFormatException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.htsr.io.CheckpointFormatException.Problem;
import org.htsr.model.DType;

/**
 * Every global a PyTorch weights file may name, after PyTorch's own {@code weights_only}
 * unpickler ({@code torch/_weights_only_unpickler.py}): containers, the tensor rebuild functions,
 * storage classes and dtypes. A pickle's GLOBAL becomes one of these constants — never a class
 * lookup — and REDUCE/NEWOBJ run only the Java code below, which builds plain values. Any other
 * global is refused before anything is constructed.
 */
enum TorchGlobal {
  ORDERED_DICT("collections", "OrderedDict", Kind.DICT),
  COUNTER("collections", "Counter", Kind.DICT),
  SET("builtins", "set", Kind.CALL),
  BYTEARRAY("builtins", "bytearray", Kind.CALL),
  CODECS_ENCODE("_codecs", "encode", Kind.CALL),
  SIZE("torch", "Size", Kind.CALL),
  GET_LAYOUT("torch.serialization", "_get_layout", Kind.CALL),
  REBUILD_TENSOR("torch._utils", "_rebuild_tensor", Kind.CALL),
  REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2", Kind.CALL),
  REBUILD_TENSOR_V3("torch._utils", "_rebuild_tensor_v3", Kind.CALL),
  REBUILD_PARAMETER("torch._utils", "_rebuild_parameter", Kind.CALL),
  REBUILD_PARAMETER_WITH_STATE("torch._utils", "_rebuild_parameter_with_state", Kind.CALL),
  REBUILD_FROM_TYPE_V2("torch._tensor", "_rebuild_from_type_v2", Kind.CALL),
  TENSOR("torch", "Tensor", Kind.TYPE),
  PARAMETER("torch.nn.parameter", "Parameter", Kind.TYPE),
  DOUBLE_STORAGE("torch", "DoubleStorage", DType.F64),
  FLOAT_STORAGE("torch", "FloatStorage", DType.F32),
  HALF_STORAGE("torch", "HalfStorage", DType.F16),
  BFLOAT16_STORAGE("torch", "BFloat16Storage", DType.BF16),
  LONG_STORAGE("torch", "LongStorage", DType.I64),
  INT_STORAGE("torch", "IntStorage", DType.I32),
  SHORT_STORAGE("torch", "ShortStorage", DType.I16),
  CHAR_STORAGE("torch", "CharStorage", DType.I8),
  BYTE_STORAGE("torch", "ByteStorage", DType.U8),
  BOOL_STORAGE("torch", "BoolStorage", DType.BOOL),
  FLOAT8_E4M3_STORAGE("torch", "Float8_e4m3fnStorage", DType.F8_E4M3),
  FLOAT8_E5M2_STORAGE("torch", "Float8_e5m2Storage", DType.F8_E5M2),
  UNTYPED_STORAGE("torch", "UntypedStorage", DType.U8),
  // allowlisted by PyTorch, but their elements are not among htsr's dtypes
  COMPLEX_FLOAT_STORAGE("torch", "ComplexFloatStorage", Kind.STORAGE),
  COMPLEX_DOUBLE_STORAGE("torch", "ComplexDoubleStorage", Kind.STORAGE),
  QINT8_STORAGE("torch", "QInt8Storage", Kind.STORAGE),
  QUINT8_STORAGE("torch", "QUInt8Storage", Kind.STORAGE),
  QINT32_STORAGE("torch", "QInt32Storage", Kind.STORAGE),
  FLOAT64("torch", "float64", Kind.DTYPE, DType.F64),
  FLOAT32("torch", "float32", Kind.DTYPE, DType.F32),
  FLOAT16("torch", "float16", Kind.DTYPE, DType.F16),
  BFLOAT16("torch", "bfloat16", Kind.DTYPE, DType.BF16),
  INT64("torch", "int64", Kind.DTYPE, DType.I64),
  INT32("torch", "int32", Kind.DTYPE, DType.I32),
  INT16("torch", "int16", Kind.DTYPE, DType.I16),
  INT8("torch", "int8", Kind.DTYPE, DType.I8),
  UINT8("torch", "uint8", Kind.DTYPE, DType.U8),
  BOOL("torch", "bool", Kind.DTYPE, DType.BOOL),
  FLOAT8_E4M3("torch", "float8_e4m3fn", Kind.DTYPE, DType.F8_E4M3),
  FLOAT8_E5M2("torch", "float8_e5m2", Kind.DTYPE, DType.F8_E5M2),
  STRIDED("torch", "strided", Kind.DTYPE, null);

  /** What a pickle may do with the global. */
  enum Kind {
    /** Callable by REDUCE: builds a value in Java. */
    CALL,
    /** A dict type: REDUCE and NEWOBJ make an empty ordered map. */
    DICT,
    /** A type named only as an argument ({@code _rebuild_from_type_v2}) or by NEWOBJ. */
    TYPE,
    /** A storage class, valid only inside a persistent id. */
    STORAGE,
    /** A dtype or layout constant, an argument only. */
    DTYPE
  }

  private static final Map<String, TorchGlobal> BY_NAME = new HashMap<>();

  static {
    for (TorchGlobal g : values()) {
      BY_NAME.put(g.module + "." + g.name, g);
    }
    // protocol-2 pickles written by Python 2 name the builtins module differently
    BY_NAME.put("__builtin__.set", SET);
    BY_NAME.put("__builtin__.bytearray", BYTEARRAY);
    BY_NAME.put("torch.storage.UntypedStorage", UNTYPED_STORAGE);
  }

  private final String module;
  private final String name;
  private final Kind kind;
  private final DType dtype;

  TorchGlobal(String module, String name, Kind kind) {
    this(module, name, kind, null);
  }

  TorchGlobal(String module, String name, DType storageDtype) {
    this(module, name, Kind.STORAGE, storageDtype);
  }

  TorchGlobal(String module, String name, Kind kind, DType dtype) {
    this.module = module;
    this.name = name;
    this.kind = kind;
    this.dtype = dtype;
  }

  /** The allowlisted global {@code module.name}, if it is one. */
  static Optional<TorchGlobal> of(String module, String name) {
    return Optional.ofNullable(BY_NAME.get(module + "." + name));
  }

  Kind kind() {
    return kind;
  }

  /** The element type of a storage class or dtype constant; null for the others. */
  DType dtype() {
    return dtype;
  }

  String qualifiedName() {
    return module + "." + name;
  }

  @Override
  public String toString() {
    return qualifiedName();
  }

  /** REDUCE: the value {@code global(*args)} would be, built without running anything. */
  Object call(Object[] args) {
    return switch (this) {
      case ORDERED_DICT, COUNTER -> dict(args);
      case SET -> args.length == 0
          ? new LinkedHashSet<>()
          : new LinkedHashSet<>(Pickles.hashables(arg(args, 0, List.class, "set items")));
      case BYTEARRAY -> args.length == 0 ? new byte[0] : bytes(args[0]);
      case CODECS_ENCODE -> bytes(args.length == 0 ? null : args[0]);
      case SIZE -> Pickles.naturals(args.length == 0 ? new Object[0] : args[0], "torch.Size");
      case GET_LAYOUT -> STRIDED;
      case REBUILD_TENSOR -> tensor(args, 4, null);
      case REBUILD_TENSOR_V2 -> tensor(args, 6, null);
      case REBUILD_TENSOR_V3 -> tensor(args, 7, dtypeArg(args, 6));
      case REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE ->
          arg(args, 0, TorchTensorRef.class, "parameter data");
      case REBUILD_FROM_TYPE_V2 -> fromType(args);
      default -> throw new PickleRefusal(
          Problem.FORBIDDEN_GLOBAL, "REDUCE calls " + this + ", which is not callable here");
    };
  }

  /** NEWOBJ: {@code cls.__new__(cls, *args)}, for the few classes that may be created. */
  Object construct(Object[] args) {
    return switch (this) {
      case ORDERED_DICT, COUNTER -> new LinkedHashMap<Object, Object>();
      case PARAMETER -> arg(args, 0, TorchTensorRef.class, "parameter data");
      default -> throw new PickleRefusal(
          Problem.FORBIDDEN_GLOBAL, "NEWOBJ creates " + this + ", which may not be created");
    };
  }

  private static Map<Object, Object> dict(Object[] args) {
    Map<Object, Object> map = new LinkedHashMap<>();
    if (args.length > 0 && args[0] instanceof List<?> pairs) {
      for (Object pair : pairs) {
        if (!(pair instanceof Object[] kv) || kv.length != 2) {
          throw new PickleRefusal(Problem.BAD_HEADER, "an OrderedDict item is not a pair");
        }
        map.put(Pickles.hashable(kv[0]), kv[1]);
      }
    } else if (args.length > 0) {
      throw new PickleRefusal(Problem.BAD_HEADER, "OrderedDict of " + Pickles.typeOf(args[0]));
    }
    return map;
  }

  private static byte[] bytes(Object value) {
    if (value instanceof byte[] b) {
      return b;
    }
    if (value instanceof String s) {
      return s.getBytes(StandardCharsets.ISO_8859_1); // _codecs.encode(s, 'latin1')
    }
    throw new PickleRefusal(Problem.BAD_HEADER, "bytes from " + Pickles.typeOf(value));
  }

  private static TorchTensorRef tensor(Object[] args, int required, DType dtype) {
    if (args.length < required) {
      throw new PickleRefusal(
          Problem.BAD_HEADER, "a tensor rebuild with " + args.length + " arguments");
    }
    TorchStorageRef storage = arg(args, 0, TorchStorageRef.class, "storage");
    long offset = Pickles.natural(args[1], "storage offset");
    List<Long> shape = Pickles.naturals(args[2], "size");
    List<Long> strides = Pickles.naturals(args[3], "stride");
    if (shape.size() != strides.size()) {
      throw new PickleRefusal(
          Problem.SHAPE_MISMATCH, "size " + shape + " and stride " + strides + " differ in rank");
    }
    return new TorchTensorRef(
        storage, offset, shape, strides, dtype == null ? storage.dtype() : dtype);
  }

  private static DType dtypeArg(Object[] args, int index) {
    if (args.length > index && args[index] instanceof TorchGlobal g && g.kind == Kind.DTYPE) {
      return g.dtype;
    }
    throw new PickleRefusal(Problem.BAD_HEADER, "_rebuild_tensor_v3 without a dtype");
  }

  /** {@code _rebuild_from_type_v2(func, new_type, args, state)} for plain tensors and parameters. */
  private static Object fromType(Object[] args) {
    if (args.length < 3
        || !(args[0] instanceof TorchGlobal func)
        || !(args[1] == TENSOR || args[1] == PARAMETER)
        || !(args[2] instanceof Object[] funcArgs)) {
      throw new PickleRefusal(
          Problem.FORBIDDEN_GLOBAL,
          "_rebuild_from_type_v2 of anything but a Tensor or Parameter rebuild");
    }
    return func.call(funcArgs);
  }

  private static <T> T arg(Object[] args, int index, Class<T> type, String what) {
    if (args.length <= index || !type.isInstance(args[index])) {
      throw new PickleRefusal(
          Problem.BAD_HEADER,
          "expected " + what + ", got "
              + (args.length <= index ? "nothing" : Pickles.typeOf(args[index])));
    }
    return type.cast(args[index]);
  }
}
