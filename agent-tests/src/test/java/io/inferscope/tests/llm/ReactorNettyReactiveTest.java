package io.inferscope.tests.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.transport.ReactiveScenario;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.llm.fake.RecordedRequest;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What reactive applications do with Reactor Netty and WebClient beyond the transport suite's calls
 * ({@code apps/transport/ReactiveCallsApp}, {@link ReactiveScenario}): an operator working on each chunk as it arrives runs in
 * the call's context; {@code take(n)} and {@code dispose()} end the span as an early close;
 * Reactor's {@code retry} is one span per call on the wire, and so is a followed redirect; an
 * application's own traceparent goes out untouched; switched off, nothing is traced. Run on the oldest and newest Reactor Netty on Java 17, and the newest on Java 25.
 */
class ReactorNettyReactiveTest {
  /** Named, not referenced: the test JVM has none of the application's libraries. */
  private static final String APP = "io.inferscope.tests.apps.transport.ReactiveCallsApp";
  private static final Map<String, ForkOnce<Run>> RUNS = new ConcurrentHashMap<>();

  /** One application JVM that ran every scenario, and what came of it. */
  record Run(String name, ForkedJvm.Result result, Map<String, String> values, List<ReceivedSpan> genAi, List<RecordedRequest> requests) {
    String value(ReactiveScenario scenario, String key) {
      return values.get(scenario.name() + "." + key);
    }

    List<ReceivedSpan> spans(String model) {
      return genAi.stream().filter(s -> model.equals(s.attr("gen_ai.request.model"))).toList();
    }

    ReceivedSpan span(String model) {
      List<ReceivedSpan> spans = spans(model);
      assertEquals(1, spans.size(), () -> "one span for " + model + ": " + genAi + output());
      return spans.get(0);
    }

    List<RecordedRequest> requests(String model) {
      return requests.stream().filter(r -> model.equals(r.json().get("model"))).toList();
    }

    String output() {
      return "\n" + name + ": " + LlmRuns.output(result);
    }
  }

  static Stream<String> runs() {
    return Stream.of("reactor-netty-1.2.11 on Java 17", "reactor-netty-1.3.7 on Java 17", "reactor-netty-1.3.7 on Java 25");
  }

  private static Run run(String name) {
    return RUNS.computeIfAbsent(name, key -> new ForkOnce<>(() -> fork(key))).get();
  }

  private static Run fork(String name) {
    return fork(name, false, ReactiveScenario.values());
  }

