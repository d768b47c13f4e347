package io.inferscope.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.DoubleStream;
import java.util.stream.LongStream;

/**
 * Just enough of the protobuf wire format to read an ONNX {@code TensorProto}, the format of the
 * {@code input_N.pb} / {@code output_N.pb} files of the ONNX backend test data, so tests can feed
 * third-party models their reference inputs without protoc or the onnx Python package.
 *
 * <p>Supports FLOAT, DOUBLE, INT32, INT64 and BOOL tensors, with values in the typed repeated fields
 * (packed or not) or in {@code raw_data} (little-endian). Anything else fails with an
 * {@link IllegalArgumentException} naming the type.
 */
public final class TensorProtoReader {
  // TensorProto field numbers.
  private static final int DIMS = 1;
  private static final int DATA_TYPE = 2;
  private static final int SEGMENT = 3;
  private static final int FLOAT_DATA = 4;
  private static final int INT32_DATA = 5;
  private static final int STRING_DATA = 6;
  private static final int INT64_DATA = 7;
  private static final int NAME = 8;
  private static final int RAW_DATA = 9;
  private static final int DOUBLE_DATA = 10;
  private static final int DATA_LOCATION = 14;

  // Wire types.
  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;

  /** The element types this reader decodes, with their TensorProto.DataType numbers. */
  public enum DataType {
    FLOAT(1),
    INT32(6),
    INT64(7),
    BOOL(9),
    DOUBLE(11);

    public final int code;

    DataType(int code) {
      this.code = code;
    }

    static DataType of(int code) {
      for (DataType type : values()) {
        if (type.code == code) {
          return type;
        }
      }
      throw new IllegalArgumentException("unsupported TensorProto data_type " + code + " (" + onnxName(code)
          + "); supported: " + Arrays.toString(values()));
    }

    private static String onnxName(int code) {
      String[] names = {"UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "STRING", "BOOL",
          "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16"};
      return code >= 0 && code < names.length ? names[code] : "unknown";
    }
  }

  /**
   * A decoded tensor. {@code name} is "" when the file has none; {@code values} is a row-major
   * {@code float[]}, {@code double[]}, {@code int[]}, {@code long[]} or {@code boolean[]} as
   * {@code type} says, with as many elements as the product of {@code dims} (1 for a scalar).
   */
  public record Tensor(String name, long[] dims, DataType type, Object values) {
    public int elementCount() {
      return java.lang.reflect.Array.getLength(values);
    }

