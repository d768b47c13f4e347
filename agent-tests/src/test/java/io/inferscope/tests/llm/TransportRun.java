package io.inferscope.tests.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.transport.TransportCase;
import io.inferscope.tests.apps.transport.TransportSuiteApp;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.llm.fake.RecordedRequest;
import io.inferscope.tests.llm.fake.SentResponse;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.FreePort;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One application JVM that ran every {@link TransportCase} of a batch through one client, and what
 * came of it: the application's output, the spans and metrics the agent exported, the requests the
 * fake server got and what it sent back. Each (client, batch) runs once ({@link ForkOnce}) and all the
 * suite's tests read the same run.
 */
final class TransportRun {
  /** The stream idle timeout of the watchdog batch: shorter than the slow stream's 200 ms gaps. */
  static final long WATCHDOG_IDLE_MILLIS = 150;

  private static final Map<String, ForkOnce<TransportRun>> RUNS = new ConcurrentHashMap<>();

  final Transport transport;
  final ForkedJvm.Result result;
  final Map<String, String> values;
  final List<ReceivedSpan> genAi;
  final List<ReceivedMetric> metrics;
  final byte[] exported;
  final List<RecordedRequest> requests;
  private final Map<RecordedRequest, byte[]> sentBodies = new IdentityHashMap<>();
  private final Map<RecordedRequest, Integer> sentStatus = new IdentityHashMap<>();
  final int serverPort;
  final int refusedPort;

  private TransportRun(Transport transport, ForkedJvm.Result result, OtlpReceiver receiver, FakeLlmServer server,
      int refusedPort) {
    this.transport = transport;
    this.result = result;
    this.values = LlmRuns.values(result);
    this.genAi = LlmRuns.genAiSpans(receiver.spans());
    this.metrics = receiver.metrics();
    this.exported = receiver.rawBytes();
    this.requests = server.requests();
    for (RecordedRequest request : requests) {
      SentResponse sent = server.responseTo(request);
      sentBodies.put(request, sent.body());
      sentStatus.put(request, sent.status());
    }
    this.serverPort = server.port();
    this.refusedPort = refusedPort;
  }

  /** The run of {@code batch} through {@code transport}: forked on first use, then shared. */
  static TransportRun of(Transport transport, TransportCase.Batch batch) {
    return RUNS.computeIfAbsent(transport + "/" + batch, key -> new ForkOnce<>(() -> fork(transport, batch))).get();
  }

