package io.inferscope.extension;

import io.inferscope.bootstrap.OpenTelemetryAgentHandover;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSamplerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.function.BiFunction;

/**
 * InferScope as the OpenTelemetry Java agent's extension: the one place the service classes it finds
 * reach InferScope's code, which runs in a loader of its own on that agent's SDK (see
 * {@code HostedAgentLoader}). That loader is opened when the agent starts its extensions, after it
 * installed its own instrumentation, or earlier, while it builds its SDK, when the anomaly sampler is
 * chosen (the sampler and the processors in front of export are InferScope's).
 *
 * <p>Our jar is also on the application's class path when attached with {@code -javaagent}, where an
 * application's own OpenTelemetry SDK may find these service classes: outside the agent they do nothing.
 */
final class HostedInferScope {
  static final String SAMPLER_NAME = "inferscope_anomaly";

  private static boolean opened;
  private static File jar;
  private static ClassLoader hosted;

  private HostedInferScope() {}

  /** Whether the OpenTelemetry Java agent loaded this class (and not an application's own SDK). */
  static boolean insideAgent() {
    ClassLoader loader = HostedInferScope.class.getClassLoader();
    return loader != null && loader.getClass().getName().startsWith("io.opentelemetry.javaagent.");
  }

  static void start(Object openTelemetry) {
    ClassLoader loader = open();
    if (loader == null) {
      return;
    }
    String how = Boolean.getBoolean(OpenTelemetryAgentHandover.HANDED_OVER)
        ? "attached with -javaagent before that agent, so it handed itself over as its extension rather than split traces"
        : "loaded through " + "otel.javaagent.extensions";
    try {
      HostedStart.start(jar, loader, instrumentation(), openTelemetry, how);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      fail("could not start", e);
    }
  }

  static Sampler sampler(ConfigProperties config) {
    if (!insideAgent()) {
      System.err.println("[inferscope] WARN OTEL_TRACES_SAMPLER=" + SAMPLER_NAME + " reached an OpenTelemetry SDK of the "
          + "application's own: that sampler is InferScope's (of its own SDK or the OpenTelemetry Java agent's); "
          + "the application's SDK samples with parentbased_always_on");
      return Sampler.parentBased(Sampler.alwaysOn());
    }
    ClassLoader loader = open();
    try {
      if (loader != null) {
        return ((ConfigurableSamplerProvider) HostedStart.call(loader, "samplerProvider")).createSampler(config);
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      fail("could not build its sampler", e);
    }
    System.err.println("[inferscope] ERROR the " + SAMPLER_NAME + " sampler is not available here; "
        + "traces are sampled by parentbased_always_on instead");
    return Sampler.parentBased(Sampler.alwaysOn());
  }

  /** With the anomaly sampler only (InferScope's loader is opened then): the local-trace buffer in front of an export processor. */
  @SuppressWarnings("unchecked")
  static SpanProcessor inFrontOfExport(SpanProcessor exportProcessor, ConfigProperties config) {
    String sampler = config.getString("otel.traces.sampler");
    if (sampler == null || !SAMPLER_NAME.equals(sampler.trim())) {
      return exportProcessor;
    }
    ClassLoader loader = open();
    try {
      if (loader != null) {
        return ((BiFunction<SpanProcessor, ConfigProperties, SpanProcessor>) HostedStart.call(loader, "exportProcessorCustomizer"))
            .apply(exportProcessor, config);
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      fail("could not add its local-trace buffer", e);
    }
    return exportProcessor;
  }

  /** InferScope's loader inside the agent, opened once; null if InferScope cannot or must not run here. */
  private static synchronized ClassLoader open() {
    if (opened) {
      return hosted;
    }
    opened = true;
    if (!insideAgent()) {
      return null;
    }
    try {
      jar = ExtensionJar.locate(HostedInferScope.class.getClassLoader());
      if (!OpenTelemetryAgentHandover.claim("inside the OpenTelemetry Java agent")) {
        System.err.println("[inferscope] INFO InferScope already runs " + OpenTelemetryAgentHandover.claimant()
            + "; its copy among the OpenTelemetry Java agent's extensions does nothing");
        return null;
      }
      hosted = HostedStart.open(jar, instrumentation(), HostedInferScope.class.getClassLoader());
    } catch (ReflectiveOperationException | RuntimeException | LinkageError | java.io.IOException e) {
      fail("could not be loaded", e);
    }
    return hosted;
  }

  private static Instrumentation instrumentation() throws ReflectiveOperationException {
    Class<?> holder = Class.forName("io.opentelemetry.javaagent.bootstrap.InstrumentationHolder", false, null);
    return (Instrumentation) holder.getMethod("getInstrumentation").invoke(null);
  }

  // Deliberately System.err: InferScope's logger lives in the loader that may have failed.
  private static void fail(String what, Throwable e) {
    Throwable cause = e instanceof java.lang.reflect.InvocationTargetException wrapped ? wrapped.getCause() : e;
    System.err.println("[inferscope] ERROR InferScope " + what + " inside the OpenTelemetry Java agent; "
        + "the application and that agent run without it: " + cause);
  }
}
