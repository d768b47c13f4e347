package io.inferscope.tests.llm.bedrock;

import io.inferscope.tests.apps.AppSequence;
import io.inferscope.tests.apps.BedrockSdkApp;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Forked Bedrock applications on one AWS SDK version's jars (target/bedrock-libs/VERSION), and what the tests read back. */
final class BedrockRuns {
  static final String NEWEST = "2.59.1";
  static final String OLDEST = "2.40.2";
  static final String APP = BedrockSdkApp.class.getName();
  static final String SCOPE = "io.inferscope.genai";
  static final String ACCESS_KEY = "AKIAFAKEBEDROCKKEY01";
  static final String SECRET_KEY = "fakeSecretKeyThatMustNeverBeRecorded0001";

  private BedrockRuns() {}

  /** The app (or an AppSequence of steps separated by {@link AppSequence#SEPARATOR}) with the agent. */
  static ForkedJvm withAgent(OtlpReceiver receiver, String version, String... steps) {
    return AgentApps.exportingTo(ForkedJvm.java17().withAgent().classpathFromTest(), receiver, AgentApps.HTTP)
        .classpath(jars(version)).mainClass(AppSequence.class.getName()).args(sequence(steps));
  }

  /** The same steps with no agent: what the application reads when nobody watches. */
  static ForkedJvm withoutAgent(String version, String... steps) {
    return ForkedJvm.java17().classpathFromTest().classpath(jars(version)).mainClass(AppSequence.class.getName()).args(sequence(steps));
  }

  private static String[] sequence(String... steps) {
    List<String> args = new ArrayList<>(List.of("0"));
    args.addAll(List.of(steps));
    return args.toArray(String[]::new);
  }

  /** One step: the app's arguments after its class name. */
  static List<String> step(String... args) {
    List<String> step = new ArrayList<>(List.of(APP));
    step.addAll(List.of(args));
    return step;
  }

  static String[] steps(List<List<String>> steps) {
    List<String> all = new ArrayList<>();
    for (List<String> step : steps) {
      if (!all.isEmpty()) {
        all.add(AppSequence.SEPARATOR);
      }
      all.addAll(step);
    }
    return all.toArray(String[]::new);
  }

  static Path[] jars(String version) {
    String folder = System.getProperty("inferscope.bedrock.libs");
    if (folder == null) {
      throw new AssertionError("system property inferscope.bedrock.libs is not set; run the tests with Maven");
    }
    try (Stream<Path> files = Files.list(Path.of(folder, version))) {
      Path[] jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toArray(Path[]::new);
      if (jars.length == 0) {
        throw new AssertionError("no jars in " + folder + "/" + version);
      }
      return jars;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<ReceivedSpan> genAiSpans(OtlpReceiver receiver) {
    return receiver.spans().stream().filter(s -> SCOPE.equals(s.scopeName())).toList();
  }

  /** The one span of {@code spans} named {@code name}. */
  static ReceivedSpan onlyNamed(List<ReceivedSpan> spans, String name) {
    List<ReceivedSpan> named = spans.stream().filter(s -> s.name().equals(name)).toList();
    if (named.size() != 1) {
      throw new AssertionError("one span named " + name + ": " + spans);
    }
    return named.get(0);
  }

  /** Every value the app printed for {@code key}, in order. */
  static List<String> all(ForkedJvm.Result result, String key) {
    return result.stdout().lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).toList();
  }

  static String output(ForkedJvm.Result result) {
    return "--- stdout ---\n" + result.stdout() + "\n--- stderr ---\n" + result.stderr();
  }

  /** No credential, signature or auth header value in any exported byte, nor in the agent's output. */
  static void assertNoCredentials(OtlpReceiver receiver, ForkedJvm.Result result, List<FakeBedrockServer.Request> requests) {
    String exported = new String(receiver.rawBytes(), StandardCharsets.ISO_8859_1);
    List<String> secrets = new ArrayList<>(List.of(ACCESS_KEY, SECRET_KEY, "AWS4-HMAC-SHA256", "Signature="));
    for (FakeBedrockServer.Request request : requests) {
      String auth = request.header("Authorization");
      if (auth != null && auth.contains("Signature=")) {
        secrets.add(auth.substring(auth.indexOf("Signature=") + "Signature=".length()));
      }
    }
    for (String secret : secrets) {
      if (exported.contains(secret)) {
        throw new AssertionError("exported: " + secret);
      }
      if (result.stderr().contains(secret)) {
        throw new AssertionError("on stderr: " + secret);
      }
    }
  }
}
