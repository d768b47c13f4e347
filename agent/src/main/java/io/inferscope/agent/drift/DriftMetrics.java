package io.inferscope.agent.drift;

import io.inferscope.agent.anomaly.AnomalyKey;
import io.inferscope.agent.ml.MlAttributes;
import io.inferscope.agent.sampling.AnomalyFlags;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The drift summaries of a process and their metrics (names as in docs/telemetry.md, "Model behaviour"):
 *
 * <ul>
 *   <li>{@code ml.prediction.drift}: asynchronous gauge, PSI of the current window against the reference,
 *       computed at collection; per {@code ml.model.name} and {@code ml.output.name}, and for a tabular
 *       input per {@code ml.input.name} and {@code ml.input.feature.index} (watched features only, so at
 *       most {@code maxFeatures} series per input). Absent until a summary's reference is complete and its
 *       current window full.
 *   <li>{@code ml.prediction.class}: asynchronous counter of inspected predictions per class
 *       ({@code ml.prediction.class}: class index or DJL class name, {@code _OTHER} past the class cap). It
 *       counts inspected predictions only: with one prediction in N inspected it is about 1/N of the traffic,
 *       and it is the mix of classes, not their rate, that it is for.
 *   <li>{@code ml.prediction.score}: histogram of the top-1 score of class outputs and of the value of scalar
 *       outputs, recorded as they are inspected (a histogram cannot be asynchronous). Bucket advice suits
 *       probabilities in [0, 1]; logits and regression values beyond 1 land in the last bucket, so for those
 *       a base-2 exponential histogram (an SDK view) reads better.
 * </ul>
 *
 * Summaries are created here, once per model and output (the hooks keep the returned summary with the
 * session rather than look it up per call), and bounded: past {@link #MAX_SUMMARIES} none is created
 * (null), so memory stays bounded whatever the application loads.
 */
public final class DriftMetrics {
  static final int MAX_SUMMARIES = 256;
  public static final AttributeKey<String> OUTPUT_NAME = AttributeKey.stringKey("ml.output.name");
  public static final AttributeKey<String> INPUT_NAME = AttributeKey.stringKey("ml.input.name");
  public static final AttributeKey<Long> FEATURE_INDEX = AttributeKey.longKey("ml.input.feature.index");
  public static final AttributeKey<String> PREDICTION_CLASS = AttributeKey.stringKey("ml.prediction.class");
  /** Top-1 probabilities mostly sit near 1: finer buckets there. */
  static final List<Double> SCORE_BUCKETS =
      List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0);

  private final DriftSettings settings;
  private final DriftListener listener;
  private final DoubleHistogram scores;
  private final Map<String, Registered> summaries = new ConcurrentHashMap<>();
  private final Consumer<DriftSummary> created;

  /** A summary and the attributes its series carry, built once. */
  private static final class Registered {
    final DriftSummary summary;
    /** Whose anomaly a flag of this summary is counted as (inferscope.anomaly.count). */
    final AnomalyKey owner;
    final Attributes attributes;
    /** Per class bin (ml.prediction.class) or per feature (ml.prediction.drift), filled at collection. */
    final Map<String, Attributes> classAttributes = new ConcurrentHashMap<>();
    final Attributes[] featureAttributes;

    Registered(DriftSummary summary, AnomalyKey owner, Attributes attributes) {
      this.summary = summary;
      this.owner = owner;
      this.attributes = attributes;
      int features = summary instanceof TabularInputSummary input ? input.watchedFeatures() : 0;
      this.featureAttributes = new Attributes[features];
      for (int f = 0; f < features; f++) {
        featureAttributes[f] = attributes.toBuilder().put(FEATURE_INDEX, (long) f).build();
      }
    }
  }

  public DriftMetrics(Meter meter, DriftSettings settings, DriftListener listener) {
    this(meter, settings, listener, null);
  }

  /** @param created told of each summary once, as it is created (e.g. to pin a saved reference); may be null */
  public DriftMetrics(Meter meter, DriftSettings settings, DriftListener listener, Consumer<DriftSummary> created) {
    this.settings = settings;
    this.listener = listener;
    this.created = created;
    this.scores = meter.histogramBuilder("ml.prediction.score").setUnit("1")
        .setDescription("Top-1 score of inspected class predictions, or the value of inspected scalar outputs")
        .setExplicitBucketBoundariesAdvice(SCORE_BUCKETS).build();
    meter.gaugeBuilder("ml.prediction.drift").setUnit("1")
        .setDescription("Population Stability Index of the current window of predictions (or input feature values) "
            + "against the reference window; above 0.2 is a significant shift")
        .buildWithCallback(this::observeDrift);
    meter.counterBuilder("ml.prediction.class").setUnit("{prediction}")
        .setDescription("Inspected predictions per predicted class (classes capped, the rest as _OTHER)")
        .buildWithCallback(this::observeClasses);
  }

  /**
   * The summary of a class output fed by class index, created on first use; null past the cap.
   *
   * @param owner the model's anomaly key (system, model, operation): flags are counted under it, and its
   *     model names the summary
   */
  public ClassOutputSummary classOutput(AnomalyKey owner, String output) {
    String model = owner.model();
    return (ClassOutputSummary) summary("class", owner, output, () -> outputAttributes(model, output),
        a -> new ClassOutputSummary(model, output, false, settings, listener, scores, a));
  }

  /** The summary of a class output fed by class name (DJL {@code Classifications}); null past the cap. */
  public ClassOutputSummary namedClassOutput(AnomalyKey owner, String output) {
    String model = owner.model();
    return (ClassOutputSummary) summary("named", owner, output, () -> outputAttributes(model, output),
        a -> new ClassOutputSummary(model, output, true, settings, listener, scores, a));
  }

  /** The summary of a scalar or regression output, its values also in {@code ml.prediction.score}; null past the cap. */
  public ScalarOutputSummary scalarOutput(AnomalyKey owner, String output) {
    return scalarOutput(owner, output, true);
  }

  /**
   * The summary of a scalar output; null past the cap. One summary per model and output: the first call
   * decides whether its values are scores.
   *
   * @param scored false for values that are not scores (an LLM's output token count): the
   *     {@code ml.prediction.score} buckets are for probabilities in [0, 1], so such values would all land
   *     in its last bucket and skew the score distribution of the model
   */
  public ScalarOutputSummary scalarOutput(AnomalyKey owner, String output, boolean scored) {
    String model = owner.model();
    return (ScalarOutputSummary) summary("scalar", owner, output, () -> outputAttributes(model, output),
        a -> new ScalarOutputSummary(model, output, settings, listener, scored ? scores : null, scored ? a : null));
  }

  /** The summary of a 2-D float input with {@code features} columns; null past the cap. */
  public TabularInputSummary tabularInput(AnomalyKey owner, String input, int features) {
    String model = owner.model();
    return (TabularInputSummary) summary("input", owner, input,
        () -> Attributes.of(MlAttributes.MODEL_NAME, model, INPUT_NAME, input),
        a -> new TabularInputSummary(model, input, features, settings, listener));
  }

  /** Every summary created so far. */
  public Collection<DriftSummary> summaries() {
    List<DriftSummary> all = new ArrayList<>();
    summaries.values().forEach(r -> all.add(r.summary));
    return all;
  }

  private DriftSummary summary(String kind, AnomalyKey owner, String name, Supplier<Attributes> attributes,
      Function<Attributes, DriftSummary> create) {
    String key = kind + '\u0000' + owner.system() + '\u0000' + owner.model() + '\u0000' + name;
    Registered found = summaries.get(key);
    if (found != null) {
      return found.summary;
    }
    if (summaries.size() >= MAX_SUMMARIES) {
      return null;
    }
    boolean[] isNew = new boolean[1];
    DriftSummary summary = summaries.computeIfAbsent(key, k -> {
      Attributes a = attributes.get();
      isNew[0] = true;
      return new Registered(create.apply(a), owner, a);
    }).summary;
    if (isNew[0] && created != null) {
      created.accept(summary);
    }
    return summary;
  }

  /** Every summary's flags so far, under its owner's key and reason (for inferscope.anomaly.count). */
  public void forEachFlag(AnomalyFlags.Sink sink) {
    for (Registered r : summaries.values()) {
      // Evaluated here too, not only in the drift gauge's callback: the SDK may run this callback first, and a
      // flag first raised by the gauge's evaluation would then miss this collection, and, at the last one
      // before exit, never be counted.
      r.summary.evaluate();
      sink.flags(r.owner, r.summary.reason(), r.summary.flags());
    }
  }

  private static Attributes outputAttributes(String model, String output) {
    return Attributes.of(MlAttributes.MODEL_NAME, model, OUTPUT_NAME, output);
  }

  private void observeDrift(ObservableDoubleMeasurement measurement) {
    for (Registered r : summaries.values()) {
      double psi = r.summary.evaluate();
      if (r.summary instanceof TabularInputSummary input) {
        double[] perFeature = input.featurePsi();
        for (int f = 0; f < perFeature.length; f++) {
          if (!Double.isNaN(perFeature[f])) {
            measurement.record(perFeature[f], r.featureAttributes[f]);
          }
        }
      } else if (!Double.isNaN(psi)) {
        measurement.record(psi, r.attributes);
      }
    }
  }

  private void observeClasses(ObservableLongMeasurement measurement) {
    for (Registered r : summaries.values()) {
      if (r.summary instanceof ClassOutputSummary classes) {
        for (ClassOutputSummary.ClassCount count : classes.classCounts()) {
          Attributes a = r.classAttributes.computeIfAbsent(count.label(),
              label -> r.attributes.toBuilder().put(PREDICTION_CLASS, label).build());
          measurement.record(count.count(), a);
        }
      }
    }
  }
}
