package io.inferscope.tests.apps;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import net.bytebuddy.ByteBuddy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application that bundles its own OpenTelemetry SDK (registered as the global instance), its own
 * Byte Buddy and SLF4J with Logback, in versions that differ from the agent's. Run with the agent, it
 * must behave exactly as without it. Usage: {@code ClashApp MODEL_PATH}.
 */
public final class ClashApp {
  private ClashApp() {}

  public static void main(String[] args) throws Exception {
    List<String> exported = new CopyOnWriteArrayList<>();
    SpanExporter ownExporter =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            spans.forEach(span -> exported.add(span.getName()));
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
        };
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(ownExporter)).build())
            .buildAndRegisterGlobal();
    Logger log = LoggerFactory.getLogger(ClashApp.class);

    Span work = GlobalOpenTelemetry.getTracer("clash-app").spanBuilder("app-work").startSpan();
    try (Scope scope = work.makeCurrent();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = env.createSession(Path.of(args[0]).toString());
        OnnxTensor x = OnnxTensor.createTensor(env, new float[][] {{1, 2, 3, 4}});
        OrtSession.Result result = session.run(Map.of("X", x))) {
      log.info("inference done, {} output(s)", result.size());
    } finally {
      work.end();
    }
    Class<?> generated = new ByteBuddy().subclass(Object.class).name("clash.Generated").make()
        .load(ClashApp.class.getClassLoader()).getLoaded();

    System.out.println("app-spans=" + exported);
    System.out.println("app-otel-sdk=" + Resource.getDefault().getAttribute(AttributeKey.stringKey("telemetry.sdk.version")));
    String byteBuddyJar = ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    System.out.println("app-bytebuddy=" + byteBuddyJar.substring(byteBuddyJar.lastIndexOf('/') + 1) + " generated " + generated.getName());
    System.out.println("app-slf4j-factory=" + LoggerFactory.getILoggerFactory().getClass().getName());
    sdk.close();
  }
}
