package io.inferscope.tests.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.bench.HelloWorld;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Start-up builds no hooks: an instrumentation, its Byte Buddy matchers and its telemetry are built
 * when the first class of its library loads, so a JVM that never loads a library pays nothing for it
 * (the start-up budget of the OpenTelemetry Java agent extension, issue 13), and one that does pays only
 * for the libraries it uses. Checked in the JVM's own class-loading log.
 */
class LazyHooksTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"alone", "extension"})
  void aJvmThatLoadsNoHookedLibraryBuildsNoHooks(String mode) throws IOException {
    Path classLog = dir.resolve("classes.log");
    ForkedJvm jvm = mode.equals("alone") ? ForkedJvm.java17().withAgent()
        : ForkedJvm.java17().withAgentAsExtensionOf(AgentApps.openTelemetryJavaAgent());
    ForkedJvm.Result result = jvm.classpathFromTest().mainClass(HelloWorld.class.getName())
        .jvmArg("-Xlog:class+load=info:file=" + classLog)
        .env("OTEL_TRACES_EXPORTER", "none").env("OTEL_METRICS_EXPORTER", "none").env("OTEL_LOGS_EXPORTER", "none")
        .run().assertSuccess();

    assertTrue(result.stderr().contains("instrumentations [onnxruntime, djl, java-http-client, http-url-connection, okhttp, "
        + "apache-httpclient-5, apache-httpclient-4, reactor-netty, vertx-http-client, grpc, openai-java, anthropic-java, "
        + "google-genai, aws-bedrock, spring-ai, langchain4j]"), "every instrumentation is on: " + result.stderr());
    List<String> loaded = Files.readAllLines(classLog);
    assertTrue(loaded.stream().anyMatch(l -> l.contains("io.inferscope.agent.instrumentation.InstrumentationCatalog ")),
        "the log shows our classes: " + loaded.size() + " lines");
    List<String> built = loaded.stream()
        .filter(l -> l.matches(".*io\\.inferscope\\.agent\\.instrumentation\\.[a-z0-9]+\\.[A-Za-z0-9$]+ .*")
            || l.contains("net.bytebuddy.matcher.") && l.contains("io.inferscope.shaded"))
        .toList();
    assertEquals(List.of(), built, "no instrumentation class and none of our Byte Buddy's matchers load");
  }

  /**
   * Inside the OpenTelemetry Java agent, our hooks are built and applied with that agent's Byte Buddy,
   * already loaded and compiled: loading our own copy (about a thousand classes) was most of what
   * the extension added to the start-up of an application that loads a hooked library while it starts.
   * (Our loader renames our classes' references to the agent's without a bytecode library.)
   */
  @ParameterizedTest(name = "OpenTelemetry Java agent {0}")
  @ValueSource(strings = {AgentApps.OTEL_AGENT_OLDEST, AgentApps.OTEL_AGENT_NEWEST})
  void asTheExtensionHooksAreBuiltWithTheAgentsByteBuddyNotOurs(String version) throws IOException {
    Path model = OnnxModels.matmulRelu(dir);
    Path classLog = dir.resolve("classes.log");
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm jvm = ForkedJvm.java17().withAgentAsExtensionOf(AgentApps.openTelemetryJavaAgent(version));
      ForkedJvm.Result result = AgentApps.exportingTo(jvm.classpathFromTest("onnxruntime"), receiver, AgentApps.HTTP)
          .mainClass("io.inferscope.tests.apps.OrtApp")
          .sysProp("inferscope.debug", "true")
          .jvmArg("-Xlog:class+load=info:file=" + classLog)
          .args("overloads", model.toString()).run().assertSuccess();
      assertTrue(result.stderr().contains("[inferscope] DEBUG onnxruntime hooks built in "), result.stderr());
      assertTrue(result.stderr().contains("[inferscope] DEBUG transformed ai.onnxruntime.OrtSession "), result.stderr());
      assertTrue(result.stdout().contains("calls=4"), result.stdout());
      assertEquals(4, receiver.spans().stream().filter(s -> s.name().startsWith("predict ")).count(),
          "every run is a span, through the agent's SDK");

      List<String> loaded = Files.readAllLines(classLog);
      assertTrue(loaded.stream().anyMatch(l -> l.contains("net.bytebuddy.asm.Advice ") && !l.contains("io.inferscope.shaded")),
          "the agent's own Byte Buddy is loaded: " + loaded.size() + " lines");
      List<String> ours = loaded.stream().filter(l -> l.contains("io.inferscope.shaded.net.bytebuddy.")).toList();
      assertEquals(List.of(), ours, "none of our Byte Buddy's classes load");
    }
  }

  @Test
  void onlyTheLibrariesTheApplicationLoadsAreBuilt() {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = AgentApps.ortApp(ForkedJvm.java17(), receiver, AgentApps.HTTP)
          .sysProp("inferscope.debug", "true")
          .args("overloads", model.toString()).run().assertSuccess();
      List<String> built = result.stderr().lines().filter(l -> l.startsWith("[inferscope] DEBUG ") && l.contains(" hooks built in "))
          .map(l -> l.substring("[inferscope] DEBUG ".length(), l.indexOf(" hooks built in "))).toList();
      assertEquals(List.of("onnxruntime"), built, result.stderr());
      assertTrue(result.stderr().contains("[inferscope] DEBUG transformed ai.onnxruntime.OrtSession "), result.stderr());
      assertTrue(result.stdout().contains("calls=4"), result.stdout());
    }
  }
}
