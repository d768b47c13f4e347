package io.inferscope.tests.hostile;

import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The hostile-server client applications in forked JVMs, with and without the agent. */
final class HostileRuns {
  static final String JDK = "io.inferscope.tests.apps.HostileJdkClientApp";
  static final String OKHTTP = "io.inferscope.tests.apps.HostileOkHttpClientApp";
  static final String REACTOR_NETTY = "io.inferscope.tests.apps.HostileReactorNettyClientApp";
  /** The Reactor Netty version the hostile runs use: the newest tested. */
  private static final String REACTOR_NETTY_FOLDER = "reactor-netty-1.3.7";
  static final String VERTX = "io.inferscope.tests.apps.HostileVertxClientApp";

  private HostileRuns() {}

  /** The client app with its libraries, the small heap the issue was seen with, no agent, on Java 17. */
  static ForkedJvm app(String mainClass) {
    return app(ForkedJvm.java17(), mainClass);
  }

  static ForkedJvm app(ForkedJvm runtime, String mainClass) {
    ForkedJvm jvm = runtime.classpathFromTest().jvmArg("-Xmx64m").mainClass(mainClass).timeout(Duration.ofSeconds(150));
    if (mainClass.equals(REACTOR_NETTY)) {
      return jvm.classpath(reactorNettyJars());
    }
    if (mainClass.equals(VERTX)) {
      return jvm.classpath(jarsIn("inferscope.vertx.libs", "vertx-4.5.14", name -> true));
    }
    return mainClass.equals(OKHTTP) ? jvm.classpath(okHttpJars()) : jvm;
  }

  /** The same, with the agent exporting to {@code receiver}. */
  static ForkedJvm withAgent(String mainClass, OtlpReceiver receiver) {
    return withAgent(ForkedJvm.java17(), mainClass, receiver);
  }

  static ForkedJvm withAgent(ForkedJvm runtime, String mainClass, OtlpReceiver receiver) {
    return AgentApps.exportingTo(app(runtime, mainClass).withAgent(), receiver, AgentApps.HTTP);
  }

  /** Reactor Netty with Netty and Reactor, from its folder under {@code inferscope.reactor.netty.libs}. */
  private static Path[] reactorNettyJars() {
    String dir = System.getProperty("inferscope.reactor.netty.libs");
    if (dir == null) {
      throw new AssertionError("system property inferscope.reactor.netty.libs is not set; run the tests with Maven");
    }
    try (Stream<Path> files = Files.list(Path.of(dir, REACTOR_NETTY_FOLDER))) {
      return files.filter(p -> p.toString().endsWith(".jar")).sorted().toArray(Path[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** OkHttp 4.12, okio and Kotlin's standard library from {@code inferscope.llm.libs}. */
  private static Path[] okHttpJars() {
    return jarsIn("inferscope.llm.libs", "", name ->
        name.startsWith("okhttp-") || name.startsWith("okio-") || name.startsWith("kotlin-stdlib") || name.startsWith("annotations-"));
  }

  /** The jars named by {@code wanted} in {@code subfolder} of the folder the system property names. */
  private static Path[] jarsIn(String folderProperty, String subfolder, Predicate<String> wanted) {
    String dir = System.getProperty(folderProperty);
    if (dir == null) {
      throw new AssertionError("system property " + folderProperty + " is not set; run the tests with Maven");
    }
    try (Stream<Path> files = Files.list(Path.of(dir).resolve(subfolder))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jar") && wanted.test(p.getFileName().toString()))
          .sorted().toArray(Path[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