    /** The dims as ONNX Runtime and the agent format a shape: {@code [1,3,5,5]}, {@code []} for a scalar. */
    public String shape() {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < dims.length; i++) {
        out.append(i == 0 ? "" : ",").append(dims[i]);
      }
      return out.append(']').toString();
    }
  }

  private TensorProtoReader() {}

  public static Tensor read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
    try {
      return parse(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  public static Tensor parse(byte[] bytes) {
    Input in = new Input(bytes, 0, bytes.length);
    LongStream.Builder dims = LongStream.builder();
    int dataTypeCode = 0;
    String name = "";
    byte[] raw = null;
    // Floats widen to double exactly and narrow back exactly.
    DoubleStream.Builder floats = DoubleStream.builder();
    DoubleStream.Builder doubles = DoubleStream.builder();
    LongStream.Builder int32s = LongStream.builder();
    LongStream.Builder int64s = LongStream.builder();
    while (!in.atEnd()) {
      long tag = in.varint();
      int field = (int) (tag >>> 3);
      int wireType = (int) (tag & 7);
      switch (field) {
        case DIMS -> readInts(in, wireType, dims, field);
        case DATA_TYPE -> dataTypeCode = (int) expectVarint(in, wireType, field);
        case FLOAT_DATA -> readFloats(in, wireType, floats);
        case INT32_DATA -> readInts(in, wireType, int32s, field);
        case INT64_DATA -> readInts(in, wireType, int64s, field);
        case NAME -> name = new String(expectBytes(in, wireType, field), StandardCharsets.UTF_8);
        case RAW_DATA -> raw = expectBytes(in, wireType, field);
        case DOUBLE_DATA -> readDoubles(in, wireType, doubles);
        case SEGMENT -> throw new IllegalArgumentException(
            "field 3 (segment) is not supported: a segmented tensor, or not a TensorProto (a SequenceProto?)");
        case STRING_DATA -> throw new IllegalArgumentException("string tensors are not supported");
        case DATA_LOCATION -> {
          if (expectVarint(in, wireType, field) != 0) {
            throw new IllegalArgumentException("tensors with external data are not supported");
          }
        }
        default -> in.skip(wireType);
      }
    }
    DataType type = DataType.of(dataTypeCode);
    long[] shape = dims.build().toArray();
    int count = elementCount(shape);
    Object values;
    if (raw != null) {
      values = fromRaw(raw, type, count);
    } else {
      values = switch (type) {
        case FLOAT -> toFloats(floats.build().toArray());
        case DOUBLE -> doubles.build().toArray();
        case INT32 -> toInts(int32s.build().toArray());
        case INT64 -> int64s.build().toArray();
        // BOOL values travel in int32_data, one element per value.
        case BOOL -> toBooleans(int32s.build().toArray());
      };
    }
    int actual = java.lang.reflect.Array.getLength(values);
    if (actual != count) {
      throw new IllegalArgumentException("tensor '" + name + "' of shape " + Arrays.toString(shape) + " needs "
          + count + " values of type " + type + " but has " + actual);
    }
    return new Tensor(name, shape, type, values);
  }

  private static int elementCount(long[] dims) {
    long count = 1;
    for (long dim : dims) {
      if (dim < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
      }
      count = Math.multiplyExact(count, dim);
    }
    return Math.toIntExact(count);
  }

  private static Object fromRaw(byte[] raw, DataType type, int count) {
    ByteBuffer buffer = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    int width = switch (type) {
      case FLOAT, INT32 -> 4;
      case DOUBLE, INT64 -> 8;
      case BOOL -> 1;
    };
    if (raw.length != (long) count * width) {
      throw new IllegalArgumentException("raw_data has " + raw.length + " bytes; " + count + " values of type "
          + type + " need " + (long) count * width);
    }
    switch (type) {
      case FLOAT -> {
        float[] out = new float[count];
        buffer.asFloatBuffer().get(out);
        return out;
      }
      case DOUBLE -> {
        double[] out = new double[count];
        buffer.asDoubleBuffer().get(out);
        return out;
      }
      case INT32 -> {
        int[] out = new int[count];
        buffer.asIntBuffer().get(out);
        return out;
      }
      case INT64 -> {
        long[] out = new long[count];
        buffer.asLongBuffer().get(out);
        return out;
      }
      case BOOL -> {
        boolean[] out = new boolean[count];
        for (int i = 0; i < count; i++) {
          out[i] = raw[i] != 0;
        }
        return out;
      }
      default -> throw new AssertionError(type);
    }
  }

  private static int[] toInts(long[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (int) values[i];
    }
    return out;
  }

  private static boolean[] toBooleans(long[] values) {
    boolean[] out = new boolean[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] != 0;
    }
    return out;
  }

  private static long expectVarint(Input in, int wireType, int field) {
    if (wireType != VARINT) {
      throw new IllegalArgumentException("field " + field + " has wire type " + wireType + ", expected a varint");
    }
    return in.varint();
  }

  private static byte[] expectBytes(Input in, int wireType, int field) {
    if (wireType != LENGTH_DELIMITED) {
      throw new IllegalArgumentException("field " + field + " has wire type " + wireType + ", expected bytes");
    }
    return in.bytes();
  }

  /** A repeated varint field (int32/int64), packed (one length-delimited run) or one value per tag. */
  private static void readInts(Input in, int wireType, LongStream.Builder out, int field) {
    if (wireType == LENGTH_DELIMITED) {
      Input packed = in.sub();
      while (!packed.atEnd()) {
        out.add(packed.varint());
      }
    } else {
      out.add(expectVarint(in, wireType, field));
    }
  }

  private static void readFloats(Input in, int wireType, DoubleStream.Builder out) {
    if (wireType == LENGTH_DELIMITED) {
      Input packed = in.sub();
      while (!packed.atEnd()) {
        out.add(Float.intBitsToFloat(packed.fixed32()));
      }
    } else if (wireType == FIXED32) {
      out.add(Float.intBitsToFloat(in.fixed32()));
    } else {
      throw new IllegalArgumentException("float_data has wire type " + wireType);
    }
  }

  private static void readDoubles(Input in, int wireType, DoubleStream.Builder out) {
    if (wireType == LENGTH_DELIMITED) {
      Input packed = in.sub();
      while (!packed.atEnd()) {
        out.add(Double.longBitsToDouble(packed.fixed64()));
      }
    } else if (wireType == FIXED64) {
      out.add(Double.longBitsToDouble(in.fixed64()));
    } else {
      throw new IllegalArgumentException("double_data has wire type " + wireType);
    }
  }

  /** A cursor over {@code bytes[position, end)}. */
  private static final class Input {
    private final byte[] bytes;
    private int position;
    private final int end;

    Input(byte[] bytes, int position, int end) {
      this.bytes = bytes;
      this.position = position;
      this.end = end;
    }

    boolean atEnd() {
      return position >= end;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = next();
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("malformed varint at byte " + position);
    }

    int fixed32() {
      int value = 0;
      for (int i = 0; i < 4; i++) {
        value |= next() << (8 * i);
      }
      return value;
    }

    long fixed64() {
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value |= (long) next() << (8 * i);
      }
      return value;
    }

    byte[] bytes() {
      int length = length();
      byte[] out = Arrays.copyOfRange(bytes, position, position + length);
      position += length;
      return out;
    }

    /** The next length-delimited field as its own cursor. */
    Input sub() {
      int length = length();
      Input sub = new Input(bytes, position, position + length);
      position += length;
      return sub;
    }

    void skip(int wireType) {
      switch (wireType) {
        case VARINT -> varint();
        case FIXED64 -> advance(8);
        case LENGTH_DELIMITED -> advance(length());
        case FIXED32 -> advance(4);
        default -> throw new IllegalArgumentException("unsupported wire type " + wireType + " at byte " + position);
      }
    }

    private int length() {
      long length = varint();
      if (length < 0 || length > end - position) {
        throw new IllegalArgumentException("length " + length + " at byte " + position + " runs past the end");
      }
      return (int) length;
    }

    private void advance(int count) {
      if (count > end - position) {
        throw new IllegalArgumentException("truncated field at byte " + position);
      }
      position += count;
    }

    private int next() {
      if (position >= end) {
        throw new IllegalArgumentException("truncated message at byte " + position);
      }
      return bytes[position++] & 0xFF;
    }
  }

  private static float[] toFloats(double[] widened) {
    float[] values = new float[widened.length];
    for (int i = 0; i < widened.length; i++) {
      values[i] = (float) widened[i];
    }
    return values;
  }
}
