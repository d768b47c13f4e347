package io.inferscope.agent.drift;

import io.inferscope.agent.config.AgentConfig;
import io.inferscope.agent.sampling.AnomalyFlags;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift watching for the whole process: its settings, the one {@link DriftMetrics} every instrumentation
 * (ONNX Runtime, DJL, LLM calls) feeds, a flag counted in {@code inferscope.anomaly.count} and logged once
 * per flag, and a saved reference pinned onto each summary it matches as the summary is created.
 */
public final class DriftMonitor {
  public static final String ENABLED = "inferscope.drift.enabled";
  public static final String SAMPLE_ONE_IN = "inferscope.drift.sample.one-in";
  public static final String REFERENCE_SIZE = "inferscope.drift.reference.size";
  public static final String WINDOW_SIZE = "inferscope.drift.window.size";
  public static final String THRESHOLD = "inferscope.drift.threshold";
  public static final String MAX_CLASSES = "inferscope.drift.max.classes";
  public static final String MAX_ELEMENTS = "inferscope.drift.tensor.max.elements";
  public static final String MAX_ROWS = "inferscope.drift.tensor.max.rows";
  public static final String MAX_FEATURES = "inferscope.drift.input.max.features";
  /** A reference file ({@link ReferenceFile}) to judge against instead of the first predictions. */
  public static final String REFERENCE_FILE = "inferscope.drift.reference.file";
  /** Where the running windows are saved ({@link SnapshotWriter}); unset: they are not. */
  public static final String SNAPSHOT_FILE = "inferscope.drift.snapshot.file";
  /** Seconds between two snapshot writes (one more at exit). */
  public static final String SNAPSHOT_INTERVAL = "inferscope.drift.snapshot.interval.s";
  private static final String SCOPE = "io.inferscope.drift";
  private static final Logger log = LoggerFactory.getLogger(DriftMonitor.class);

  private static DriftMonitor shared;
  private static boolean decided;

  private final DriftSettings settings;
  private final SamplingGate gate;
  private final DriftMetrics metrics;
  private final List<ReferenceSummary> pinned;
  private SnapshotWriter snapshots;

  DriftMonitor(OpenTelemetry openTelemetry, String agentVersion, DriftSettings settings, List<ReferenceSummary> pinned) {
    this.settings = settings;
    this.gate = new SamplingGate(settings.sampleOneIn());
    this.pinned = pinned;
    this.metrics = new DriftMetrics(openTelemetry.getMeterProvider().meterBuilder(SCOPE).setInstrumentationVersion(agentVersion).build(),
        settings, DriftMonitor::flagged, this::pin);
    AnomalyFlags.register(openTelemetry.getMeterProvider(), agentVersion, metrics::forEachFlag);
  }

  /**
   * The process's monitor, built on first use from the {@code inferscope.drift.*} settings; null when drift
   * watching is off. Every instrumentation gets the same one, so two frameworks' views of one model share
   * nothing by accident and the summary cap holds process-wide.
   */
  public static synchronized DriftMonitor shared(OpenTelemetry openTelemetry, String agentVersion) {
    if (!decided) {
      decided = true;
      AgentConfig config = AgentConfig.fromSystem();
      DriftSettings settings = settingsFrom(config);
      if (settings != null) {
        shared = new DriftMonitor(openTelemetry, agentVersion, settings, savedReference(config.raw(REFERENCE_FILE), settings));
        shared.snapshots = SnapshotWriter.start(config, shared.metrics);
      }
    }
    return shared;
  }

  /**
   * At JVM exit (the agent's shutdown hook): the last snapshot of the running windows, when they are kept.
   * Never throws.
   */
  public static void atExit() {
    SnapshotWriter writer;
    synchronized (DriftMonitor.class) {
      writer = shared == null ? null : shared.snapshots;
    }
    if (writer != null) {
      writer.write();
    }
  }

  /** The settings, or null when drift watching is off ({@code inferscope.drift.enabled=false} or one in 0). */
  static DriftSettings settingsFrom(AgentConfig config) {
    if (!config.getBoolean(ENABLED, true)) {
      return null;
    }
    DriftSettings settings = configured(config);
    return settings.sampleOneIn() == 0 ? null : settings;
  }

