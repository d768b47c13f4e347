package io.inferscope.agent.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTEL_TRACES_EXPORTER=console, printed through the agent's logger. The SDK's own console exporter
 * writes through java.util.logging, whose shutdown hook resets every logger while the final flush at
 * exit may still be running, silently losing the last spans.
 */
final class ConsoleSpanExporter implements SpanExporter {
  private static final Logger log = LoggerFactory.getLogger("io.inferscope.console");

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    for (SpanData span : spans) {
      log.info(
          "[console] '{}' : {} {} {} {} [tracer: {}:{}] {}",
          span.getName(), span.getTraceId(), span.getSpanId(), span.getKind(), span.getStatus().getStatusCode(),
          span.getInstrumentationScopeInfo().getName(), span.getInstrumentationScopeInfo().getVersion(),
          span.getAttributes().asMap());
    }
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
