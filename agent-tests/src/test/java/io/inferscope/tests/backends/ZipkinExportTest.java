package io.inferscope.tests.backends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.FloatTranslator;
import io.inferscope.tests.apps.JdkHttpLlmApp;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's Zipkin exporter against a real Zipkin server: real ONNX Runtime, DJL on ONNX Runtime and an
 * LLM client in forked JVMs send their spans, and Zipkin's own query API returns them with their names,
 * services, parent links and tags, as a user browsing Zipkin would find them.
 */
class ZipkinExportTest {
  private static final Duration ARRIVAL = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void inferenceAndLlmSpansAreFoundThroughZipkinsApi() {
    try (ZipkinServer zipkin = ZipkinServer.start(); FakeLlmServer llm = FakeLlmServer.start()) {
      TracedApps.run(zipkin, llm, dir);

      List<ZipkinSpan> ort = spans(zipkin, TracedApps.ORT_SERVICE, TracedApps.ORT_SPANS);
      List<ZipkinSpan> djl = spans(zipkin, TracedApps.DJL_SERVICE, TracedApps.DJL_SPANS);
      List<ZipkinSpan> chats = spans(zipkin, TracedApps.LLM_SERVICE, TracedApps.LLM_SPANS);
      assertTrue(zipkin.services().containsAll(List.of(TracedApps.ORT_SERVICE, TracedApps.DJL_SERVICE, TracedApps.LLM_SERVICE)),
          () -> "services: " + zipkin.services());

      assertOnnxRuntimeSpans(ort);
      assertDjlSpansWithOnnxRuntimeInside(djl);
      assertChatSpans(zipkin, chats);
    }
  }

  private static List<ZipkinSpan> spans(ZipkinServer zipkin, String service, int expected) {
    List<ZipkinSpan> spans = zipkin.awaitSpans(service, expected, ARRIVAL);
    assertEquals(expected, spans.size(), () -> "spans of " + service + " in Zipkin: " + spans);
    spans.forEach(span -> assertEquals(service, span.service(), span::toString));
    return spans;
  }

  /** OrtApp's load and its four runs, each a trace of its own (the application has no spans of its own). */
  private static void assertOnnxRuntimeSpans(List<ZipkinSpan> spans) {
    ZipkinSpan load = only(spans, "load " + TracedApps.MODEL, "onnxruntime");
    assertModelTags(load, "load", "onnxruntime", "CPU");
    assertEquals("file", load.tag("ml.model.source"), load::toString);
    List<ZipkinSpan> runs = named(spans, "predict " + TracedApps.MODEL, "onnxruntime");
    assertEquals(4, runs.size(), () -> "one span per run: " + spans);
    for (ZipkinSpan run : runs) {
      assertModelTags(run, "predict", "onnxruntime", "CPU");
      assertNull(run.parentId(), run::toString);
      assertEquals("2", run.tag("ml.batch.size"), run::toString);
      assertEquals("X", run.tag("ml.input.names"), run::toString);
      assertEquals("[2,4]", run.tag("ml.input.shapes"), run::toString);
    }
    assertEquals(5, spans.stream().map(ZipkinSpan::traceId).distinct().count(), () -> "five traces: " + spans);
  }

  /** DJL's load and prediction, each the root of a trace holding ONNX Runtime's own span as its child. */
  private static void assertDjlSpansWithOnnxRuntimeInside(List<ZipkinSpan> spans) {
    for (String operation : List.of("load", "predict")) {
      ZipkinSpan outer = only(spans, operation + " " + TracedApps.MODEL, "djl");
      ZipkinSpan inner = only(spans, operation + " " + TracedApps.MODEL, "onnxruntime");
      assertModelTags(outer, operation, "djl", "OnnxRuntime");
      assertModelTags(inner, operation, "onnxruntime", "CPU");
      assertNull(outer.parentId(), () -> "DJL's span is the root: " + outer);
      assertEquals(outer.traceId(), inner.traceId(), () -> "one trace: " + spans);
      assertEquals(outer.id(), inner.parentId(), () -> "ONNX Runtime's " + operation + " runs inside DJL's: " + spans);
    }
    ZipkinSpan predict = only(spans, "predict " + TracedApps.MODEL, "djl");
    assertEquals("1", predict.tag("ml.batch.size"), predict::toString);
    assertEquals(FloatTranslator.class.getSimpleName(), predict.tag("ml.djl.translator"), predict::toString);
    for (String phase : List.of("preprocess", "inference", "postprocess")) {
      String key = "ml.djl." + phase + ".duration";
      assertTrue(predict.tag(key) != null && Double.parseDouble(predict.tag(key)) > 0, () -> key + " in seconds: " + predict);
    }
  }

  /** The chat and the streamed chat: CLIENT spans with the GenAI attributes, and no trace of the API key. */
  private static void assertChatSpans(ZipkinServer zipkin, List<ZipkinSpan> spans) {
    for (ZipkinSpan chat : spans) {
      assertEquals("chat " + TracedApps.LLM_MODEL, chat.name(), chat::toString);
      assertEquals("CLIENT", chat.kind(), chat::toString);
      assertNull(chat.parentId(), chat::toString);
      Map<String, String> expected = Map.of(
          "gen_ai.operation.name", "chat",
          "gen_ai.provider.name", "openai",
          "gen_ai.request.model", TracedApps.LLM_MODEL,
          "gen_ai.response.model", TracedApps.LLM_MODEL + FakeAnswer.RESPONSE_MODEL_SUFFIX,
          "gen_ai.usage.input_tokens", String.valueOf(FakeAnswer.INPUT_TOKENS),
          "gen_ai.usage.output_tokens", String.valueOf(FakeAnswer.OUTPUT_TOKENS),
          "server.address", "127.0.0.1");
      expected.forEach((key, value) -> assertEquals(value, chat.tag(key), () -> key + " of " + chat));
      String raw = zipkin.rawTrace(chat.traceId());
      assertFalse(raw.contains(JdkHttpLlmApp.API_KEY) || raw.contains("SECRET"), () -> "the API key reached Zipkin: " + raw);
    }
    ZipkinSpan streamed = spans.stream().filter(s -> "true".equals(s.tag("gen_ai.request.stream"))).findFirst()
        .orElseThrow(() -> new AssertionError("a streamed chat: " + spans));
    assertEquals("completed", streamed.tag("inferscope.stream.outcome"), streamed::toString);
    assertTrue(Double.parseDouble(streamed.tag("gen_ai.response.time_to_first_chunk")) > 0, streamed::toString);
  }

  private static void assertModelTags(ZipkinSpan span, String operation, String framework, String engine) {
    assertNull(span.kind(), () -> "INTERNAL, which Zipkin leaves without a kind: " + span);
    Map<String, String> expected = Map.of(
        "ml.operation", operation,
        "ml.framework", framework,
        "ml.engine", engine,
        "ml.model.name", TracedApps.MODEL,
        "ml.device", "cpu");
    expected.forEach((key, value) -> assertEquals(value, span.tag(key), () -> key + " of " + span));
  }

  private static List<ZipkinSpan> named(List<ZipkinSpan> spans, String name, String framework) {
    return spans.stream().filter(s -> s.name().equals(name) && framework.equals(s.tag("ml.framework"))).toList();
  }

  private static ZipkinSpan only(List<ZipkinSpan> spans, String name, String framework) {
    List<ZipkinSpan> matching = named(spans, name, framework);
    assertEquals(1, matching.size(), () -> "one '" + name + "' span of " + framework + ": " + spans);
    return matching.get(0);
  }
}
