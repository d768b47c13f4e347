package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The same OkHttp application on OkHttp 3.14.9 (Java, call classes in package okhttp3, okio 1.x):
 * the hooks find their way in the older layout too.
 */
class OkHttp3LlmTest {
  private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  private static final String STREAM = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";

  private static Path[] okHttp3Jars() {
    String folder = System.getProperty("inferscope.okhttp3.libs");
    if (folder == null) {
      throw new AssertionError("system property inferscope.okhttp3.libs is not set; run the tests with Maven");
    }
    try (Stream<Path> files = Files.list(Path.of(folder))) {
      return files.filter(p -> p.toString().endsWith(".jar")).sorted().toArray(Path[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ForkedJvm.Result run(OtlpReceiver receiver, String url, String how, String body) {
    return LlmRuns.withAgent(receiver, LlmRuns.OKHTTP_APP).classpath(okHttp3Jars()).args(url, how, body).run().assertSuccess();
  }

  @Test
  void aChatCompletionOnOkHttp3IsOneSpanWithUsage() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(receiver, server.baseUrl() + "/v1/chat/completions", "string", CHAT);
      assertEquals("200", values(result).get("status"), result.stdout());
      assertEquals("okhttp-3.14.9.jar", values(result).get("okhttp.jar"), result.stdout());
      ReceivedSpan span = LlmRuns.onlyGenAiSpan(receiver);
      assertEquals("chat gpt-4o-mini", span.name());
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
      assertEquals("gpt-4o-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, span.attr("gen_ai.response.model"), span::toString);
      assertEquals("UNSET", span.statusCode(), span::toString);
      String traceparent = server.requests().get(0).header("traceparent");
      assertTrue(String.valueOf(traceparent).startsWith("00-" + span.traceId() + "-" + span.spanId() + "-"),
          "the request names the span on OkHttp 3.14 too: " + traceparent);
    }
  }

  @Test
  void aStreamOnOkHttp3EndsCompletedWithItsChunks() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      run(receiver, server.baseUrl() + "/v1/chat/completions", "stream", STREAM);
      ReceivedSpan span = LlmRuns.onlyGenAiSpan(receiver);
      assertEquals("completed", span.attr("inferscope.stream.outcome"), span::toString);
      assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), span.longAttr("inferscope.stream.chunks"), span::toString);
    }
  }

  @Test
  void anEnqueuedCallOnOkHttp3EndsOnceAndItsCallbackJoinsTheTrace() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      run(receiver, server.baseUrl() + "/v1/chat/completions", "async", CHAT);
      List<ReceivedSpan> genAi = LlmRuns.genAiSpans(receiver.spans());
      ReceivedSpan span = LlmRuns.onlyNamed(genAi, "chat gpt-4o-mini");
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
      assertEquals(span.spanId(), LlmRuns.onlyNamed(genAi, "embeddings callback-embedder").parentSpanId(), genAi::toString);
    }
  }
}
