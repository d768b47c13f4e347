package io.inferscope.tests.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken LLM servers, 8 client threads, a 64 MB heap, through the JDK HttpClient,
 * OkHttp, Reactor Netty and the Vert.x core HttpClient (4.5.14): every call completes exactly as it does without the agent (same bytes, or the same
 * failure), no thread dies or hangs, the agent's own threads survive, and every call's span ends.
 * The inspection cap is raised to 64 MiB so that each payload is really read, not skipped at the
 * default 1 MiB: memory must stay bounded by construction, not by the cap.
 */
class HostileServerTest {
  private static final int THREADS = 8;

  static Stream<Arguments> cases() {
    Stream<Arguments> java17 = Stream.of(HostileRuns.JDK, HostileRuns.OKHTTP).flatMap(client -> Stream.of(
        Arguments.of(17, client, HostilePayload.TINY_OBJECTS, 3, 16L << 20),
        Arguments.of(17, client, HostilePayload.MILLION_ARRAY, 3, 16L << 20),
        Arguments.of(17, client, HostilePayload.DEEP_NESTING, 3, 16L << 20),
        Arguments.of(17, client, HostilePayload.HUGE_EVENT, 1, 64L << 20),
        Arguments.of(17, client, HostilePayload.ENDLESS_LINE, 1, 8L << 20),
        Arguments.of(17, client, HostilePayload.GZIP_BOMB, 1, 16L << 20),
        Arguments.of(17, client, HostilePayload.CUT_CHUNK, 3, 16L << 20)));
    // Reactor Netty: the payloads that try the client's own handling (the parser's are the same whatever the
    // client). Not CUT_CHUNK: whether a cut body's last bytes reach the application before its error is a race
    // inside Reactor Netty, without the agent too, so two runs cannot be compared byte for byte.
    Stream<Arguments> reactorNetty = Stream.of(
        Arguments.of(17, HostileRuns.REACTOR_NETTY, HostilePayload.TINY_OBJECTS, 3, 16L << 20),
        Arguments.of(17, HostileRuns.REACTOR_NETTY, HostilePayload.HUGE_EVENT, 1, 64L << 20),
        Arguments.of(17, HostileRuns.REACTOR_NETTY, HostilePayload.ENDLESS_LINE, 1, 8L << 20),
        Arguments.of(17, HostileRuns.REACTOR_NETTY, HostilePayload.GZIP_BOMB, 1, 16L << 20));
    // Vert.x: the same payloads, and CUT_CHUNK, whose outcome Vert.x delivers the same way each run. Not HUGE_EVENT: 8 threads
    // each reading a 52 MB body through the 64 MB heap failed calls at random without the agent too (an IOException mid-body,
    // a different call each run), so the comparison says nothing there.
    Stream<Arguments> vertx = Stream.of(
        Arguments.of(17, HostileRuns.VERTX, HostilePayload.TINY_OBJECTS, 3, 16L << 20),
        Arguments.of(17, HostileRuns.VERTX, HostilePayload.ENDLESS_LINE, 1, 8L << 20),
        Arguments.of(17, HostileRuns.VERTX, HostilePayload.GZIP_BOMB, 1, 16L << 20),
        Arguments.of(17, HostileRuns.VERTX, HostilePayload.CUT_CHUNK, 3, 16L << 20));
    // Java 25's HttpClient and heap sizing differ: the memory-amplifying payload once there too.
    return Stream.of(java17, reactorNetty, vertx, Stream.of(
            Arguments.of(25, HostileRuns.JDK, HostilePayload.TINY_OBJECTS, 3, 16L << 20),
            Arguments.of(25, HostileRuns.REACTOR_NETTY, HostilePayload.TINY_OBJECTS, 3, 16L << 20)))
        .flatMap(s -> s);
  }

  @ParameterizedTest(name = "{2} through {1} on Java {0}")
  @MethodSource("cases")
  void theApplicationSeesWhatItWouldWithoutTheAgentAndNothingDies(
      int java, String client, HostilePayload payload, int calls, long maxBytes) {
    try (HostileServer server = HostileServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1/chat/completions";
      String[] args = {url, payload.model, String.valueOf(THREADS), String.valueOf(calls), String.valueOf(maxBytes)};
      ForkedJvm.Result without = HostileRuns.app(jvm(java), client).args(args).run();
      ForkedJvm.Result with = HostileRuns.withAgent(jvm(java), client, receiver)
          .env("INFERSCOPE_GENAI_BODY_MAX_BYTES", String.valueOf(64 << 20))
          .args(args).run();
      String both = "\nwith the agent:\n" + with.stdout() + with.stderr() + "\nwithout:\n" + without.stdout() + without.stderr();
      assertEquals(0, without.exitCode(), () -> "the reference run must pass" + both);
      assertTrue(without.stdout().contains("uncaught=0"), () -> "the reference run must pass" + both);
      assertEquals(without.exitCode(), with.exitCode(), () -> "exit code" + both);
      assertEquals(without.stdout(), with.stdout(), () -> "every call, byte for byte, and no thread died or hung" + both);
      assertFalse(with.stderr().contains("OutOfMemoryError"), () -> both);
      assertFalse(with.stderr().contains("ASSERTION FAILED"), () -> both);
      String threads = with.stderr().lines().filter(l -> l.startsWith("threads=")).findFirst().orElse("");
      assertTrue(threads.contains("BatchSpanProcessor_WorkerThread") && threads.contains("PeriodicMetricReader"),
          () -> "the SDK's export threads are alive: " + threads + both);
      if (client.equals(HostileRuns.JDK)) {
        assertTrue(threads.contains("SelectorManager"), () -> "the HttpClient's selector is alive: " + threads + both);
      }
      List<ReceivedSpan> spans = receiver.spans().stream().filter(s -> "io.inferscope.genai".equals(s.scopeName())).toList();
      assertEquals(THREADS * calls, spans.size(), () -> "every call's span ended and was exported" + both);
      assertTrue(spans.stream().noneMatch(s -> "inspection_failed".equals(s.attr("error.type"))), () -> "inspection never failed: " + spans);
    }
  }

  private static ForkedJvm jvm(int java) {
    return java == 25 ? ForkedJvm.java25() : ForkedJvm.java17();
  }
}
