package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.output;
import static io.inferscope.tests.llm.LlmRuns.values;
import static io.inferscope.tests.llm.SpringAiTest.MODEL;
import static io.inferscope.tests.llm.SpringAiTest.NEWEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.llm.fake.RecordedRequest;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spring AI 1.1.2 with reactor-netty on the class path, the common Spring setup of issue 14: Spring's
 * {@code WebClient} (Spring AI's {@code stream}) and {@code RestClient} (its {@code call}) both pick
 * Reactor Netty when it is there, so every request goes through the Reactor Netty hook underneath the
 * Spring AI one. Each logical call is still one GenAI span, and the request on the wire names it. The
 * app is {@link SpringAiTest}'s; the class path is Spring AI 1.1.2's jars plus those of Reactor Netty
 * 1.2.11's folder that Spring AI does not already bring (its Spring, Reactor and Micrometer versions win).
 */
class SpringAiOnReactorNettyTest {
  private static final String REACTOR_NETTY = "reactor-netty-1.2.11";

  private static ForkedJvm.Result run(FakeLlmServer server, OtlpReceiver receiver, String mode) {
    ForkedJvm.Result result =
        SpringAiTest.app(ForkedJvm.java17(), receiver, classpath(), server.baseUrl(), mode, MODEL).run().assertSuccess();
    assertEquals("true", values(result).get("reactor-netty"), () -> output(result));
    return result;
  }

  /**
   * Spring AI's jars, then Reactor Netty's folder's jars of the artifacts Spring AI does not have (Netty
   * and Reactor Netty itself): two versions of one artifact on a class path would clash.
   */
  private static Path[] classpath() {
    List<Path> jars = new ArrayList<>(List.of(SpringAiTest.springAi(NEWEST)));
    Set<String> artifacts = new HashSet<>();
    jars.forEach(jar -> artifacts.add(artifact(jar)));
    Stream.of(LlmRuns.jarsIn("inferscope.reactor.netty.libs", REACTOR_NETTY))
        .filter(jar -> artifacts.add(artifact(jar)))
        .forEach(jars::add);
    return jars.toArray(Path[]::new);
  }

  /** A jar's artifact name: its file name up to the version ({@code netty-codec-http-4.1.127.Final.jar}: netty-codec-http). */
  private static String artifact(Path jar) {
    String name = jar.getFileName().toString();
    return name.replaceFirst("-\\d.*$", "");
  }

  /**
   * The request went out through Reactor Netty, not the JDK HttpClient: Spring's Reactor Netty connectors
   * (WebClient's and RestClient's) switch on compression, so Reactor Netty asks for gzip, which the JDK
   * client never does; and only the JDK client offers HTTP/2 by {@code Upgrade: h2c} and
   * {@code HTTP2-Settings}. (Spring AI sets its own User-Agent, so Reactor Netty's is not there to see.)
   */
  private static void assertSentByReactorNetty(RecordedRequest request) {
    assertEquals("gzip", request.header("accept-encoding"), () -> request + " headers " + request.headers());
    assertNull(request.header("upgrade"), () -> request + " headers " + request.headers());
    assertNull(request.header("http2-settings"), () -> request + " headers " + request.headers());
  }

  /** The requests for the chat model (the stream's downstream operator makes one of its own, an embedding). */
  private static RecordedRequest onlyChatRequest(FakeLlmServer server) {
    List<RecordedRequest> chat = server.requests().stream().filter(r -> MODEL.equals(r.json().get("model"))).toList();
    assertEquals(1, chat.size(), () -> "one chat request: " + server.requests());
    return chat.get(0);
  }

  /**
   * {@code chat}: Spring AI's {@code call} through Spring's RestClient, which picks Reactor Netty too (and
   * streams the request body there); {@code stream}: WebClient on Reactor Netty, read to its end (one
   * span, completed, its operators in its trace); {@code stream-cancel}: two answers taken, then
   * cancelled (one span, ended as cancelled). Each as {@link SpringAiTest} checks it on the JDK client,
   * and the request on the wire names the call's span.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"chat", "stream", "stream-cancel"})
  void eachCallIsOneSpanThatItsRequestNames(String mode) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(server, receiver, mode);
      RecordedRequest request = onlyChatRequest(server);
      assertSentByReactorNetty(request);
      ReceivedSpan span = switch (mode) {
        case "chat" -> SpringAiTest.assertChatCall(receiver, result);
        case "stream" -> SpringAiTest.assertStreamReadWhole(receiver, result);
        default -> SpringAiTest.assertCancelledStream(receiver, result);
      };
      ApacheRuns.assertTraceparentNames(request.header("traceparent"), span);
    }
  }
}
