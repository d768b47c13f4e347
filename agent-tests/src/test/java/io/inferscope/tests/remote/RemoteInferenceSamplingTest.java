package io.inferscope.tests.remote;

import static io.inferscope.tests.sampling.SampledRuns.flagged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.JdkModelServerApp;
import io.inferscope.tests.sampling.SampledRuns;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The anomaly sampler judges remote predictions as it judges local ones, per model and operation: 400
 * predictions of one model over the JDK HttpClient, the 250th and every 50th after it (past the key's
 * warm-up: the batch-size model's, then its ratio baseline's) answered 300 ms late, and one for a model
 * the server does not have. The late ones are flagged as latency spikes against the model's usual
 * latency, the failure as an error, all of them kept; the rest is sampled down to about the base
 * probability.
 */
class RemoteInferenceSamplingTest {
  private static final String KSERVE = "{\"inputs\":[{\"name\":\"INPUT0\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}";
  private static final int CALLS = 400;
  private static final int FIRST_SLOW = 250;
  private static final int EVERY = 50;
  private static final long DELAY_MILLIS = 300;

  @Test
  void slowAndFailedRemotePredictionsAreFlaggedAndKept() {
    try (FakeModelServer server = FakeModelServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      List<String> args = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        args.addAll(List.of("POST", server.baseUrl() + "/v2/models/resnet/infer", KSERVE));
      }
      args.addAll(List.of("POST", server.baseUrl() + "/v2/models/missing/infer", KSERVE));
      server.delay(FIRST_SLOW, EVERY, DELAY_MILLIS);
      ForkedJvm app = AgentApps.exportingTo(ForkedJvm.java17().withAgent().classpathFromTest(), receiver, AgentApps.HTTP)
          .mainClass(JdkModelServerApp.class.getName()).args(args.toArray(String[]::new));
      ForkedJvm.Result result = SampledRuns.withAnomalySampler(app).run().assertSuccess();
      assertEquals(CALLS + 1, server.exchanges().size(), result.stdout());

      List<ReceivedSpan> spans = receiver.spans();
      List<ReceivedSpan> resnet = spans.stream().filter(s -> s.name().equals("predict resnet")).toList();
      // The late calls are those the server delayed (not merely slow ones: a cold first call can take as long).
      List<Long> delayed = server.delayedAt();
      assertEquals((CALLS - FIRST_SLOW) / EVERY + 1, delayed.size());
      List<ReceivedSpan> late = resnet.stream().filter(s -> delayed.stream().anyMatch(at -> covers(s, at))).toList();
      SampledRuns.assertAllFlagged(late, delayed.size(), "remote prediction");
      SampledRuns.assertAboutBaseFraction(resnet.stream().filter(s -> !late.contains(s)).toList(), CALLS - delayed.size(),
          "remote predictions");

      List<ReceivedSpan> missing = spans.stream().filter(s -> s.name().equals("predict missing")).toList();
      assertEquals(1, missing.size(), spans::toString);
      assertTrue(flagged(missing.get(0)), missing::toString);
      assertEquals("error", missing.get(0).attr("inferscope.anomaly.reason"));
      assertEquals("404", missing.get(0).attr("error.type"));
    }
  }

  /** Whether the span was open over the whole of a delay that began at {@code delayedAt} (epoch ns). */
  private static boolean covers(ReceivedSpan span, long delayedAt) {
    return span.startEpochNanos() <= delayedAt && span.endEpochNanos() >= delayedAt + DELAY_MILLIS * 1_000_000;
  }
}
