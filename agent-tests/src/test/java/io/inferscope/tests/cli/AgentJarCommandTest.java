package io.inferscope.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code java -jar inferscope-agent.jar} prints version and usage. */
class AgentJarCommandTest {
  record Output(int exitCode, String stdout, String stderr) {}

  static Output run(String... args) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("inferscope.agent.jar"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "java -jar did not exit");
    return new Output(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void printsVersion() throws Exception {
    Output out = run("--version");
    assertEquals(0, out.exitCode(), out.stderr());
    assertTrue(out.stdout().matches("inferscope-agent \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R"), out.stdout());
  }

  @Test
  void printsUsageWithoutArguments() throws Exception {
    Output out = run();
    assertEquals(0, out.exitCode(), out.stderr());
    assertTrue(out.stdout().contains("-javaagent:/path/to/inferscope-agent.jar"), out.stdout());
    assertTrue(out.stdout().contains("OTEL_EXPORTER_OTLP_ENDPOINT"), out.stdout());
  }

  @Test
  void unknownCommandFailsClearly() throws Exception {
    Output out = run("frobnicate");
    assertEquals(2, out.exitCode());
    assertTrue(out.stderr().contains("unknown command 'frobnicate'; try --help"), out.stderr());
  }
}
