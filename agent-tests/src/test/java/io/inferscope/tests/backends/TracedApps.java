package io.inferscope.tests.backends;

import io.inferscope.tests.apps.JdkHttpLlmSequenceApp;
import io.inferscope.tests.apps.OrtApp;
import io.inferscope.tests.djl.DjlRuns;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ChildProcess;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Three applications with the agent, each its own service, exporting traces to a Zipkin server: plain
 * ONNX Runtime ({@link OrtApp}: a model load and one run of each run overload), DJL on its ONNX Runtime
 * engine ({@code DjlApp}: a load and a prediction, each with ONNX Runtime's own span inside) and an LLM
 * client on the JDK HttpClient (a chat and a streamed chat against the fake LLM server). What the Zipkin
 * test checks and the README screenshots show.
 */
final class TracedApps {
  static final String ORT_SERVICE = "ort-scorer";
  static final String DJL_SERVICE = "djl-scorer";
  static final String LLM_SERVICE = "chat-client";
  static final String MODEL = "matmul_relu";
  static final String LLM_MODEL = "gpt-4o-mini";
  static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"temperature\":0.2,\"max_tokens\":64,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  static final String CHAT_STREAM = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  /** Spans each service sends: load + 4 runs; 2 loads + 2 predictions; 2 chats. */
  static final int ORT_SPANS = 5;
  static final int DJL_SPANS = 4;
  static final int LLM_SPANS = 2;
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private TracedApps() {}

  /** Runs the three at once (they are independent) and returns when all exited, failing unless all succeeded. */
  static void run(ZipkinServer zipkin, FakeLlmServer llm, Path dir) {
    Path model = OnnxModels.matmulRelu(dir);
    String chatUrl = llm.baseUrl() + "/v1/chat/completions";
    List<ForkedJvm> apps = List.of(
        ForkedJvm.java17().withAgent().classpathFromTest("onnxruntime-").mainClass(OrtApp.class.getName())
            .env("OTEL_SERVICE_NAME", ORT_SERVICE)
            .args("overloads", model.toString()),
        DjlRuns.plain(ForkedJvm.java17().withAgent(), DjlRuns.ORT)
            .env("OTEL_SERVICE_NAME", DJL_SERVICE)
            .args(DjlRuns.ORT, "predict", dir.toString()),
        ForkedJvm.java17().withAgent().classpathFromTest().mainClass(JdkHttpLlmSequenceApp.class.getName())
            .env("OTEL_SERVICE_NAME", LLM_SERVICE)
            .args(chatUrl, "string", CHAT, "--", chatUrl, "lines", CHAT_STREAM));
    List<ChildProcess> running = new ArrayList<>();
    try {
      for (ForkedJvm app : apps) {
        running.add(AgentApps.exportingToZipkin(app, zipkin.spansEndpoint()).start());
      }
      for (ChildProcess app : running) {
        app.awaitExit(TIMEOUT).assertSuccess();
      }
    } finally {
      running.forEach(ChildProcess::close);
    }
  }
}