  private static Run fork(String name, boolean switchedOff, ReactiveScenario... scenarios) {
    String folder = name.substring(0, name.indexOf(' '));
    ForkedJvm runtime = name.endsWith("25") ? ForkedJvm.java25() : ForkedJvm.java17();
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http();
        Redirector redirector = new Redirector(server.baseUrl())) {
      List<String> args = new ArrayList<>(List.of(server.baseUrl(), redirector.baseUrl()));
      Stream.of(scenarios).forEach(scenario -> args.add(scenario.name()));
      ForkedJvm jvm = AgentApps.exportingTo(runtime.withAgent().classpathFromTest(), receiver, AgentApps.HTTP)
          .mainClass(APP)
          .classpath(LlmRuns.jarsIn("inferscope.reactor.netty.libs", folder))
          .args(args.toArray(String[]::new));
      if (switchedOff) {
        jvm.sysProp("inferscope.instrumentation.reactor-netty.enabled", "false");
      }
      ForkedJvm.Result result = jvm.run().assertSuccess();
      return new Run(name, result, LlmRuns.values(result), LlmRuns.genAiSpans(receiver.spans()), server.requests());
    }
  }

  /** A server that answers every request with a 307 to the same path on {@code target}. */
  private static final class Redirector implements AutoCloseable {
    private final HttpServer server;

    Redirector(String target) {
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.createContext("/", exchange -> {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Location", target + exchange.getRequestURI().getPath());
        exchange.sendResponseHeaders(307, -1);
        exchange.close();
      });
      server.start();
    }

    String baseUrl() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /**
   * The client's own redirect is an attempt of its own: the 307 attempt ends answered (not an error),
   * the followed one is a span of its own, its child, and the request each server got names its span.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void aFollowedRedirectIsOneSpanPerAttempt(String name) {
    Run run = run(name);
    String model = ReactiveScenario.REDIRECT.model;
    assertTrue(String.valueOf(run.value(ReactiveScenario.REDIRECT, "answer")).startsWith("200 "), run::output);
    List<ReceivedSpan> spans = run.spans(model).stream()
        .sorted(java.util.Comparator.comparingLong(ReceivedSpan::startEpochNanos)).toList();
    assertEquals(2, spans.size(), () -> "one span per attempt: " + run.genAi());
    ReceivedSpan redirected = spans.get(0);
    ReceivedSpan followed = spans.get(1);
    assertEquals("UNSET", redirected.statusCode(), redirected::toString);
    assertNull(redirected.attr("error.type"), redirected::toString);
    assertNotEquals(followed.attr("server.port"), redirected.attr("server.port"), "two servers");
    assertEquals("UNSET", followed.statusCode(), followed::toString);
    assertEquals(redirected.spanId(), followed.parentSpanId(), () -> "the followed attempt is the redirected one's child: " + spans);
    List<RecordedRequest> requests = run.requests(model);
    assertEquals(1, requests.size(), run::output);
    assertTrue(requests.get(0).headers("traceparent").get(0).contains(followed.spanId()), () -> requests + " " + followed);
  }

  /**
   * Switched off, Reactor Netty is left alone: the stream is not traced and its request carries no
   * trace header, while the JDK HttpClient call its operator makes still is (export works).
   */
  @org.junit.jupiter.api.Test
  void switchedOffTheClientIsLeftAlone() {
    Run run = fork("reactor-netty-1.3.7 on Java 17", true, ReactiveScenario.OPERATORS);
    assertTrue(run.result().stderr().contains("instrumentations [") && !run.result().stderr().contains("reactor-netty,"),
        run::output);
    assertEquals("true", run.value(ReactiveScenario.OPERATORS, "done"), run::output);
    assertEquals(List.of(), run.spans(ReactiveScenario.OPERATORS.model), run::output);
    List<RecordedRequest> requests = run.requests(ReactiveScenario.OPERATORS.model);
    assertEquals(1, requests.size(), run::output);
    assertEquals(List.of(), requests.get(0).headers("traceparent"), run::output);
    ReceivedSpan inOperator = LlmRuns.onlyNamed(run.genAi(), "embeddings " + ReactiveScenario.OPERATORS.operatorModel());
    assertEquals("", inOperator.parentSpanId(), "nothing is current in the operator: a root " + inOperator);
  }

  /** A Reactor operator on each chunk runs on the event loop in the call's context: an LLM call it makes is the call's child. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void anOperatorOnTheStreamRunsInTheCallsContext(String name) {
    Run run = run(name);
    for (ReactiveScenario scenario : List.of(ReactiveScenario.OPERATORS, ReactiveScenario.WEBCLIENT_OPERATORS)) {
      assertEquals("200", run.value(scenario, "operator.embeddings"), run::output);
      ReceivedSpan call = run.span(scenario.model);
      assertEquals("completed", call.attr("inferscope.stream.outcome"), call::toString);
      assertEquals(true, call.attributes().get("gen_ai.request.stream"), call::toString);
      ReceivedSpan inOperator = LlmRuns.onlyNamed(run.genAi(), "embeddings " + scenario.operatorModel());
      assertEquals(call.spanId(), inOperator.parentSpanId(), () -> scenario + ": the operator's call is the stream's child " + run.genAi());
      assertEquals(call.traceId(), inOperator.traceId(), call::toString);
    }
    assertEquals("true", run.value(ReactiveScenario.OPERATORS, "done"), run::output);
  }

  /** {@code take(1)} on a stream that stalls after its first chunk cancels it: an early close, not an error. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void takeCancelsTheStreamAndItsSpanEndsCancelled(String name) {
    Run run = run(name);
    assertEquals("1", run.value(ReactiveScenario.TAKE, "taken"), run::output);
    ReceivedSpan span = run.span(ReactiveScenario.TAKE.model);
    assertEquals("cancelled", span.attr("inferscope.stream.outcome"), span::toString);
    assertEquals("UNSET", span.statusCode(), span::toString);
    assertNull(span.attr("error.type"), span::toString);
  }

  /** Disposing the subscription before the answer came ends the span then, as an early close. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void disposingBeforeTheAnswerEndsTheSpanCancelled(String name) {
    Run run = run(name);
    assertEquals("true", run.value(ReactiveScenario.DISPOSE, "disposed"), run::output);
    assertNull(run.value(ReactiveScenario.DISPOSE, "answered"), run::output);
    ReceivedSpan span = run.span(ReactiveScenario.DISPOSE.model);
    assertEquals("cancelled", span.attr("inferscope.stream.outcome"), span::toString);
    assertEquals("UNSET", span.statusCode(), span::toString);
    long millis = (span.endEpochNanos() - span.startEpochNanos()) / 1_000_000;
    assertTrue(millis < 500, () -> "ended when disposed, before the late answer (" + millis + " ms): " + span);
  }

  /** Reactor's {@code retry(1)} after a 429 subscribes again: two calls on the wire, two spans, each its own 429. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void aReactorRetryIsOneSpanPerCallOnTheWire(String name) {
    Run run = run(name);
    String model = ReactiveScenario.RETRY.model;
    assertEquals("2", run.value(ReactiveScenario.RETRY, "attempts"), run::output);
    assertEquals(2, run.requests(model).size(), run::output);
    List<ReceivedSpan> spans = run.spans(model);
    assertEquals(2, spans.size(), () -> "one span per attempt: " + run.genAi());
    for (ReceivedSpan span : spans) {
      assertEquals("429", span.attr("error.type"), span::toString);
      assertEquals("ERROR", span.statusCode(), span::toString);
    }
    assertNotEquals(spans.get(0).spanId(), spans.get(1).spanId());
  }

  /** A traceparent the application set itself is what the server gets, once; the call is still traced. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void anApplicationsOwnTraceparentIsLeftAsItIs(String name) {
    Run run = run(name);
    String model = ReactiveScenario.OWN_TRACEPARENT.model;
    assertTrue(String.valueOf(run.value(ReactiveScenario.OWN_TRACEPARENT, "answer")).startsWith("200 "), run::output);
    List<RecordedRequest> requests = run.requests(model);
    assertEquals(1, requests.size(), run::output);
    assertEquals(List.of(ReactiveScenario.APPLICATION_TRACEPARENT), requests.get(0).headers("traceparent"), run::output);
    ReceivedSpan span = run.span(model);
    assertEquals("UNSET", span.statusCode(), span::toString);
    // Every other request carries exactly one traceparent, the agent's.
    for (RecordedRequest request : run.requests()) {
      assertEquals(1, request.headers("traceparent").size(), request::toString);
    }
  }

  /**
   * A request body sent as a Flux of buffers is read piece by piece, whole once sent: the span has what
   * the request asked (the run's spans are told apart by their request model, so there is one only if
   * the body was read), and the server got the body as the application wrote it.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void aBodySentAsAFluxOfBuffersIsRead(String name) {
    Run run = run(name);
    String model = ReactiveScenario.FLUX_BODY.model;
    assertTrue(String.valueOf(run.value(ReactiveScenario.FLUX_BODY, "answer")).startsWith("200 "), run::output);
    List<RecordedRequest> requests = run.requests(model);
    assertEquals(1, requests.size(), run::output);
    assertEquals(ReactiveScenario.FLUX_BODY.chat(), requests.get(0).bodyText(), run::output);
    ReceivedSpan span = run.span(model);
    assertEquals("chat " + model, span.name(), span::toString);
    assertEquals("UNSET", span.statusCode(), span::toString);
  }
}
