package io.inferscope.tests.safety;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.FreePort;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Credentials in the OpenTelemetry settings (header values, URL user info, query strings) never
 * appear in anything the process prints, in normal or debug mode: whether the setting is well formed
 * or malformed, per signal or global, and whether the collector accepts, refuses or is absent.
 */
class SecretsNeverPrintedTest {
  /** Part of every secret below, and of nothing else: found anywhere in the output, a secret leaked. */
  static final String SECRET = "s3cr3tQ7f3a9c0e51";

  @TempDir Path dir;

  /** A named set of OTEL_* variables; {@code masked} is text that must appear in its place (null: none expected). */
  record Scenario(String name, Function<OtlpReceiver, Map<String, String>> env, String masked) {
    @Override
    public String toString() {
      return name;
    }
  }

  static String userInfo(String endpoint) {
    return endpoint.replace("http://", "http://inferscope:" + SECRET + "@");
  }

  static String nothingListening() {
    return "http://127.0.0.1:" + FreePort.pick();
  }

  static List<Scenario> scenarios() {
    return List.of(
        new Scenario("malformed headers", r -> Map.of(
            "OTEL_EXPORTER_OTLP_ENDPOINT", r.endpoint(),
            "OTEL_EXPORTER_OTLP_HEADERS", "Authorization Bearer sk-live-" + SECRET), "otel.exporter.otlp.headers"),
        new Scenario("header value that cannot be URL-decoded", r -> Map.of(
            "OTEL_EXPORTER_OTLP_ENDPOINT", r.endpoint(),
            "OTEL_EXPORTER_OTLP_HEADERS", "api-key=%zz" + SECRET), "api-key=***"),
        new Scenario("well-formed headers", r -> Map.of(
            "OTEL_EXPORTER_OTLP_ENDPOINT", r.endpoint(),
            "OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%20" + SECRET + ",x-api-key=" + SECRET), null),
        new Scenario("endpoint with user info", r -> Map.of(
            "OTEL_EXPORTER_OTLP_ENDPOINT", userInfo(r.endpoint())), "http://***@127.0.0.1:"),
        new Scenario("endpoint with user info, nothing listening", r -> Map.of(
            "OTEL_EXPORTER_OTLP_ENDPOINT", userInfo(nothingListening())), "http://***@127.0.0.1:"),
        new Scenario("grpc endpoint with user info, nothing listening", r -> Map.of(
            "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc",
            "OTEL_EXPORTER_OTLP_ENDPOINT", userInfo(nothingListening()),
            "OTEL_EXPORTER_OTLP_HEADERS", "x-api-key=" + SECRET), "http://***@127.0.0.1:"),
        new Scenario("endpoint with a query string", r -> Map.of(
            "OTEL_EXPORTER_OTLP_ENDPOINT", r.endpoint() + "/?token=" + SECRET), "?***"),
        new Scenario("per-signal settings", r -> Map.of(
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", r.endpoint() + "/v1/traces?token=" + SECRET,
            "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "Authorization Bearer " + SECRET,
            "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", userInfo(r.endpoint()) + "/v1/metrics",
            "OTEL_EXPORTER_OTLP_METRICS_HEADERS", "api-key=" + SECRET), "http://***@127.0.0.1:"),
        new Scenario("zipkin endpoint with user info and query, nothing listening", r -> Map.of(
            "OTEL_TRACES_EXPORTER", "zipkin",
            "OTEL_METRICS_EXPORTER", "none",
            "OTEL_EXPORTER_ZIPKIN_ENDPOINT", userInfo(nothingListening()) + "/api/v2/spans?token=" + SECRET),
            "zipkin http://***@127.0.0.1:"));
  }

  static Stream<Arguments> scenariosInBothModes() {
    List<Arguments> all = new ArrayList<>();
    for (Scenario scenario : scenarios()) {
      all.add(Arguments.of(scenario, false));
      all.add(Arguments.of(scenario, true));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}, debug={1}")
  @MethodSource("scenariosInBothModes")
  void noSecretInAnyOutput(Scenario scenario, boolean debug) {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      // Without a collector the exit flush would wait the full default 5 s; failures are printed before that.
      ForkedJvm app = AgentApps.ortApp(ForkedJvm.java17(), receiver, AgentApps.HTTP).sysProp("inferscope.shutdown.timeout.ms", "1000");
      scenario.env().apply(receiver).forEach(app::env);
      if (debug) {
        app.sysProp("inferscope.debug", "true");
      }
      ForkedJvm.Result result = app.args("overloads", model.toString()).run().assertSuccess();
      String all = result.stdout() + "\n" + result.stderr();
      assertFalse(all.contains(SECRET), "a secret was printed:\n" + all);
      assertTrue(result.stdout().contains("calls=4"), "the application ran: " + result.stdout());
      assertTrue(result.stderr().contains(" started: "), "the agent started: " + result.stderr());
      if (scenario.masked() != null) {
        assertTrue(result.stderr().contains(scenario.masked()), "expected '" + scenario.masked() + "' in:\n" + result.stderr());
      }
    }
  }
}