  /**
   * The {@code inferscope.drift.*} settings whether drift watching is on or off: what the offline commands
   * ({@code drift save|compare}) use, so they bin and judge as the agent would.
   */
  public static DriftSettings configured(AgentConfig config) {
    DriftSettings d = DriftSettings.defaults();
    int oneIn = config.getInt(SAMPLE_ONE_IN, d.sampleOneIn(), 0, 1_000_000);
    double threshold = config.getDouble(THRESHOLD, d.driftThreshold(), 0.001, 100);
    return new DriftSettings(
        config.getInt(REFERENCE_SIZE, d.referenceSize(), 10, 1_000_000),
        config.getInt(WINDOW_SIZE, d.currentSize(), 10, 1_000_000),
        config.getInt(MAX_CLASSES, d.maxClasses(), 1, DriftSettings.MAX_BINS - 1),
        d.scalarBins(),
        config.getInt(MAX_ELEMENTS, d.maxElementsPerTensor(), 1, 1 << 24),
        config.getInt(MAX_ROWS, d.maxRowsPerTensor(), 1, 4096),
        d.evaluateEvery(),
        threshold,
        threshold / 2,
        oneIn,
        config.getInt(MAX_FEATURES, d.maxFeatures(), 1, 1024),
        d.topFeatures());
  }

  /**
   * What the start line says: from what was built, or, before the first model or LLM call's hooks are
   * built (they are, as their library loads), from the settings it will be built with.
   */
  public static synchronized String describe() {
    DriftSettings settings = decided ? (shared == null ? null : shared.settings) : settingsFrom(AgentConfig.fromSystem());
    return settings == null
        ? "drift off (" + ENABLED + "=false or " + SAMPLE_ONE_IN + "=0)"
        : "drift on (one prediction in " + settings.sampleOneIn() + ")";
  }

  static List<ReferenceSummary> savedReference(String file, DriftSettings settings) {
    if (file == null) {
      return List.of();
    }
    try {
      List<ReferenceSummary> read = ReferenceFile.read(Path.of(file));
      log.info("drift reference {} read: {} summaries, pinned to matching outputs and inputs as they are first seen", file, read.size());
      return read;
    } catch (IOException | RuntimeException e) {
      log.warn("drift reference {} not used ({}); each output is judged against its first {} predictions instead",
          file, e.getMessage(), settings.referenceSize());
      return List.of();
    }
  }

  public DriftSettings settings() {
    return settings;
  }

  /** Whether to inspect this prediction (one in N): one random draw, nothing shared. */
  public boolean inspect() {
    return gate.inspect();
  }

  public DriftMetrics metrics() {
    return metrics;
  }

  private void pin(DriftSummary summary) {
    if (pinned.isEmpty()) {
      return;
    }
    try {
      if (summary instanceof TabularInputSummary input) {
        List<ReferenceSummary> features = new ArrayList<>();
        for (ReferenceSummary r : pinned) {
          if (r.kind() == ReferenceSummary.Kind.FEATURE && matches(r, summary)) {
            features.add(r);
          }
        }
        if (!features.isEmpty()) {
          input.pinReference(features);
        }
        return;
      }
      for (ReferenceSummary r : pinned) {
        if (matches(r, summary)) {
          if (summary instanceof ClassOutputSummary classes && r.kind() == ReferenceSummary.Kind.CLASS) {
            classes.pinReference(r);
          } else if (summary instanceof ScalarOutputSummary scalar && r.kind() == ReferenceSummary.Kind.SCALAR) {
            scalar.pinReference(r);
          } else {
            log.warn("drift reference for {}/{} is a {} summary, but the output is watched as {}; judged against its first "
                + "predictions instead", r.model(), r.name(), r.kind().token(), summary.getClass().getSimpleName());
          }
          return;
        }
      }
    } catch (RuntimeException e) {
      log.warn("drift reference for {}/{} not used ({}); judged against its first predictions instead",
          summary.model(), summary.name(), e.getMessage());
    }
  }

  private static boolean matches(ReferenceSummary r, DriftSummary summary) {
    return r.model().equals(summary.model()) && r.name().equals(summary.name());
  }

  private static void flagged(DriftSummary summary, double psi) {
    String what = summary instanceof TabularInputSummary ? "input" : "output";
    String detail = "";
    if (summary instanceof TabularInputSummary input) {
      StringBuilder top = new StringBuilder("; most drifted features:");
      for (TabularInputSummary.FeaturePsi f : input.mostDrifted()) {
        top.append(String.format(Locale.ROOT, " [%d] %.3f", f.feature(), f.psi()));
      }
      detail = top.toString();
    }
    log.warn("model {} {} {} drifted: PSI {} against its reference (flagged at {}, counted as inferscope.anomaly.count "
        + "reason {}){}", summary.model(), what, summary.name(), String.format(Locale.ROOT, "%.3f", psi),
        summary.settings.driftThreshold(), summary.reason(), detail);
  }
}
