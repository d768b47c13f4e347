package io.inferscope.tests.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.JdkModelServerApp;
import io.inferscope.tests.apps.UrlConnectionModelServerApp;
import io.inferscope.tests.llm.ApacheRuns;
import io.inferscope.tests.llm.LlmRuns;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.FreePort;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Remote classic inference end to end: an application (the built agent attached) calls a fake model
 * server over 127.0.0.1 with the JDK HttpClient, OkHttp 4 or HttpURLConnection (and Apache HttpClient in one
 * test), speaking the Open Inference Protocol
 * (KServe v2 / Triton) and TensorFlow Serving REST. Each prediction is one {@code predict {model}}
 * CLIENT span with the {@code ml.*} attributes and the metrics of a local prediction, its request
 * carries a traceparent naming that span, errors are error spans, and the application's bytes are the
 * server's; requests that are no prediction get nothing at all.
 */
class RemoteInferenceTest {
  private static final String SCOPE = "io.inferscope.ml";
  /** By name: OkHttp is not on the test JVM's class path, only on the forked application's. */
  private static final String OKHTTP_APP = "io.inferscope.tests.apps.OkHttpModelServerApp";
  private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

  private static final String KSERVE = "{\"id\":\"req-1\",\"inputs\":["
      + "{\"name\":\"INPUT0\",\"shape\":[4,3],\"datatype\":\"FP32\",\"data\":[1,2,3,4,5,6,7,8,9,10,11,12]},"
      + "{\"name\":\"MASK\",\"shape\":[4],\"datatype\":\"INT64\",\"data\":[1,1,0,1]}]}";
  private static final String KSERVE_OUTPUTS = "{\"inputs\":[{\"name\":\"x\",\"shape\":[2,2],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}],"
      + "\"outputs\":[{\"name\":\"probabilities\"}]}";
  private static final String TF_ROWS = "{\"signature_name\":\"serving_default\",\"instances\":[1.0,2.0,5.0]}";
  private static final String TF_COLUMNS = "{\"inputs\":{\"age\":[[25],[40]],\"income\":[[1],[2]]}}";

