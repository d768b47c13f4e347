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

/** {@code java -jar inferscope-agent.jar} prints version and usage, and runs the replay and drift tools. */
public class AgentJarCommandTest {
  public record Output(int exitCode, String stdout, String stderr) {}

  public static Output run(String... args) throws IOException, InterruptedException {
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

  /** The README: {@code --help} prints the version and usage; so does no argument at all. */
  @Test
  void printsVersionAndUsageWithHelpOrWithoutArguments() throws Exception {
    for (String[] args : List.of(new String[] {"--help"}, new String[0])) {
      Output out = run(args);
      assertEquals(0, out.exitCode(), out.stderr());
      assertTrue(out.stdout().matches("(?s)InferScope \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?: .*"), out.stdout());
      assertTrue(out.stdout().contains("-javaagent:/path/to/inferscope-agent.jar"), out.stdout());
      assertTrue(out.stdout().contains("OTEL_EXPORTER_OTLP_ENDPOINT"), out.stdout());
    }
  }

  @Test
  void replayRunsALatencySeriesThroughTheDetector(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    StringBuilder csv = new StringBuilder("ts,duration_ms\n");
    for (int i = 0; i < 300; i++) {
      csv.append("2026-11-23T10:").append(String.format("%02d:%02d", i / 60, i % 60)).append("Z,")
          .append(i == 250 ? 900 : 40 + (i % 7)).append('\n');
    }
    csv.append("2026-11-23T10:05:00Z,-3\n");
    Path file = dir.resolve("series.csv");
    java.nio.file.Files.writeString(file, csv);
    Output out = run("replay", file.toString());
    assertEquals(0, out.exitCode(), out.stderr());
    List<String> rows = out.stdout().lines().toList();
    assertEquals(301, rows.size(), out.stdout());
    List<String> flagged = rows.stream().skip(1).filter(r -> r.split(",")[4].equals("1")).toList();
    assertEquals(1, flagged.size(), flagged::toString);
    assertTrue(flagged.get(0).startsWith("252,2026-11-23T10:04:10Z,default,0.900000,1,latency_spike,"), flagged::toString);
    assertTrue(out.stderr().contains("line 302: latency '-3' is not a non-negative number; skipped"), out.stderr());
    assertTrue(out.stderr().contains("rows 300, flagged 1"), out.stderr());
  }

  /** 3000 rows of training-like data: a normal score around {@code mean}, a class label, one uniform feature. */
  private static Path valuesCsv(Path dir, String name, long seed, double mean) throws IOException {
    java.util.Random random = new java.util.Random(seed);
    StringBuilder csv = new StringBuilder("score,label:class,features[0]\n");
    for (int i = 0; i < 3000; i++) {
      csv.append(mean + random.nextGaussian()).append(',').append(random.nextInt(4) == 0 ? "fraud" : "ok").append(',')
          .append(random.nextDouble()).append('\n');
    }
    Path file = dir.resolve(name);
    java.nio.file.Files.writeString(file, csv);
    return file;
  }

  /**
   * The README's "Keeping a reference": a reference saved from training data, compared with one from a shifted
   * sample (the score's mean moved by one standard deviation: drifted, exit 1) and with one from another sample
   * of the same distribution (stable, exit 0).
   */
  @Test
  void driftSaveAndCompareJudgeAShiftedSampleAgainstTheTrainingReference(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path training = dir.resolve("training.txt");
    Output saved = run("drift", "save", "--csv", valuesCsv(dir, "training.csv", 1, 0).toString(), "--model", "fraud-scorer",
        "-o", training.toString());
    assertEquals(0, saved.exitCode(), saved.stderr());
    assertTrue(saved.stdout().startsWith("wrote " + training + ": 3 summaries of model fraud-scorer"), saved.stdout());
    assertTrue(saved.stdout().contains("  scalar fraud-scorer/score: 3000 values, 10 bins"), saved.stdout());

    Path shifted = dir.resolve("shifted.txt");
    assertEquals(0, run("drift", "save", "--csv", valuesCsv(dir, "shifted.csv", 2, 1).toString(), "--model", "fraud-scorer",
        "-o", shifted.toString()).exitCode());
    Output drifted = run("drift", "compare", training.toString(), shifted.toString());
    assertEquals(1, drifted.exitCode(), drifted.stdout() + drifted.stderr());
    String[] score = row(drifted.stdout(), "scalar");
    assertTrue(Double.parseDouble(score[3]) >= 0.2 && score[4].equals("drifted"), drifted.stdout());
    String[] label = row(drifted.stdout(), "class");
    assertTrue(Double.parseDouble(label[3]) < 0.1 && label[4].equals("stable"), drifted.stdout());
    assertTrue(drifted.stdout().contains("3 compared: 2 stable (PSI below 0.1), 0 moderate, 1 drifted (PSI 0.2 or more)"), drifted.stdout());

    Path same = dir.resolve("same.txt");
    assertEquals(0, run("drift", "save", "--csv", valuesCsv(dir, "same.csv", 3, 0).toString(), "--model", "fraud-scorer",
        "-o", same.toString()).exitCode());
    Output stable = run("drift", "compare", training.toString(), same.toString());
    assertEquals(0, stable.exitCode(), stable.stdout() + stable.stderr());
    assertTrue(stable.stdout().contains("3 compared: 3 stable (PSI below 0.1), 0 moderate, 0 drifted"), stable.stdout());
  }

  /** The cells of the first table row of that kind: kind, model, name, [feature,] psi, verdict. */
  private static String[] row(String table, String kind) {
    return table.lines().filter(l -> l.startsWith(kind + " ")).findFirst().orElseThrow(() -> new AssertionError(table)).split("\\s+");
  }

  @Test
  void unknownCommandFailsClearly() throws Exception {
    Output out = run("frobnicate");
    assertEquals(2, out.exitCode());
    assertTrue(out.stderr().contains("unknown command 'frobnicate'; try --help"), out.stderr());
  }
}
