package io.inferscope.tests.llm;

import static io.inferscope.tests.sampling.SampledRuns.flagged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.sampling.SampledRuns;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The anomaly sampler on streamed LLM calls: 180 streamed chats of one model over the JDK HttpClient,
 * every 60th answered 1 s late (its first chunk is slow, its chunks then come at the usual pace), and a
 * failed call. The late ones are flagged as time-to-first-chunk spikes, the failure as an error; the rest
 * is sampled down to about the base probability.
 */
class LlmAnomalySamplingTest {
  private static final String CHAT_STREAM = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  private static final String FAILING = "{\"model\":\"error-400\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  private static final int CALLS = 180;
  private static final long DELAY_MILLIS = 1000; // far past the usual spread even on a loaded 2-core machine (300 ms once went unflagged there)

  @Test
  void lateFirstChunksAndFailuresAreFlaggedAndKept() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1/chat/completions";
      List<String> args = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        args.addAll(List.of(url, "lines", CHAT_STREAM, "--"));
      }
      args.addAll(List.of(url, "string", FAILING));
      server.delayEvery(60, DELAY_MILLIS);
      SampledRuns.withAnomalySampler(LlmRuns.jdkSequence(receiver, args.toArray(String[]::new))).run().assertSuccess();

      List<ReceivedSpan> spans = LlmRuns.genAiSpans(receiver.spans());
      List<ReceivedSpan> chats = spans.stream().filter(s -> "gpt-4o-mini".equals(s.attr("gen_ai.request.model"))).toList();
      List<ReceivedSpan> late = chats.stream().filter(s -> ttft(s) >= DELAY_MILLIS / 1000.0).toList();
      assertEquals(CALLS / 60, late.size(), () -> "every late answer is exported: " + late);
      for (ReceivedSpan span : late) {
        assertTrue(flagged(span), span::toString);
        assertEquals("ttft_spike", span.attr("inferscope.anomaly.reason"), span::toString);
        double baseline = (Double) span.attributes().get("inferscope.anomaly.baseline");
        assertTrue(baseline > 0 && baseline < 0.1, () -> "judged against the usual time to first chunk: " + span);
      }
      SampledRuns.assertAboutBaseFraction(chats.stream().filter(s -> ttft(s) < DELAY_MILLIS / 1000.0).toList(), CALLS - late.size(), "chats");

      ReceivedSpan failed = LlmRuns.onlyNamed(spans, "chat error-400");
      assertTrue(flagged(failed), failed::toString);
      assertEquals("error", failed.attr("inferscope.anomaly.reason"));
      assertEquals("400", failed.attr("error.type"));
    }
  }

  private static double ttft(ReceivedSpan span) {
    return (Double) span.attributes().get("gen_ai.response.time_to_first_chunk");
  }
}