  @ParameterizedTest
  @ValueSource(strings = {"jdk", "okhttp", "urlconnection"})
  void predictionsOfBothProtocolsAreClientPredictSpansWithTheMetricsOfALocalPrediction(String client) {
    try (FakeModelServer server = FakeModelServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String base = server.baseUrl();
      List<String[]> calls = List.of(
          call("POST", base + "/v2/models/resnet/infer", KSERVE),
          call("POST", base + "/v2/models/classifier/versions/3/infer", KSERVE_OUTPUTS),
          call("POST", base + "/v1/models/half_plus_two:predict", TF_ROWS),
          call("POST", base + "/v1/models/census/versions/2:classify", TF_COLUMNS),
          call("POST", base + "/v1/models/iris/labels/stable:regress", TF_ROWS));
      ForkedJvm.Result result = app(client, receiver, calls).run().assertSuccess();
      Map<String, String> values = LlmRuns.values(result);
      List<FakeModelServer.Exchange> exchanges = server.exchanges();
      assertEquals(calls.size(), exchanges.size(), exchanges::toString);
      for (int i = 0; i < calls.size(); i++) {
        assertEquals("200", values.get(i + ".status"), result.stdout());
        assertEquals(exchanges.get(i).responseSha256(), values.get(i + ".sha256"), "the application got the server's bytes: " + i);
        assertEquals(calls.get(i)[2], exchanges.get(i).requestText(), "the server got the application's body: " + i);
        assertEquals(client.equals("okhttp"), exchanges.get(i).gzipped(), "OkHttp asks for gzip and unzips it; the agent reads it all the same");
      }

      List<ReceivedSpan> spans = receiver.spans();
      assertEquals(calls.size(), spans.size(), () -> "one span per prediction, nothing else: " + spans);
      long port = server.port();
      assertEquals(Map.ofEntries(
          Map.entry("ml.operation", "predict"), Map.entry("ml.framework", "kserve"), Map.entry("ml.model.name", "resnet"),
          Map.entry("ml.model.version", "1"), Map.entry("ml.batch.size", 4L), Map.entry("ml.input.names", List.of("INPUT0", "MASK")),
          Map.entry("ml.input.shapes", List.of("[4,3]", "[4]")), Map.entry("ml.output.names", List.of("OUTPUT0")),
          Map.entry("server.address", "127.0.0.1"), Map.entry("server.port", port)),
          named(spans, "predict resnet").attributes());
      ReceivedSpan classifier = named(spans, "predict classifier");
      assertEquals("3", classifier.attr("ml.model.version"), "the version the path names");
      assertEquals(2L, classifier.longAttr("ml.batch.size"));
      assertEquals(List.of("probabilities"), classifier.attributes().get("ml.output.names"));
      assertEquals(Map.of("ml.operation", "predict", "ml.framework", "tfserving", "ml.model.name", "half_plus_two",
          "ml.batch.size", 3L, "server.address", "127.0.0.1", "server.port", port), named(spans, "predict half_plus_two").attributes());
      ReceivedSpan census = named(spans, "predict census");
      assertEquals("tfserving", census.attr("ml.framework"));
      assertEquals("2", census.attr("ml.model.version"));
      assertEquals(2L, census.longAttr("ml.batch.size"), "columnar: the first input's first dimension");
      ReceivedSpan iris = named(spans, "predict iris");
      assertNull(iris.attr("ml.model.version"), "a label is no version");
      assertEquals(3L, iris.longAttr("ml.batch.size"));
      for (ReceivedSpan span : spans) {
        assertEquals(SCOPE, span.scopeName(), span::toString);
        assertEquals("CLIENT", span.kind(), span::toString);
        assertEquals("UNSET", span.statusCode(), span::toString);
        assertEquals("", span.parentSpanId(), "no application span is current: each call is a root");
      }
      assertEachRequestNamesItsSpan(exchanges, spans);

      Map<String, Long> batches = Map.of("resnet", 4L, "classifier", 2L, "half_plus_two", 3L, "census", 2L, "iris", 3L);
      batches.forEach((model, batch) -> {
        String framework = model.equals("resnet") || model.equals("classifier") ? "kserve" : "tfserving";
        Map<String, Object> local = Map.of("ml.operation", "predict", "ml.framework", framework, "ml.model.name", model);
        ReceivedMetric duration = onlySeries(receiver, "ml.inference.duration", model);
        assertEquals(local, duration.attributes(), "the attributes of a local prediction's metrics");
        assertEquals(1, duration.count(), duration::toString);
        ReceivedMetric size = onlySeries(receiver, "ml.inference.batch.size", model);
        assertEquals(batch.doubleValue(), size.sum(), size::toString);
        ReceivedMetric active = onlySeries(receiver, "ml.inference.active", model);
        assertEquals(local, active.attributes());
        assertEquals(0.0, active.value(), "nothing in flight once the calls ended");
      });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdk", "okhttp", "urlconnection"})
  void errorsAreErrorSpansAndTheApplicationGetsTheSameAnswers(String client) {
    try (FakeModelServer server = FakeModelServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String base = server.baseUrl();
      int closed = FreePort.pick();
      List<String[]> calls = List.of(
          call("POST", base + "/v2/models/missing/infer", KSERVE),
          call("POST", base + "/v1/models/missing:predict", TF_ROWS),
          call("POST", base + "/v2/models/broken/infer", KSERVE),
          call("POST", "http://127.0.0.1:" + closed + "/v2/models/resnet/infer", KSERVE));
      ForkedJvm.Result result = app(client, receiver, calls).run().assertSuccess();
      Map<String, String> values = LlmRuns.values(result);
      List<FakeModelServer.Exchange> exchanges = server.exchanges();
      assertEquals(3, exchanges.size(), exchanges::toString);
      assertEquals("404", values.get("0.status"), result.stdout());
      assertEquals("404", values.get("1.status"), result.stdout());
      assertEquals("200", values.get("2.status"), result.stdout());
      for (int i = 0; i < 3; i++) {
        assertEquals(exchanges.get(i).responseSha256(), values.get(i + ".sha256"), "the application got the server's bytes: " + i);
      }
      assertEquals("java.net.ConnectException", values.get("3.caught"), result.stdout());

      List<ReceivedSpan> spans = receiver.spans();
      assertEquals(4, spans.size(), spans::toString);
      List<ReceivedSpan> missing = spans.stream().filter(s -> s.name().equals("predict missing")).toList();
      assertEquals(2, missing.size(), spans::toString);
      ReceivedSpan kserve = missing.stream().filter(s -> "kserve".equals(s.attr("ml.framework"))).findFirst().orElseThrow();
      assertEquals("ERROR", kserve.statusCode());
      assertEquals("404", kserve.attr("error.type"));
      assertEquals("HTTP 404: Request for unknown model: 'missing' is not found", kserve.statusMessage());
      assertEquals(4L, kserve.longAttr("ml.batch.size"), "the request is described whatever the answer");
      ReceivedSpan tf = missing.stream().filter(s -> "tfserving".equals(s.attr("ml.framework"))).findFirst().orElseThrow();
      assertEquals("404", tf.attr("error.type"));
      assertEquals("HTTP 404: Servable not found for request: Latest(missing)", tf.statusMessage());
      ReceivedSpan broken = named(spans, "predict broken");
      assertEquals("ERROR", broken.statusCode());
      assertEquals("malformed_response", broken.attr("error.type"), broken::toString);
      assertEquals("1", broken.attr("ml.model.version"), "what was read before the break is kept");
      ReceivedSpan refused = named(spans, "predict resnet");
      assertEquals("ERROR", refused.statusCode());
      assertEquals("java.net.ConnectException", refused.attr("error.type"));
      assertEquals((long) closed, refused.longAttr("server.port"));
      assertEquals(1, refused.events().stream().filter(e -> e.name().equals("exception")).count(), refused::toString);
      assertEachRequestNamesItsSpan(exchanges, spans);

      ReceivedMetric failed = onlySeries(receiver, "ml.inference.duration", "missing", "kserve");
      assertEquals("404", failed.attr("error.type"), failed::toString);
      assertEquals("malformed_response", onlySeries(receiver, "ml.inference.duration", "broken").attr("error.type"));
      assertEquals("java.net.ConnectException", onlySeries(receiver, "ml.inference.duration", "resnet").attr("error.type"));
    }
  }

  /**
   * An application's other HTTP calls, to the model server's other endpoints or to paths that only look
   * alike, get no span, no trace header and no metric; the one prediction among them proves the agent was
   * exporting all along.
   */
  @ParameterizedTest
  @ValueSource(strings = {"jdk", "okhttp", "urlconnection"})
  void ordinaryRequestsGetNothing(String client) {
    try (FakeModelServer server = FakeModelServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String base = server.baseUrl();
      List<String[]> calls = List.of(
          call("GET", base + "/health", "-"),
          call("POST", base + "/api/score", "{\"features\":[1,2,3]}"),
          call("GET", base + "/v2/models/resnet/ready", "-"),
          call("GET", base + "/v2/models/resnet", "-"),
          call("POST", base + "/v2/models/resnet/infer/extra", KSERVE),
          call("POST", base + "/v2/repository/models/resnet/load", "{}"),
          call("POST", base + "/v1/models/half_plus_two/metadata", "{}"),
          call("POST", base + "/v2/models/resnet/infer", KSERVE));
      ForkedJvm.Result result = app(client, receiver, calls).run().assertSuccess();
      Map<String, String> values = LlmRuns.values(result);
      List<FakeModelServer.Exchange> exchanges = server.exchanges();
      assertEquals(calls.size(), exchanges.size());
      for (int i = 0; i < calls.size(); i++) {
        assertEquals("200", values.get(i + ".status"), result.stdout());
        assertEquals(exchanges.get(i).responseSha256(), values.get(i + ".sha256"), "answer " + i);
        if (i < calls.size() - 1) {
          assertTrue(exchanges.get(i).headers("traceparent").isEmpty(), () -> "no trace header on an ordinary request: " + result.stdout());
        }
      }
      List<ReceivedSpan> spans = receiver.spans();
      assertEquals(1, spans.size(), () -> "only the prediction: " + spans);
      assertEquals("predict resnet", spans.get(0).name());
      assertEachRequestNamesItsSpan(exchanges.subList(calls.size() - 1, calls.size()), spans);
      assertEquals(List.of("resnet"), receiver.metrics().stream().filter(m -> m.name().equals("ml.inference.duration"))
          .map(m -> m.attr("ml.model.name")).distinct().toList());
    }
  }

  /** The switch off: a prediction is sent as the application made it, and nothing is recorded. */
  @Test
  void theSwitchTurnsRemoteInferenceOff() {
    for (String client : List.of("jdk", "okhttp", "urlconnection")) {
      try (FakeModelServer server = FakeModelServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
        List<String[]> calls = List.<String[]>of(call("POST", server.baseUrl() + "/v2/models/resnet/infer", KSERVE));
        ForkedJvm.Result result = app(client, receiver, calls)
            .sysProp("inferscope.instrumentation.model-server.enabled", "false").run().assertSuccess();
        assertEquals("200", LlmRuns.values(result).get("0.status"), result.stdout());
        FakeModelServer.Exchange exchange = server.exchanges().get(0);
        assertEquals(exchange.responseSha256(), LlmRuns.values(result).get("0.sha256"));
        assertTrue(exchange.headers("traceparent").isEmpty(), client);
        assertTrue(receiver.spans().isEmpty(), () -> client + ": " + receiver.spans());
        assertFalse(receiver.metrics().stream().anyMatch(m -> m.name().startsWith("ml.inference")), client);
      }
    }
  }

  /**
   * Every HTTP client hook reports through the same list of exchange kinds: a prediction through Apache
   * HttpClient 5 (classic) and 4.5 is the same span, with its traceparent, and the application's bytes.
   */
  @ParameterizedTest
  @ValueSource(strings = {ApacheRuns.NEWEST_5, ApacheRuns.V4})
  void aPredictionThroughApacheHttpClientIsTheSameSpan(String version) {
    try (FakeModelServer server = FakeModelServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String app = version.startsWith("4.") ? ApacheRuns.V4_APP : ApacheRuns.CLASSIC_APP;
      ForkedJvm.Result result = withAgent(receiver).mainClass(app).classpath(ApacheRuns.jarsFor(version))
          .args(server.baseUrl() + "/v2/models/resnet/infer", "string", KSERVE).run().assertSuccess();
      Map<String, String> values = LlmRuns.values(result);
      assertEquals("200", values.get("status"), result.stdout());
      List<FakeModelServer.Exchange> exchanges = server.exchanges();
      assertEquals(1, exchanges.size());
      assertEquals(exchanges.get(0).responseSha256(), values.get("body.sha256"), "the application got the server's bytes");
      assertEquals(KSERVE, exchanges.get(0).requestText());
      List<ReceivedSpan> spans = receiver.spans();
      assertEquals(1, spans.size(), spans::toString);
      ReceivedSpan span = spans.get(0);
      assertEquals("predict resnet", span.name());
      assertEquals("CLIENT", span.kind());
      assertEquals(4L, span.longAttr("ml.batch.size"), span::toString);
      assertEquals("1", span.attr("ml.model.version"), () -> "the answer was read: " + span);
      assertEquals(List.of("OUTPUT0"), span.attributes().get("ml.output.names"));
      assertEquals("UNSET", span.statusCode(), span::toString);
      assertEachRequestNamesItsSpan(exchanges, spans);
    }
  }

  // ---- Helpers.

  private static String[] call(String method, String url, String body) {
    return new String[] {method, url, body};
  }

  private static ForkedJvm app(String client, OtlpReceiver receiver, List<String[]> calls) {
    List<String> args = new ArrayList<>();
    calls.forEach(c -> args.addAll(java.util.Arrays.asList(c)));
    ForkedJvm jvm = withAgent(receiver);
    if (client.equals("okhttp")) {
      jvm.classpath(LlmRuns.okHttpJars()).mainClass(OKHTTP_APP);
    } else if (client.equals("urlconnection")) {
      jvm.mainClass(UrlConnectionModelServerApp.class.getName());
    } else {
      jvm.mainClass(JdkModelServerApp.class.getName());
    }
    return jvm.args(args.toArray(String[]::new));
  }

  /** A Java 17 JVM with the built agent exporting to {@code receiver}, the test class path on its own. */
  private static ForkedJvm withAgent(OtlpReceiver receiver) {
    return AgentApps.exportingTo(ForkedJvm.java17().withAgent().classpathFromTest(), receiver, AgentApps.HTTP);
  }

  /** Each recorded request carries one traceparent naming an exported predict span of its own trace. */
  private static void assertEachRequestNamesItsSpan(List<FakeModelServer.Exchange> exchanges, List<ReceivedSpan> spans) {
    for (FakeModelServer.Exchange exchange : exchanges) {
      List<String> headers = exchange.headers("traceparent");
      assertEquals(1, headers.size(), () -> exchange.rawPath() + ": " + headers);
      Matcher header = TRACEPARENT.matcher(headers.get(0));
      assertTrue(header.matches(), headers.get(0));
      ReceivedSpan span = spans.stream().filter(s -> s.spanId().equals(header.group(2))).findFirst()
          .orElseThrow(() -> new AssertionError("no exported span named by " + header.group() + " on " + exchange.rawPath() + ": " + spans));
      assertEquals(span.traceId(), header.group(1));
      assertTrue(exchange.rawPath().contains("/" + span.attr("ml.model.name")), () -> exchange.rawPath() + " named " + span);
      assertEquals(1, Integer.parseInt(header.group(3), 16) & 1, "sampled");
    }
  }

  private static ReceivedSpan named(List<ReceivedSpan> spans, String name) {
    List<ReceivedSpan> named = spans.stream().filter(s -> s.name().equals(name)).toList();
    assertEquals(1, named.size(), () -> "one span named " + name + ": " + spans);
    return named.get(0);
  }

  /** The latest point of the one series of {@code name} for {@code model} (and {@code framework}, if given). */
  private static ReceivedMetric onlySeries(OtlpReceiver receiver, String name, String model, String... framework) {
    Map<Map<String, Object>, ReceivedMetric> latest = new LinkedHashMap<>();
    receiver.metrics().stream()
        .filter(m -> m.name().equals(name) && model.equals(m.attr("ml.model.name")))
        .filter(m -> framework.length == 0 || framework[0].equals(m.attr("ml.framework")))
        .forEach(m -> latest.put(m.attributes(), m));
    assertEquals(1, latest.size(), () -> name + " for " + model + ": " + latest.keySet());
    return latest.values().iterator().next();
  }
}
