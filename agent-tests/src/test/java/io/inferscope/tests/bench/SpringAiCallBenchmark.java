package io.inferscope.tests.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;

/**
 * The {@link LlmCallBenchmark} call made through Spring AI 1.1.2's OpenAI module (built without Spring
 * Boot, its own dependencies only: RestClient and WebClient on the JDK HttpClient): {@link #chat()} is
 * {@code ChatModel.call}, {@link #stream()} {@code StreamingChatModel.stream} read to its end. The agent
 * gives each a GenAI span at the SDK boundary, the HTTP exchange underneath reporting to it. The server
 * is the fake LLM server {@link BenchmarkMain} runs ({@code bench.llm.url}). Spring AI's jars are
 * those of target/spring-ai-libs/1.1.2, which bench.sh puts on the class path.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SpringAiCallBenchmark {
  private OpenAiChatModel model;
  private Prompt prompt;

  @Setup(Level.Trial)
  public void setUp() {
    String base = System.getProperty(LlmCallBenchmark.URL_PROPERTY);
    if (base == null) {
      throw new IllegalStateException("set -D" + LlmCallBenchmark.URL_PROPERTY + " to a fake LLM server's OpenAI base URL");
    }
    // Spring AI adds the /v1/... paths itself.
    OpenAiApi api = OpenAiApi.builder().baseUrl(base.substring(0, base.length() - "/v1".length())).apiKey("sk-bench").build();
    model = OpenAiChatModel.builder()
        .openAiApi(api)
        .defaultOptions(OpenAiChatOptions.builder().model("gpt-4o-mini").streamUsage(true).build())
        .build();
    prompt = new Prompt("Say hello");
    // Fail here, not in the measurement, if the server does not answer as expected.
    if (chat().isEmpty() || stream() < 3) {
      throw new IllegalStateException("unexpected answer from " + base);
    }
  }

  @Benchmark
  public String chat() {
    return model.call(prompt).getResult().getOutput().getText();
  }

  /** The number of answers the Flux gave, read to its end. */
  @Benchmark
  public int stream() {
    List<ChatResponse> answers = model.stream(prompt).collectList().block();
    return answers == null ? 0 : answers.size();
  }
}