  private static TransportRun fork(Transport transport, TransportCase.Batch batch) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      int refusedPort = FreePort.pick();
      List<String> args = new ArrayList<>(List.of(
          transport.adapterClass, server.baseUrl(), "http://127.0.0.1:" + refusedPort));
      Arrays.stream(TransportCase.values())
          .filter(c -> c.batch == batch && (c.read != TransportCase.Read.ASYNC || transport.hasAsync()))
          .forEach(c -> args.add(c.name()));
      ForkedJvm jvm = LlmRuns.withAgent(receiver, TransportSuiteApp.class.getName())
          .classpath(transport.jars())
          .args(args.toArray(String[]::new));
      if (batch == TransportCase.Batch.WATCHDOG) {
        jvm.sysProp("inferscope.stream.idle.timeout.ms", String.valueOf(WATCHDOG_IDLE_MILLIS));
      }
      return new TransportRun(transport, jvm.run().assertSuccess(), receiver, server, refusedPort);
    }
  }

  /** What the application printed for {@code c} under {@code key}, or null. */
  String value(TransportCase c, String key) {
    return values.get(c.name() + "." + key);
  }

  /** The one GenAI span of the case: the one that names its model. */
  ReceivedSpan span(TransportCase c) {
    List<ReceivedSpan> spans = genAi.stream().filter(s -> c.model.equals(s.attr("gen_ai.request.model"))).toList();
    assertEquals(1, spans.size(), () -> "one span for " + c + " (" + c.model + "); GenAI spans: " + genAi + output());
    return spans.get(0);
  }

  /**
   * The one GenAI span of a case whose call could not connect: the one that names its model or, for a
   * client that has not seen the request's body when it connects (so that its span names no model),
   * the span to the refused port in the order the cases ran.
   */
  ReceivedSpan refusedSpan(TransportCase c) {
    if (transport.seesTheBodyBeforeConnecting()) {
      return span(c);
    }
    List<TransportCase> cases = refusedCases(c.batch);
    List<ReceivedSpan> refused = genAi.stream()
        .filter(s -> Long.valueOf(refusedPort).equals(s.longAttr("server.port")))
        .sorted(Comparator.comparingLong(ReceivedSpan::startEpochNanos))
        .toList();
    assertEquals(cases.size(), refused.size(), () -> "one span per refused call " + cases + ": " + refused + output());
    for (ReceivedSpan span : refused) {
      assertNull(span.attr("gen_ai.request.model"), () -> "no body was written, no model known: " + span);
      assertEquals("chat", span.name(), () -> "no model to name: " + span);
    }
    return refused.get(cases.indexOf(c));
  }

  /** The refused case's call is counted once: under its model, or with the other refused calls under the refused port. */
  void assertRefusedCountedOnce(TransportCase c) {
    if (transport.seesTheBodyBeforeConnecting()) {
      assertCountedOnce(c);
      return;
    }
    List<ReceivedMetric> durations =
        LlmRuns.series(metrics, "gen_ai.client.operation.duration", Map.of("server.port", (long) refusedPort));
    assertEquals(1, durations.size(), () -> c + ": one duration series for the refused port " + durations);
    assertEquals(refusedCases(c.batch).size(), durations.get(0).count(), () -> c + ": each refused call counted once " + durations);
  }

  private List<TransportCase> refusedCases(TransportCase.Batch batch) {
    return Arrays.stream(TransportCase.values())
        .filter(x -> x.refused && x.batch == batch && (x.read != TransportCase.Read.ASYNC || transport.hasAsync()))
        .toList();
  }

  /** The one request the fake server got for the case: the one that names its model. */
  RecordedRequest request(TransportCase c) {
    return request(c.model);
  }

  RecordedRequest request(String model) {
    List<RecordedRequest> matching = requests.stream().filter(r -> model.equals(r.json().get("model"))).toList();
    assertEquals(1, matching.size(), () -> "one request for " + model + ": " + requests + output());
    return matching.get(0);
  }

  /**
   * The application got the answer exactly as the server sent it: the same status, and the same
   * bytes, or (for a reader that stopped early) the bytes the server sent first.
   */
  void assertAppGotWhatWasSent(TransportCase c) {
    RecordedRequest request = request(c);
    assertEquals(String.valueOf(sentStatus.get(request)), value(c, "status"), () -> "the status the server sent" + output());
    byte[] sent = sentBodies.get(request);
    String printed = value(c, "bytes.length");
    assertNotNull(printed, () -> "the application printed what it read for " + c + output());
    int length = Integer.parseInt(printed);
    if (c.readsPart()) {
      assertTrue(length <= sent.length, () -> c + ": read " + length + " bytes of " + sent.length + " sent" + output());
    } else {
      assertEquals(sent.length, length, () -> c + ": the length of the body sent" + output());
    }
    assertEquals(TransportSuiteApp.sha256(Arrays.copyOf(sent, length)), value(c, "bytes.sha256"),
        () -> c + ": the application's bytes are the server's" + output());
  }

  /** The case's call is one data point of the duration metric, under its model. */
  void assertCountedOnce(TransportCase c) {
    List<ReceivedMetric> durations =
        LlmRuns.series(metrics, "gen_ai.client.operation.duration", Map.of("gen_ai.request.model", c.model));
    assertEquals(1, durations.size(), () -> c + ": one duration series " + durations);
    assertEquals(1, durations.get(0).count(), () -> c + ": one call counted " + durations);
  }

  String output() {
    return "\n" + transport + ": " + LlmRuns.output(result);
  }
}
