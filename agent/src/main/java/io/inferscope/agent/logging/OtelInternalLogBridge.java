package io.inferscope.agent.logging;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenTelemetry SDK logs through java.util.logging, which is JVM-global: left alone, every failed
 * export would print a stack trace through the application's handlers. Our SDK copy is relocated, so
 * its loggers have their own names; this detaches them from the root handlers and forwards them to
 * the agent log at DEBUG. Export failures reach the user once, through {@code ExportHealth}.
 */
public final class OtelInternalLogBridge extends Handler {
  // Strong reference: java.util.logging holds loggers weakly and would drop our configuration.
  private static Logger otelRoot;

  private final org.slf4j.Logger log = LoggerFactory.getLogger("io.inferscope.otel");

  public static synchronized void install(String relocatedOtelPackage) {
    if (otelRoot != null) {
      return;
    }
    Logger logger = Logger.getLogger(relocatedOtelPackage);
    logger.setUseParentHandlers(false);
    logger.setLevel(AgentLogLevel.isDebug() ? Level.FINE : Level.INFO);
    logger.addHandler(new OtelInternalLogBridge());
    otelRoot = logger;
  }

  @Override
  public void publish(LogRecord record) {
    // OTEL_*_EXPORTER=console / logging-otlp write their output through java.util.logging: that is
    // the user's requested output, not SDK chatter.
    String logger = record.getLoggerName();
    if (logger != null && logger.contains(".exporter.logging") && record.getLevel().intValue() >= Level.INFO.intValue()) {
      log.info("[console] {}", record.getMessage());
    } else if (log.isDebugEnabled()) {
      log.debug("[otel-sdk] " + record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage(), record.getThrown());
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
