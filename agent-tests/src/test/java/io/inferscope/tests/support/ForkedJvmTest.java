package io.inferscope.tests.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForkedJvmTest {

  @Test
  void runsOnJava17WithOfflineDefaultsAndReportsExitCode() {
    ForkedJvm.Result result = ForkedJvm.java17()
        .classpathFromTest("onnxruntime-")
        .mainClass(HelloMain.class.getName())
        .args("a", "b")
        .sysProp("greeting", "hi")
        .run();

    assertEquals(3, result.exitCode());
    assertEquals("hello from java 17 args=a,b ai.djl.offline=true ORT_DISABLE_TELEMETRY=1 greeting=hi",
        result.stdout().strip());
    AssertionError failure = assertThrows(AssertionError.class, result::assertSuccess);
    assertTrue(failure.getMessage().contains("exited with 3"), failure.getMessage());
    assertTrue(failure.getMessage().contains("hello from java 17"), failure.getMessage());
  }

  @Test
  void startsOnJava25WithoutWarnings() {
    try (ChildProcess started = ForkedJvm.java25()
        .classpathFromTest()
        .mainClass(HelloMain.class.getName())
        .start()) {
      started.waitForOutput("hello from java 25", Duration.ofSeconds(30));
      ForkedJvm.Result result = started.awaitExit(Duration.ofSeconds(30));

      assertEquals(3, result.exitCode());
      assertEquals("", result.stderr());
    }
  }

  @Test
  void agentsAttachInTheOrderTheyWereAdded(@TempDir Path dir) throws Exception {
    Path other = Files.createFile(dir.resolve("other-agent.jar"));
    String inferScope = "-javaagent:" + Path.of(System.getProperty("inferscope.agent.jar")).toAbsolutePath().normalize();

    List<String> otherFirst = ForkedJvm.java17().javaagent(other).withAgent().mainClass("Main").jvmArg("-Dx=y").command();
    List<String> otherLast = ForkedJvm.java17().withAgent().javaagent(other).mainClass("Main").command();

    assertEquals(List.of("-javaagent:" + other, inferScope), otherFirst.stream().filter(arg -> arg.startsWith("-javaagent:")).toList());
    assertEquals(List.of(inferScope, "-javaagent:" + other), otherLast.stream().filter(arg -> arg.startsWith("-javaagent:")).toList());
  }

  @Test
  void unknownClasspathPrefixFailsClearly() {
    AssertionError failure = assertThrows(AssertionError.class,
        () -> ForkedJvm.java17().classpathFromTest("no-such-jar-"));
    assertTrue(failure.getMessage().contains("no-such-jar-"), failure.getMessage());
  }
}
