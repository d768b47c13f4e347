package io.inferscope.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.drift.DriftSettings;
import io.inferscope.agent.drift.Psi;
import io.inferscope.agent.drift.ReferenceCsv;
import io.inferscope.agent.drift.ReferenceFile;
import io.inferscope.agent.drift.ReferenceSummary;
import io.inferscope.agent.drift.SnapshotWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftCommandTest {
  @TempDir Path dir;
  private ByteArrayOutputStream out = new ByteArrayOutputStream();
  private ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int drift(DriftSettings settings, String... args) {
    out = new ByteArrayOutputStream();
    err = new ByteArrayOutputStream();
    return new DriftCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        settings).run(args);
  }

  private int drift(String... args) {
    return drift(DriftSettings.defaults(), args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** 500 rows: a score around {@code mean}, a class label, one feature. */
  private Path csv(String name, double mean) throws IOException {
    Random random = new Random(7);
    StringBuilder csv = new StringBuilder("score,label:class,features[0]\n");
    for (int i = 0; i < 500; i++) {
      csv.append(mean + random.nextGaussian()).append(',').append(i % 3 == 0 ? "cat" : i % 3 == 1 ? "dog" : "owl")
          .append(',').append(random.nextDouble()).append('\n');
    }
    Path file = dir.resolve(name);
    Files.writeString(file, csv);
    return file;
  }

  private Path reference(String name, ReferenceSummary... summaries) throws IOException {
    Path file = dir.resolve(name);
    ReferenceFile.write(file, List.of(summaries));
    return file;
  }

  private static ReferenceSummary classes(String output, long first, long second) {
    return ReferenceSummary.classes("m", output, List.of("yes", "no"), new long[] {first, second});
  }

  private static double psi(long first, long second) {
    return Psi.of(new double[] {0.5, 0.5}, new double[] {first / 100.0, second / 100.0});
  }

  private void assertOneCleanLine() {
    assertEquals(1, err().lines().count(), err());
    assertFalse(err().contains("Exception") || err().contains("\tat "), err());
  }

  @Test
  void saveFromACsvWritesTheReferenceTheCsvGives() throws IOException {
    Path train = csv("train.csv", 0);
    Path ref = dir.resolve("train.txt");
    assertEquals(0, drift("save", "--csv", train.toString(), "--model", "churn", "-o", ref.toString()), err());
    assertEquals(ReferenceCsv.read(train, "churn", DriftSettings.defaults()), ReferenceFile.read(ref));
    assertTrue(out().startsWith("wrote " + ref + ": 3 summaries of model churn\n"), out());
    assertTrue(out().contains("  scalar churn/score: 500 values, 10 bins\n"), out());
    assertTrue(out().contains("  class churn/label: 500 values, 3 classes\n"), out());
    assertTrue(out().contains("  feature churn/features[0]: 500 values, 10 bins\n"), out());
  }

  @Test
  void maxClassesCapsTheCsvsClasses() throws IOException {
    Path ref = dir.resolve("ref.txt");
    assertEquals(0, drift("save", "--csv", csv("train.csv", 0).toString(), "--model", "churn", "--max-classes", "1", "--output", ref.toString()), err());
    ReferenceSummary label = ReferenceFile.read(ref).get(1);
    assertEquals(List.of("cat", "_OTHER"), label.labels());
    assertTrue(out().contains("  class churn/label: 500 values, 2 classes\n"), out());
  }

  /** PSI per summary, verdicts at the drift package's thresholds: stable below 0.1, drifted from 0.2. */
  @Test
  void compareGivesPsiAndAVerdictPerSummaryAndExitsOneOnDrift() throws IOException {
    Path a = reference("a.txt", classes("stable", 50, 50), classes("moderate", 50, 50), classes("drifted", 50, 50));
    Path b = reference("b.txt", classes("stable", 60, 40), classes("moderate", 70, 30), classes("drifted", 80, 20));
    assertEquals(1, drift("compare", a.toString(), b.toString()), err());
    List<String> lines = out().lines().toList();
    assertTrue(lines.get(0).matches("kind\\s+model\\s+name\\s+feature\\s+psi\\s+verdict"), lines.get(0));
    assertTrue(lines.get(1).matches(String.format(java.util.Locale.ROOT, "class\\s+m\\s+stable\\s+%.4f\\s+stable", psi(60, 40))), lines.get(1));
    assertTrue(lines.get(2).matches(String.format(java.util.Locale.ROOT, "class\\s+m\\s+moderate\\s+%.4f\\s+moderate", psi(70, 30))), lines.get(2));
    assertTrue(lines.get(3).matches(String.format(java.util.Locale.ROOT, "class\\s+m\\s+drifted\\s+%.4f\\s+drifted", psi(80, 20))), lines.get(3));
    assertEquals("3 compared: 1 stable (PSI below 0.1), 1 moderate, 1 drifted (PSI 0.2 or more)", lines.get(4));
    assertTrue(psi(70, 30) >= 0.1 && psi(70, 30) < 0.2 && psi(80, 20) >= 0.2, "the cases sit in their bands");

    Path c = reference("c.txt", classes("stable", 60, 40), classes("moderate", 70, 30));
    assertEquals(0, drift("compare", a.toString(), c.toString()), "a moderate shift is not drift");
    assertTrue(out().contains("only in " + a + ": class m/drifted\n"), out());
    assertEquals(0, drift("compare", a.toString(), a.toString()));
    assertTrue(out().contains("3 compared: 3 stable"), out());
  }

  /** A team with its own inferscope.drift.threshold gets the same verdicts offline as the agent gives live. */
  @Test
  void theConfiguredThresholdDecides() throws IOException {
    Path a = reference("a.txt", classes("y", 50, 50));
    Path b = reference("b.txt", classes("y", 80, 20));
    DriftSettings lenient = new DriftSettings(1000, 1000, 64, 10, 4096, 16, 100, 0.5, 0.25, 10, 32, 5);
    assertEquals(0, drift(lenient, "compare", a.toString(), b.toString()));
    assertTrue(out().lines().anyMatch(l -> l.matches("class\\s+m\\s+y\\s+0\\.4\\d+\\s+moderate")), out());
    assertTrue(out().contains("(PSI below 0.25)") && out().contains("(PSI 0.5 or more)"), out());
  }

  @Test
  void summariesOnOneSideOnlyAreListedAndDifferentBinsAreSaidToBeApproximate() throws IOException {
    Path train = dir.resolve("train.txt");
    Path shifted = dir.resolve("shifted.txt");
    assertEquals(0, drift("save", "--csv", csv("train.csv", 0).toString(), "--model", "churn", "-o", train.toString()));
    assertEquals(0, drift("save", "--csv", csv("shifted.csv", 1).toString(), "--model", "churn", "-o", shifted.toString()));
    Path extra = reference("extra.txt", ReferenceSummary.scalar(ReferenceSummary.Kind.SCALAR, "other", "y", -1, new double[] {1}, new long[] {1, 1, 0}));
    List<ReferenceSummary> withExtra = new java.util.ArrayList<>(ReferenceFile.read(shifted));
    withExtra.addAll(ReferenceFile.read(extra));
    ReferenceFile.write(shifted, withExtra);
    assertEquals(1, drift("compare", train.toString(), shifted.toString()));
    assertTrue(out().lines().anyMatch(l -> l.matches("scalar\\s+churn\\s+score\\s+\\S+\\s+drifted\\s+rebinned")), out());
    assertTrue(out().lines().anyMatch(l -> l.matches("class\\s+churn\\s+label\\s+0\\.0000\\s+stable")), out());
    assertTrue(out().lines().anyMatch(l -> l.matches("feature\\s+churn\\s+features\\s+0\\s+\\S+\\s+stable.*")), out());
    assertTrue(out().contains("only in " + shifted + ": scalar other/y\n"), out());
    assertTrue(out().contains("rebinned: binned differently in the two files (e.g. two CSVs); shifted.txt's counts spread over train.txt's bins"), out());
  }

  @Test
  void nothingInCommonIsAnErrorNotAPass() throws IOException {
    Path a = reference("a.txt", classes("y", 50, 50));
    Path b = reference("b.txt", ReferenceSummary.classes("other", "y", List.of("x"), new long[] {1}));
    assertEquals(2, drift("compare", a.toString(), b.toString()));
    assertEquals("nothing to compare: no output or input is in both files (" + a + ": model m; " + b + ": model other)", err().strip());
  }

  @Test
  void aBadFileIsOneLineNamingFileAndLine() throws IOException {
    Path good = reference("good.txt", classes("y", 50, 50));
    assertEquals(2, drift("compare", good.toString(), dir.resolve("missing.txt").toString()));
    assertEquals("cannot read " + dir.resolve("missing.txt") + ": no such file", err().strip());
    Path bad = dir.resolve("bad.txt");
    Files.writeString(bad, "inferscope-drift-reference,1\nclass,m,y\nbin,yes,many\n");
    assertEquals(2, drift("compare", bad.toString(), good.toString()));
    assertTrue(err().startsWith(bad + ":3: "), err());
    assertOneCleanLine();
    Path csv = dir.resolve("values.csv");
    Files.writeString(csv, "score\n0.5\nhigh\n");
    assertEquals(2, drift("compare", good.toString(), csv.toString()));
    assertTrue(err().startsWith(csv + ":1: not an InferScope drift reference"), err());
    assertEquals(2, drift("save", "--csv", csv.toString(), "--model", "m", "-o", dir.resolve("r.txt").toString()));
    assertTrue(err().startsWith(csv + ":3: "), err());
    assertTrue(err().contains("'high' is not a number"), err());
    assertOneCleanLine();
    assertFalse(Files.exists(dir.resolve("r.txt")), "nothing written from a bad CSV");
    assertEquals(2, drift("save", "--csv", dir.resolve("nope.csv").toString(), "--model", "m", "-o", dir.resolve("r.txt").toString()));
    assertEquals("cannot read " + dir.resolve("nope.csv") + ": no such file", err().strip());
    assertEquals(2, drift("save", "--csv", csv("t.csv", 0).toString(), "--model", "m", "-o", dir.resolve("no/such/dir/r.txt").toString()));
    assertEquals("cannot write " + dir.resolve("no/such/dir/r.txt") + ": no such file", err().strip());
  }

  @Test
  void badUsageIsOneLineAndExitTwo() throws IOException {
    String train = csv("train.csv", 0).toString();
    String[][] cases = {
      {"frobnicate"},
      {"compare", "only-one.txt"},
      {"save", "--csv", train, "-o", "r.txt"},
      {"save", "--csv", train, "--model", "m"},
      {"save", "--model", "m", "-o", "r.txt"},
      {"save", "--csv", train, "--snapshot", "s.txt", "--model", "m", "-o", "r.txt"},
      {"save", "--snapshot", "s.txt", "-o", "r.txt"},
      {"save", "--snapshot", "s.txt", "--window", "latest", "-o", "r.txt"},
      {"save", "--csv", train, "--model", "m", "--window", "current", "-o", "r.txt"},
      {"save", "--csv", train, "--model", "m", "--max-classes", "many", "-o", "r.txt"},
      {"save", "--csv", train, "--model", "m", "--max-classes", "0", "-o", "r.txt"},
      {"save", "--csv", train, "--model", "m", "--bins", "5", "-o", "r.txt"},
      {"save", "--csv", train, "--model"},
    };
    for (String[] args : cases) {
      assertEquals(2, drift(args), String.join(" ", args));
      assertOneCleanLine();
      assertTrue(err().strip().endsWith("'drift' alone prints the usage"), err());
    }
    assertTrue(err().contains("--model needs a value"), err());
  }

  @Test
  void driftAlonePrintsItsUsage() {
    assertEquals(0, drift());
    assertTrue(out().startsWith("usage: drift save --csv FILE.csv --model NAME"), out());
    assertTrue(out().contains("drift compare REFERENCE.txt OTHER.txt"), out());
  }

  /** A window of a running agent's snapshot (SNAP.txt and SNAP.current.txt, as SnapshotWriter writes them) kept as a reference. */
  @Test
  void saveFromASnapshotKeepsOneWindowOfOneModel() throws IOException {
    Path snapshot = dir.resolve("snap.txt");
    ReferenceFile.write(snapshot, List.of(classes("y", 50, 50), ReferenceSummary.classes("other", "y", List.of("x"), new long[] {3})));
    ReferenceFile.write(SnapshotWriter.currentFile(snapshot), List.of(classes("y", 80, 20)));
    Path kept = dir.resolve("kept.txt");
    assertEquals(0, drift("save", "--snapshot", snapshot.toString(), "--window", "current", "-o", kept.toString()), err());
    assertEquals(List.of(classes("y", 80, 20)), ReferenceFile.read(kept));
    assertEquals(0, drift("save", "--snapshot", snapshot.toString(), "--window", "reference", "--model", "m", "-o", kept.toString()), err());
    assertEquals(List.of(classes("y", 50, 50)), ReferenceFile.read(kept));
    assertTrue(out().startsWith("wrote " + kept + ": 1 summary of model m\n  class m/y: 100 values, 2 classes\n"), out());

    assertEquals(2, drift("save", "--snapshot", snapshot.toString(), "--window", "reference", "--model", "nope", "-o", kept.toString()));
    assertEquals(snapshot + ": no summary of model 'nope' (it has models m, other)", err().strip());
    ReferenceFile.write(SnapshotWriter.currentFile(snapshot), List.of());
    assertEquals(2, drift("save", "--snapshot", snapshot.toString(), "--window", "current", "-o", kept.toString()));
    assertEquals(SnapshotWriter.currentFile(snapshot) + ": no current window in this snapshot yet (no output or input has one)", err().strip());
    assertEquals(List.of(classes("y", 50, 50)), ReferenceFile.read(kept), "the kept reference untouched");
  }
}
