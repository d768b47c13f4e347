package io.inferscope.tests.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One bad OpenTelemetry value, of the kinds the SDK rejects by failing outright, no longer turns
 * all telemetry off: the application runs, spans still arrive, and one line names the key.
 */
class BadOtelValueTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
    "OTEL_EXPORTER_OTLP_COMPRESSION|brotli",
    "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT|-1",
    "OTEL_PROPAGATORS|bogus",
    "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT|abc",
    "OTEL_EXPORTER_OTLP_CERTIFICATE|/nonexistent",
    "OTEL_EXPORTER_OTLP_HEADERS|Authorization Bearer sk-test-4e1d"})
  void oneBadValueIsNamedOnceAndTelemetryStillFlows(String variable, String value) {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          AgentApps.ortApp(ForkedJvm.java17(), receiver, AgentApps.HTTP).env(variable, value)
              .args("overloads", model.toString()).run().assertSuccess();
      String err = result.stderr();
      String key = variable.toLowerCase(Locale.ROOT).replace('_', '.');
      List<String> naming = err.lines().filter(l -> l.contains(key) || l.contains(variable)).toList();
      assertEquals(1, naming.size(), "exactly one line names " + key + ":\n" + err);
      assertTrue(naming.get(0).startsWith("[inferscope] WARN "), naming.get(0));
      assertFalse(err.contains("disabled (configuration error)"), err);
      assertTrue(result.stdout().contains("calls=4"), result.stdout());
      assertEquals(5, receiver.spans().size(), "1 load + 4 predict spans: " + err);
    }
  }
}
