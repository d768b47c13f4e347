package io.inferscope.agent;

import io.inferscope.agent.config.AgentConfig;
import io.inferscope.agent.config.AgentSettings;
import io.inferscope.agent.drift.DriftMonitor;
import io.inferscope.agent.instrumentation.InstrumentationInstaller;
import io.inferscope.agent.instrumentation.InstrumentationCatalog;
import io.inferscope.agent.instrumentation.InstrumentationCatalog.Library;
import io.inferscope.agent.logging.AgentLogLevel;
import io.inferscope.agent.logging.HookErrors;
import io.inferscope.agent.logging.OtelInternalLogBridge;
import io.inferscope.agent.runtime.RuntimeMetrics;
import io.inferscope.agent.stream.StreamWatchdog;
import io.inferscope.agent.telemetry.TelemetrySdk;
import io.opentelemetry.api.OpenTelemetry;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the agent inside the isolated loader (called reflectively by the premain class): the SDK,
 * then the transformers, before premain returns, so no early model load is missed. Byte Buddy and each
 * library's hooks cost nothing at start-up: they are built when the library's first class loads.
 */
public final class AgentStarter {
  private AgentStarter() {}

  public static void start(Instrumentation instrumentation, String arguments, String version, File agentJar) {
    long started = System.nanoTime();
    AgentConfig config = configure(version);
    if (config == null) {
      return;
    }
    Logger log = LoggerFactory.getLogger(AgentStarter.class);
    OtelInternalLogBridge.install(relocatedOtelPackage());
    TelemetrySdk telemetry;
    try {
      telemetry = TelemetrySdk.create(version);
    } catch (Throwable e) {
      // Whatever the SDK's configuration throws, premain must return normally: the application runs on.
      log.error("the agent could not start; the application runs without it", e);
      return;
    }
    try {
      long sdkMillis = (System.nanoTime() - started) / 1_000_000;
      List<Library> enabled = InstrumentationInstaller.install(
          instrumentation, InstrumentationCatalog.ALL, config, agentJar, telemetry.openTelemetry(), version);
      String runtime = RuntimeMetrics.start(telemetry.openTelemetry(), config);
      log.debug("start-up took {} ms (SDK {} ms; each library's hooks are built when its first class loads)",
          (System.nanoTime() - started) / 1_000_000, sdkMillis);
      registerShutdown(() -> telemetry.shutdown(shutdownTimeout(config)));
      log.info("InferScope {} started: instrumentations {}; {}; {}; {}", version, names(enabled), telemetry.description(), runtime,
          DriftMonitor.describe());
    } catch (RuntimeException | LinkageError e) {
      log.error("the agent could not start; the application runs without it", e);
    }
  }

  /**
   * Reads the agent's settings and applies the process-wide ones (log level, stream watchdog), in
   * either mode.
   *
   * @return the settings, or null when InferScope is switched off (said in one line)
   */
  public static AgentConfig configure(String version) {
    disableByteBuddyUnsafe();
    AgentConfig config = AgentConfig.fromSystem();
    AgentLogLevel.setDebug(config.getBoolean(AgentSettings.DEBUG, false));
    StreamWatchdog.configure(
        config.getInt(StreamWatchdog.IDLE_TIMEOUT_MS, StreamWatchdog.DEFAULT_IDLE_TIMEOUT_MS, 1, Integer.MAX_VALUE),
        config.getInt(StreamWatchdog.MAX_OPEN, StreamWatchdog.DEFAULT_MAX_OPEN, 0, 10_000_000));
    String off = config.getBoolean(AgentSettings.ENABLED, true) ? null : "inferscope.enabled=false";
    if (off == null && config.getBoolean(AgentSettings.OTEL_SDK_DISABLED, false)) {
      // The SDK would be a no-op, yet every hook would still do its work for it.
      off = "OpenTelemetry SDK disabled (otel.sdk.disabled=true)";
    }
    if (off != null) {
      LoggerFactory.getLogger(AgentStarter.class)
          .info("InferScope {} is off: {}, so nothing is instrumented, recorded or exported", version, off);
      return null;
    }
    return config;
  }

  public static List<String> names(List<Library> enabled) {
    return enabled.stream().map(Library::name).toList();
  }

  public static int shutdownTimeout(AgentConfig config) {
    return config.getInt(AgentSettings.SHUTDOWN_TIMEOUT_MS, AgentSettings.DEFAULT_SHUTDOWN_TIMEOUT_MS, 0, 600_000);
  }

  /**
   * At exit, open streams end their spans first, the drift windows are saved (when kept), then {@code flush}
   * runs: the snapshot goes before the flush, which may wait for a slow collector until the timeout.
   */
  public static void registerShutdown(Runnable flush) {
    Thread hook =
        new Thread(
            () -> {
              StreamWatchdog.endAll();
              try {
                DriftMonitor.atExit();
              } catch (Throwable e) {
                // First use of the class can come this late (drift never used); if it cannot load (a jar
                // replaced under a running JVM), the flush below must still run.
                HookErrors.report("drift snapshot at exit", e);
              }
              flush.run();
            },
            "inferscope-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Byte Buddy probes sun.misc.Unsafe for class injection, which the agent never uses; on Java 24+
   * that probe prints a deprecation warning into the application's stderr. Its "safe" switch turns
   * the probe off. Relocation renamed the switch along with the package, so setting it affects only
   * the agent's copy, never an application's own Byte Buddy.
   */
  private static void disableByteBuddyUnsafe() {
    System.setProperty(net.bytebuddy.ByteBuddy.class.getPackageName() + ".safe", "true");
  }

  // Our OpenTelemetry copy is relocated at build time; derive its package instead of hard-coding it.
  private static String relocatedOtelPackage() {
    String api = OpenTelemetry.class.getName();
    return api.substring(0, api.length() - ".api.OpenTelemetry".length());
  }
}
