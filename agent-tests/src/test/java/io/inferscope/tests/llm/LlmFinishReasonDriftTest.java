package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.output;
import static io.inferscope.tests.llm.LlmRuns.series;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * LLM behaviour end to end (README, "LLM behaviour"): the built agent in a forked JVM calls an
 * OpenAI-compatible server whose answers end with {@code stop} for the first {@value #STABLE} calls and
 * with {@code length} after that, always with the same usage. With drift windows of 50 calls, the
 * finish-reason mix of the model is flagged as drifted exactly once; its output length is not.
 */
class LlmFinishReasonDriftTest {
  private static final String MODEL = "behaviour-gpt";
  private static final int STABLE = 50;
  private static final int SHIFTED = 50;
  private static final String CHAT = "{\"model\":\"" + MODEL + "\",\"max_tokens\":7,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

  /** An OpenAI chat completion; the fake server of the other tests always says "stop", this one switches. */
  private static String answer(String finishReason) {
    return "{\"id\":\"chatcmpl-behaviour\",\"object\":\"chat.completion\",\"model\":\"" + MODEL + "-2024-07-18\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"finish_reason\":\""
        + finishReason + "\"}],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,\"total_tokens\":18}}";
  }

  @Test
  void aModelThatStartsRunningOutOfTokensIsCountedByFinishReasonAndFlaggedOnceAsOutputDrift() throws IOException {
    AtomicInteger answered = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
    server.createContext("/v1/chat/completions", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        // The JDK server handles one exchange at a time and the application calls one after the other.
        byte[] body = answer(answered.getAndIncrement() < STABLE ? "stop" : "length").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    server.start();
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions";
      List<String> args = new ArrayList<>();
      for (int i = 0; i < STABLE + SHIFTED; i++) {
        if (i > 0) {
          args.add("--");
        }
        args.addAll(List.of(url, "string", CHAT));
      }
      ForkedJvm.Result result = LlmRuns.jdkSequence(receiver, args.toArray(String[]::new))
          .sysProp("inferscope.drift.reference.size", String.valueOf(STABLE))
          .sysProp("inferscope.drift.window.size", String.valueOf(SHIFTED))
          .run().assertSuccess();
      assertEquals(STABLE + SHIFTED, result.stdout().lines().filter(l -> l.equals("status=200")).count(), () -> output(result));

      Map<String, Object> model = Map.of("gen_ai.request.model", MODEL);
      ReceivedMetric stop = only(series(receiver, "inferscope.genai.finish_reasons", Map.of("gen_ai.response.finish_reason", "stop")));
      assertEquals("SUM", stop.type());
      assertEquals("{call}", stop.unit());
      assertEquals(LlmRuns.SCOPE, stop.scopeName());
      assertEquals(Map.of("gen_ai.provider.name", "openai", "gen_ai.request.model", MODEL, "gen_ai.response.finish_reason", "stop"),
          stop.attributes());
      assertEquals(STABLE, stop.value());
      ReceivedMetric length = only(series(receiver, "inferscope.genai.finish_reasons", Map.of("gen_ai.response.finish_reason", "length")));
      assertEquals(SHIFTED, length.value());
      assertEquals(2, series(receiver, "inferscope.genai.finish_reasons", model).size(), "no other reason");

      ReceivedMetric mix = only(series(receiver, "ml.prediction.drift",
          Map.of("ml.model.name", MODEL, "ml.output.name", "gen_ai.response.finish_reasons")));
      assertEquals("GAUGE", mix.type());
      assertTrue(mix.value() > 0.2, mix::toString);
      ReceivedMetric tokens = only(series(receiver, "ml.prediction.drift",
          Map.of("ml.model.name", MODEL, "ml.output.name", "gen_ai.usage.output_tokens")));
      assertEquals(0.0, tokens.value(), "every answer had 7 output tokens");
      assertTrue(series(receiver, "ml.prediction.score", Map.of("ml.model.name", MODEL)).isEmpty(), "token counts are not scores");

      ReceivedMetric flagged = only(series(receiver, "inferscope.anomaly.count",
          Map.of("inferscope.anomaly.reason", "output_drift", "inferscope.anomaly.model", MODEL)));
      assertEquals(1.0, flagged.value(), flagged::toString);
      assertEquals("openai", flagged.attr("inferscope.anomaly.system"));
      assertEquals(Boolean.FALSE, flagged.attributes().get("inferscope.anomaly.streaming"));
      List<String> drifted = result.stderr().lines().filter(l -> l.contains("drifted")).toList();
      assertEquals(1, drifted.size(), result::stderr);
      assertTrue(drifted.get(0).startsWith("[inferscope] WARN model " + MODEL + " output gen_ai.response.finish_reasons drifted: PSI "),
          drifted::toString);
    } finally {
      server.stop(0);
    }
  }

  private static ReceivedMetric only(List<ReceivedMetric> series) {
    assertEquals(1, series.size(), series::toString);
    return series.get(0);
  }
}
