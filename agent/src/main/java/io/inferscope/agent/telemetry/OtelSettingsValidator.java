package io.inferscope.agent.telemetry;

import io.inferscope.agent.sampling.AnomalySampling;
import io.inferscope.agent.sampling.SamplingSettings;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the standard OTEL_* settings before the SDK reads them. The SDK rejects a bad value by
 * failing outright; an agent must instead say which key and value were wrong and carry on with the
 * default, so the application and the rest of its telemetry keep working.
 */
final class OtelSettingsValidator {
  private static final Logger log = LoggerFactory.getLogger(OtelSettingsValidator.class);

  private static final Set<String> PROTOCOLS = Set.of("grpc", "http/protobuf");
  private static final Set<String> SAMPLERS =
      Set.of("always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off",
          "parentbased_traceidratio", SamplingSettings.SAMPLER_NAME);
  private static final Set<String> SPAN_EXPORTERS = Set.of("otlp", "zipkin", "console", "logging", "logging-otlp", "none");
  private static final Set<String> METRIC_EXPORTERS =
      Set.of("otlp", "console", "logging", "logging-otlp", "prometheus", "none");
  private static final Set<String> LOG_EXPORTERS = Set.of("otlp", "console", "logging", "logging-otlp", "none");
  private static final Pattern DURATION = Pattern.compile("\\d+\\s*(ms|s|m|h|d|us|ns)?");
  private static final Map<String, String> DURATION_DEFAULTS =
      Map.of(
          "otel.bsp.schedule.delay", "5000ms",
          "otel.bsp.export.timeout", "30000ms",
          "otel.metric.export.interval", "60000ms",
          "otel.metric.export.timeout", "30000ms",
          "otel.exporter.otlp.timeout", "10000ms",
          "otel.exporter.otlp.traces.timeout", "10000ms",
          "otel.exporter.otlp.metrics.timeout", "10000ms");
  private static final Map<String, String> POSITIVE_INT_DEFAULTS =
      Map.of(
          "otel.bsp.max.queue.size", "2048",
          "otel.bsp.max.export.batch.size", "512",
          "otel.exporter.prometheus.port", "9464");
  private static final List<String> SIGNALS = List.of("", "traces.", "metrics.", "logs.");

  private OtelSettingsValidator() {}

  /** @return overrides that replace each invalid value by its default */
  static Map<String, String> overrides(ConfigProperties config) {
    Map<String, String> fixes = new HashMap<>();
    for (String signal : SIGNALS) {
      checkOne(config, "otel.exporter.otlp." + signal + "protocol", PROTOCOLS, "http/protobuf", fixes);
      checkEndpoint(config, "otel.exporter.otlp." + signal + "endpoint", fixes);
    }
    checkList(config, "otel.traces.exporter", SPAN_EXPORTERS, fixes);
    checkList(config, "otel.metrics.exporter", METRIC_EXPORTERS, fixes);
    checkList(config, "otel.logs.exporter", LOG_EXPORTERS, fixes);
    checkOne(config, "otel.traces.sampler", SAMPLERS, "parentbased_always_on", fixes);
    checkSamplerArg(config, fixes);
    DURATION_DEFAULTS.forEach((key, def) -> checkPattern(config, key, DURATION, "a duration such as 5000 or 5s", def, fixes));
    POSITIVE_INT_DEFAULTS.forEach((key, def) -> checkPattern(config, key, Pattern.compile("[1-9]\\d{0,8}"), "a positive integer", def, fixes));
    checkResourceAttributes(config, fixes);
    return fixes;
  }

  private static void checkOne(ConfigProperties config, String key, Set<String> allowed, String def, Map<String, String> fixes) {
    String value = config.getString(key);
    if (value != null && !allowed.contains(value.trim().toLowerCase(Locale.ROOT))) {
      report(key, value, "one of " + allowed, def, fixes);
    }
  }

  private static void checkList(ConfigProperties config, String key, Set<String> allowed, Map<String, String> fixes) {
    String value = config.getString(key);
    if (value == null) {
      return;
    }
    for (String item : value.split(",")) {
      if (!allowed.contains(item.trim().toLowerCase(Locale.ROOT))) {
        report(key, value, "a comma-separated list of " + allowed, "otlp", fixes);
        return;
      }
    }
  }

  private static void checkEndpoint(ConfigProperties config, String key, Map<String, String> fixes) {
    String value = config.getString(key);
    if (value == null) {
      return;
    }
    try {
      URI uri = new URI(value.trim());
      String scheme = uri.getScheme();
      if (("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null) {
        return;
      }
    } catch (Exception ignored) {
      // reported below
    }
    String protocol = config.getString("otel.exporter.otlp.protocol", "http/protobuf");
    report(key, value, "an http:// or https:// URL", protocol.equals("grpc") ? "http://localhost:4317" : "http://localhost:4318", fixes);
  }

  private static void checkSamplerArg(ConfigProperties config, Map<String, String> fixes) {
    String value = config.getString("otel.traces.sampler.arg");
    if (value == null) {
      return;
    }
    try {
      double ratio = Double.parseDouble(value.trim());
      if (ratio >= 0 && ratio <= 1) {
        return;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    // For the anomaly sampler the argument is the base probability, whose default is not the ratio's.
    report("otel.traces.sampler.arg", value, "a probability from 0 to 1",
        AnomalySampling.selected(config) ? String.valueOf(SamplingSettings.DEFAULT_BASE_PROBABILITY) : "1.0", fixes);
  }

  private static void checkPattern(
      ConfigProperties config, String key, Pattern pattern, String expected, String def, Map<String, String> fixes) {
    String value = config.getString(key);
    if (value != null && !pattern.matcher(value.trim()).matches()) {
      report(key, value, expected, def, fixes);
    }
  }

  private static void checkResourceAttributes(ConfigProperties config, Map<String, String> fixes) {
    String value = config.getString("otel.resource.attributes");
    if (value == null) {
      return;
    }
    for (String pair : value.split(",")) {
      if (!pair.isBlank() && (pair.indexOf('=') <= 0)) {
        report("otel.resource.attributes", value, "key=value pairs separated by commas", "", fixes);
        return;
      }
    }
  }

  private static void report(String key, String value, String expected, String def, Map<String, String> fixes) {
    log.warn(
        "invalid value '{}' for {} (env {}): expected {}; using the default{}",
        value, key, key.toUpperCase(Locale.ROOT).replace('.', '_'), expected, def.isEmpty() ? "" : ", " + def);
    fixes.put(key, def);
  }
}
