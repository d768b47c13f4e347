package io.inferscope.agent.instrumentation.onnxruntime;

import io.inferscope.agent.drift.ModelWatch;
import io.inferscope.agent.ml.ValueReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an inspected {@code OrtSession.run}'s tensors for drift: the input map and the returned
 * {@code Result}, in place. The agent cannot link against ONNX Runtime (it lives in the application's
 * loader), so the tensor methods are found once per {@code OnnxTensor} class as method handles.
 *
 * <p>Why a private method: every public accessor of a tensor's data copies all of it ({@code getFloatBuffer}
 * allocates a buffer of the tensor's size; {@code getValue} builds nested arrays), and {@code getBufferRef}
 * is empty for the outputs of a run. {@code OnnxTensor.getBuffer()} (private, in every version from 1.16
 * to 1.29) returns a direct view of the tensor's native memory in native order, which is what
 * {@code getFloatBuffer} itself copies from. An inspected call therefore allocates two small buffer views
 * per tensor read, whatever its size (the shape is read from TensorInfo's field, not cloned by
 * {@code getShape}), and the iterators over the inputs and the result; calls that are not inspected never
 * come here. Should a future version drop the method, inspection reports it once and turns
 * itself off for that class; inference is unaffected.
 *
 * <p>The views are read before the exit advice returns the {@code Result} to the application, so the
 * native memory is alive (the application frees it with {@code Result.close}).
 */
final class OrtValues implements ValueReader {
  private static final Logger log = LoggerFactory.getLogger(OrtValues.class);
  private static final String TENSOR = "ai.onnxruntime.OnnxTensor";

  /** Handles of one OnnxTensor class, all adapted to Object so that invokeExact needs no casts. */
  private record Handles(MethodHandle info, MethodHandle shape, MethodHandle type, MethodHandle buffer) {}

  /** For classes that are not a readable tensor (ClassValue takes no null). */
  private static final Handles NONE = new Handles(null, null, null, null);

  private static final ClassValue<Handles> HANDLES = new ClassValue<>() {
    @Override
    protected Handles computeValue(Class<?> type) {
      return TENSOR.equals(type.getName()) ? handlesOf(type) : NONE;
    }
  };

  @Override
  public void read(ModelWatch watch, Object inputs, Object result) {
    if (inputs instanceof Map<?, ?> byName) {
      for (Map.Entry<?, ?> input : byName.entrySet()) {
        tensor(watch, true, input.getKey(), input.getValue());
      }
    }
    // OrtSession.Result is an Iterable of (output name, OnnxValue) entries.
    if (result instanceof Iterable<?> outputs) {
      for (Object output : outputs) {
        if (output instanceof Map.Entry<?, ?> entry) {
          tensor(watch, false, entry.getKey(), entry.getValue());
        }
      }
    }
  }

  private static void tensor(ModelWatch watch, boolean input, Object name, Object value) {
    if (!(name instanceof String) || value == null) {
      return;
    }
    Handles h = HANDLES.get(value.getClass());
    if (h == NONE) {
      return; // a sequence, a map or a sparse tensor: not watched
    }
    try {
      Object info = (Object) h.info.invokeExact(value);
      String type = ((Enum<?>) (Object) h.type.invokeExact(info)).name();
      boolean floats = type.equals("FLOAT");
      if (!floats && (input || !type.equals("INT64"))) {
        return;
      }
      long[] shape = (long[]) (Object) h.shape.invokeExact(info);
      ByteBuffer data = (ByteBuffer) (Object) h.buffer.invokeExact(value);
      if (floats) {
        watch.floats(input, (String) name, shape, data.asFloatBuffer());
      } else {
        watch.longs((String) name, shape, data.asLongBuffer());
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private static Handles handlesOf(Class<?> tensorClass) {
    try {
      MethodType toObject = MethodType.methodType(Object.class, Object.class);
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(tensorClass, MethodHandles.lookup());
      Class<?> infoClass = Class.forName("ai.onnxruntime.TensorInfo", false, tensorClass.getClassLoader());
      return new Handles(
          lookup.findVirtual(tensorClass, "getInfo", MethodType.methodType(infoClass)).asType(toObject),
          // The field, not getShape(), which clones it; read only.
          lookup.findGetter(infoClass, "shape", long[].class).asType(toObject),
          lookup.findGetter(infoClass, "type", Class.forName("ai.onnxruntime.OnnxJavaType", false, tensorClass.getClassLoader()))
              .asType(toObject),
          lookup.findVirtual(tensorClass, "getBuffer", MethodType.methodType(ByteBuffer.class)).asType(toObject));
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("ONNX Runtime tensors of this version cannot be read in place ({}); drift of ONNX Runtime models is not "
          + "watched, inference telemetry is unaffected", e.toString());
      return NONE;
    }
  }
}
