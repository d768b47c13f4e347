package io.inferscope.tests.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.ReceivedMetric;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.List;
import java.util.Map;

/** Runs under the anomaly sampler, and what its exports must show. */
public final class SampledRuns {
  public static final double BASE_PROBABILITY = 0.25;

  private SampledRuns() {}

  /**
   * The sampler selected the standard way, at {@link #BASE_PROBABILITY}. The rate cap is raised so that
   * what is measured is detection and export, not the cap (which LocalTraceProcessorTest covers).
   */
  public static ForkedJvm withAnomalySampler(ForkedJvm jvm) {
    return jvm.env("OTEL_TRACES_SAMPLER", "inferscope_anomaly")
        .env("OTEL_TRACES_SAMPLER_ARG", Double.toString(BASE_PROBABILITY))
        .sysProp("inferscope.anomaly.max.traces.per.second", "1000");
  }

  public static boolean flagged(ReceivedSpan span) {
    return Boolean.TRUE.equals(span.attributes().get("inferscope.anomaly"));
  }

  public static Map<String, String> counts(String stdout) {
    return Map.of(
        "slow", stdout.lines().filter(l -> l.startsWith("slow=")).findFirst().orElseThrow().substring(5),
        "normal", stdout.lines().filter(l -> l.startsWith("normal=")).findFirst().orElseThrow().substring(7));
  }

  /** Every slow call exported, flagged as a latency spike, with its score and the baseline it beat. */
  public static void assertAllFlagged(List<ReceivedSpan> slow, int expected, String what) {
    assertEquals(expected, slow.size(), () -> "every slow " + what + " is exported: " + slow);
    for (ReceivedSpan span : slow) {
      assertTrue(flagged(span), () -> "slow " + what + " flagged: " + span);
      // Flagged as slow: a spike, or, when other load moved the whole key at that moment (a loaded CI machine),
      // the level shift that this far slower call completes.
      assertTrue(List.of("latency_spike", "level_shift").contains(span.attr("inferscope.anomaly.reason")), span::toString);
      double score = (Double) span.attributes().get("inferscope.anomaly.score");
      assertTrue(score >= 1.5, () -> "score at least the default sensitivity: " + span);
      double baseline = (Double) span.attributes().get("inferscope.anomaly.baseline");
      double seconds = (span.endEpochNanos() - span.startEpochNanos()) / 1e9;
      assertTrue(baseline > 0 && baseline * 3 < seconds, () -> "the baseline it was judged against is far below it: " + span);
      assertEquals(1.0, span.attributes().get("inferscope.sampling.probability"), span::toString);
    }
  }

  /**
   * Whether the base probability alone keeps this trace: the decision of {@code traceidratio}, which the
   * sampler shares so that services sampling at the same rate keep the same traces (the trace id's last
   * 8 bytes, as a long, below probability x Long.MAX_VALUE).
   */
  public static boolean ratioSampled(String traceId) {
    long randomPart = Long.parseUnsignedLong(traceId.substring(16), 16);
    return Math.abs(randomPart) < (long) (BASE_PROBABILITY * Long.MAX_VALUE);
  }

  /**
   * Normal calls: the unflagged ones exported are those of traces the base probability keeps (about that
   * fraction: binomial, within 5 standard deviations), which say so, plus those kept for an anomaly in
   * their trace, which say they were kept with probability 1; false positives are few.
   */
  public static void assertAboutBaseFraction(List<ReceivedSpan> exportedNormal, int normalCalls, String what) {
    long falsePositives = exportedNormal.stream().filter(SampledRuns::flagged).count();
    assertTrue(falsePositives <= normalCalls * 0.05, () -> falsePositives + " of " + normalCalls + " normal " + what + " flagged");
    int byRatio = 0;
    for (ReceivedSpan span : exportedNormal) {
      if (!flagged(span)) {
        boolean ratio = ratioSampled(span.traceId());
        byRatio += ratio ? 1 : 0;
        assertEquals(ratio ? BASE_PROBABILITY : 1.0, span.attributes().get("inferscope.sampling.probability"), span::toString);
      }
    }
    double expected = BASE_PROBABILITY * normalCalls;
    double sd = Math.sqrt(normalCalls * BASE_PROBABILITY * (1 - BASE_PROBABILITY));
    int exported = byRatio;
    assertTrue(Math.abs(exported - expected) <= 5 * sd,
        () -> exported + " normal " + what + " exported of " + normalCalls + ", expected about " + expected);
  }

  /** The latest point of a metric series with these attributes, or fails. */
  public static ReceivedMetric latest(List<ReceivedMetric> metrics, String name, Map<String, Object> attributes) {
    List<ReceivedMetric> series = metrics.stream()
        .filter(m -> m.name().equals(name) && m.attributes().entrySet().containsAll(attributes.entrySet())).toList();
    assertTrue(!series.isEmpty(), () -> "no " + name + " with " + attributes + " among " + metrics.stream().map(ReceivedMetric::name).distinct().toList());
    return series.get(series.size() - 1);
  }
}
