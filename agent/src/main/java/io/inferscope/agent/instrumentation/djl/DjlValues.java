package io.inferscope.agent.instrumentation.djl;

import io.inferscope.agent.drift.ModelWatch;
import io.inferscope.agent.ml.ValueReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.RandomAccess;
import org.slf4j.LoggerFactory;

/**
 * Reads an inspected DJL prediction for drift: a {@code Classifications} result (or a subclass such as
 * {@code DetectedObjects}) as a class output named {@value #OUTPUT}, by class name and probability, read
 * from its own lists without a copy. For {@code batchPredict}, at most {@code maxRowsPerTensor} results
 * spread over the batch. Other output types (NDList, images, text) are not watched. DJL lives in the
 * application's loader, so the two getters are found once per result class as method handles.
 */
final class DjlValues implements ValueReader {
  static final String OUTPUT = "classifications";
  private static final String CLASSIFICATIONS = "ai.djl.modality.Classifications";

  private record Getters(MethodHandle classNames, MethodHandle probabilities) {}

  /** For result classes that are not Classifications (ClassValue takes no null). */
  private static final Getters NONE = new Getters(null, null);

  private static final ClassValue<Getters> GETTERS = new ClassValue<>() {
    @Override
    protected Getters computeValue(Class<?> type) {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        if (CLASSIFICATIONS.equals(c.getName())) {
          return gettersOf(c);
        }
      }
      return NONE;
    }
  };

  @Override
  public void read(ModelWatch watch, Object input, Object result) {
    if (result instanceof List<?> batch) {
      if (!(batch instanceof RandomAccess)) {
        return; // walking a linked list to spread the rows would cost O(batch)
      }
      int items = batch.size();
      int inspect = Math.min(items, watch.maxRows());
      for (int j = 0; j < inspect; j++) {
        one(watch, batch.get((int) ((long) j * items / inspect)));
      }
    } else {
      one(watch, result);
    }
  }

  @SuppressWarnings("unchecked")
  private static void one(ModelWatch watch, Object result) {
    if (result == null) {
      return;
    }
    Getters g = GETTERS.get(result.getClass());
    if (g == NONE) {
      return;
    }
    try {
      Object names = (Object) g.classNames.invokeExact(result);
      Object probabilities = (Object) g.probabilities.invokeExact(result);
      if (names instanceof List<?> n && probabilities instanceof List<?> p && n instanceof RandomAccess && p instanceof RandomAccess) {
        watch.classified(OUTPUT, (List<String>) n, (List<? extends Number>) p);
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private static Getters gettersOf(Class<?> classifications) {
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      MethodType toObject = MethodType.methodType(Object.class, Object.class);
      return new Getters(
          lookup.findVirtual(classifications, "getClassNames", MethodType.methodType(List.class)).asType(toObject),
          lookup.findVirtual(classifications, "getProbabilities", MethodType.methodType(List.class)).asType(toObject));
    } catch (ReflectiveOperationException | RuntimeException e) {
      LoggerFactory.getLogger(DjlValues.class).warn("DJL Classifications of this version cannot be read ({}); "
          + "drift of DJL classifiers is not watched, inference telemetry is unaffected", e.toString());
      return NONE;
    }
  }
}
