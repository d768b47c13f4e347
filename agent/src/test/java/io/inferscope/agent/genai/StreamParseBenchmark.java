package io.inferscope.agent.genai;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The agent's own parsing of a streamed answer, no HTTP: SSE framing and the streaming JSON reader
 * over the bytes of the stream-cost workloads, fed in 16 KB pieces as a client delivers them. Run by
 * {@code agent-tests/bench.sh -Dbench.suite=parse}; per answer, with allocations ({@code -prof gc}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StreamParseBenchmark {
  private static final String HEAD =
      "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"";
  private static final String TAIL = "\"},\"finish_reason\":null}]}\n\n";

  @Param({"large-events", "small-events"})
  public String workload;

  private byte[] stream;

  @Setup
  public void setUp() {
    StringBuilder sb = new StringBuilder();
    if (workload.equals("large-events")) {
      char[] content = new char[1_000_000];
      Arrays.fill(content, 'a');
      for (int i = 0; i < 40; i++) {
        sb.append(HEAD).append(content).append(TAIL);
      }
    } else {
      for (int i = 0; i < 200_000; i++) {
        sb.append(HEAD).append('x').append(TAIL);
      }
    }
    stream = sb.append("data: [DONE]\n\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Benchmark
  public int parse() {
    LlmResponse response = new LlmResponse(OpenAiWire.CHAT, 0);
    SseParser sse = new SseParser(1 << 20, response);
    for (int i = 0; i < stream.length; i += 16 * 1024) {
      sse.feed(stream, i, Math.min(16 * 1024, stream.length - i));
    }
    sse.finish();
    if (!response.completed() || response.malformed()) {
      throw new IllegalStateException("not read whole");
    }
    return response.chunks();
  }
}
