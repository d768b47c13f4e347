package io.inferscope.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.telemetry.TolerantConfigProperties.SettingProblem;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every key the SDK's autoconfiguration reads, found by recording what it reads while building from
 * configurations that reach each branch (each exporter, protocol, sampler, propagator), then fed
 * garbage one key at a time. The agent's SDK must always build; whenever the SDK on its own would have
 * refused the value, exactly one report names the key, and no report names another key.
 */
class EverySdkSettingTest {
  static final List<String> GARBAGE = List.of("garbage!", "-1", "１２３", "");

  /** Valid configurations that between them make the SDK read every key it knows. */
  static final List<Map<String, String>> BRANCHES = List.of(
      Map.of(),
      Map.of("otel.exporter.otlp.protocol", "grpc"),
      Map.of("otel.exporter.otlp.traces.protocol", "grpc", "otel.exporter.otlp.logs.protocol", "grpc"),
      Map.of("otel.exporter.otlp.metrics.protocol", "grpc"),
      Map.of("otel.traces.exporter", "zipkin", "otel.metrics.exporter", "prometheus", "otel.logs.exporter", "console",
          "otel.exporter.prometheus.host", "127.0.0.1", "otel.exporter.prometheus.port", "0"),
      Map.of("otel.traces.exporter", "console", "otel.metrics.exporter", "console", "otel.logs.exporter", "logging"),
      Map.of("otel.traces.exporter", "logging", "otel.metrics.exporter", "logging"),
      Map.of("otel.traces.exporter", "logging-otlp", "otel.metrics.exporter", "logging-otlp", "otel.logs.exporter", "logging-otlp"),
      Map.of("otel.traces.exporter", "experimental-otlp/stdout", "otel.metrics.exporter", "experimental-otlp/stdout",
          "otel.logs.exporter", "experimental-otlp/stdout"),
      Map.of("otel.traces.exporter", "none", "otel.metrics.exporter", "none", "otel.logs.exporter", "none"),
      Map.of("otel.traces.sampler", "always_on"),
      Map.of("otel.traces.sampler", "always_off"),
      Map.of("otel.traces.sampler", "traceidratio", "otel.traces.sampler.arg", "0.5"),
      Map.of("otel.traces.sampler", "parentbased_always_off"),
      Map.of("otel.traces.sampler", "parentbased_traceidratio", "otel.traces.sampler.arg", "0.5"),
      Map.of("otel.traces.sampler", "inferscope_anomaly", "otel.traces.sampler.arg", "0.5"),
      Map.of("otel.propagators", "none"),
      Map.of("otel.propagators", "tracecontext"),
      Map.of("otel.experimental.sdk.telemetry.version", "latest"),
      Map.of("otel.sdk.disabled", "true"));

  /** The agent's SDK built from these settings over its defaults, as in production but without the environment. */
  static BadSettingRecovery.Outcome<SdkAssembly.Built> tolerant(Map<String, String> settings, List<TolerantConfigProperties> seen) {
    return BadSettingRecovery.build(withDefaults(settings), TelemetrySdk.AGENT_DEFAULTS, config -> {
      seen.add(config);
      return SdkAssembly.build(config, "test");
    });
  }

  /** Whether the SDK on its own fails to build from these settings (over the same defaults). */
  static boolean sdkAloneRefuses(Map<String, String> settings) {
    try {
      AutoConfiguredOpenTelemetrySdk sdk = SdkAssembly.builderReading(withDefaults(settings)).build();
      sdk.getOpenTelemetrySdk().shutdown().join(10, TimeUnit.SECONDS);
      return false;
    } catch (RuntimeException e) {
      return true;
    }
  }

  static DefaultConfigProperties withDefaults(Map<String, String> settings) {
    Map<String, String> merged = new HashMap<>(TelemetrySdk.AGENT_DEFAULTS);
    merged.putAll(settings);
    return DefaultConfigProperties.createFromMap(merged);
  }

  static void shutdown(BadSettingRecovery.Outcome<SdkAssembly.Built> outcome) {
    if (outcome.built() != null) {
      outcome.built().sdk().shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  /** Each key the SDK reads, with the first branch that reads it. */
  static Map<String, Map<String, String>> keysRead() {
    Map<String, Map<String, String>> keys = new TreeMap<>();
    for (Map<String, String> branch : BRANCHES) {
      List<TolerantConfigProperties> seen = new ArrayList<>();
      BadSettingRecovery.Outcome<SdkAssembly.Built> outcome = tolerant(branch, seen);
      assertNotNull(outcome.built(), "valid branch " + branch + " must build: " + outcome.failure());
      assertTrue(outcome.problems().isEmpty(), branch + ": " + outcome.problems());
      shutdown(outcome);
      seen.forEach(config -> config.keysRead().forEach(key -> keys.putIfAbsent(key, branch)));
    }
    return keys;
  }

  @Test
  void garbageInAnyKeyTheSdkReadsIsReportedOnceAndTheRestStillBuilds() {
    Map<String, Map<String, String>> keys = keysRead();
    System.out.println("OpenTelemetry SDK 1.63 autoconfiguration reads " + keys.size() + " keys: " + keys.keySet());
    assertEquals(72, keys.size(), "the README says the agent holds this for each of the 72 keys the SDK 1.63 reads");
    // The keys of the issue that once turned all telemetry off must be among them.
    assertTrue(keys.keySet().containsAll(List.of("otel.exporter.otlp.compression", "otel.attribute.value.length.limit",
        "otel.propagators", "otel.span.attribute.count.limit", "otel.exporter.otlp.certificate", "otel.exporter.otlp.headers",
        "otel.config.file")), keys.keySet().toString());

    Map<String, String> refused = new LinkedHashMap<>();
    keys.forEach((key, branch) -> {
      for (String garbage : GARBAGE) {
        Map<String, String> settings = new HashMap<>(branch);
        settings.put(key, garbage);
        // First, and shut down before the agent's build: both may bind the same Prometheus port.
        boolean refusedAlone = sdkAloneRefuses(settings);
        BadSettingRecovery.Outcome<SdkAssembly.Built> outcome = tolerant(settings, new ArrayList<>());
        String what = key + "='" + garbage + "' over " + branch;
        try {
          assertNotNull(outcome.built(), what + " disabled telemetry: " + outcome.failure());
          List<SettingProblem> naming = outcome.problems().stream().filter(p -> p.key().equals(key)).toList();
          List<SettingProblem> others = outcome.problems().stream().filter(p -> !p.key().equals(key)).toList();
          assertTrue(others.isEmpty(), what + " reported other keys: " + others);
          if (refusedAlone) {
            assertEquals(1, naming.size(), what + " is refused by the SDK alone, so it is reported once: " + outcome.problems());
            refused.put(what, naming.get(0).problem());
          } else {
            assertTrue(naming.size() <= 1, what + ": " + naming);
          }
        } finally {
          shutdown(outcome);
        }
      }
    });
    System.out.println(refused.size() + " of " + keys.size() * GARBAGE.size() + " garbage values the SDK alone refuses, now reported instead:");
    refused.forEach((what, problem) -> System.out.println("  " + what + ": " + problem));
    assertTrue(refused.size() > keys.size(), "most keys refuse some garbage; the SDK refusing only " + refused.size() + " means it was not reached");
  }
}
