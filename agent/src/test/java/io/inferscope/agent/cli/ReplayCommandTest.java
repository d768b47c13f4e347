package io.inferscope.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class ReplayCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int replay(String... args) {
    return new ReplayCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** 600 calls of ~20 ms one second apart, with a 400 ms spike at row 500 and a few bad rows. */
  private Path series() throws IOException {
    StringBuilder csv = new StringBuilder("timestamp,latency_ms,model\n");
    Random random = new Random(42);
    long start = 1_763_900_000_000L;
    for (int i = 0; i < 600; i++) {
      double ms = i == 500 ? 400 : 20 * Math.exp(0.1 * random.nextGaussian());
      csv.append(start + i * 1000L).append(',').append(ms).append(",scorer\n");
      if (i == 100) {
        csv.append(start + i * 1000L).append(",fast,scorer\n");
      }
      if (i == 200) {
        csv.append("yesterday,20,scorer\n");
      }
    }
    Path file = dir.resolve("latency.csv");
    Files.writeString(file, csv);
    return file;
  }

  @Test
  void flagsTheSpikeAndReportsBadRowsByLineNumber() throws IOException {
    assertEquals(0, replay(series().toString()));
    List<String> lines = out().lines().toList();
    assertEquals("line,timestamp,key,latency_s,flag,reason,score,baseline_s", lines.get(0));
    assertEquals(601, lines.size(), "one output row per good input row");
    List<String> flagged = lines.stream().skip(1).filter(l -> l.split(",")[4].equals("1")).toList();
    assertEquals(1, flagged.size(), () -> "only the spike: " + flagged);
    assertTrue(flagged.get(0).contains(",0.400000,1,latency_spike,"), flagged::toString);
    assertTrue(err().contains("line 103: latency 'fast' is not a number; skipped"), err());
    assertTrue(err().contains("line 204: timestamp 'yesterday' is neither"), err());
    assertTrue(err().contains("rows 600, flagged 1 (0.167%), skipped 2"), err());
    assertTrue(err().contains("scorer: 600 calls, 1 flagged, latency_spike 1"), err());
  }

  /**
   * 1500 calls with batch sizes over 1..30 000 (2 ms + 10 us per item), a batch of 5 items taking 20 ms at
   * row 1200 and a normal batch of 30 000 at row 1300; {@code sizeColumn} names the batch column.
   */
  private Path batches(String sizeColumn) throws IOException {
    StringBuilder csv = new StringBuilder("timestamp,latency_ms,model," + sizeColumn + "\n");
    Random random = new Random(42);
    long start = 1_763_900_000_000L;
    for (int i = 0; i < 1500; i++) {
      long items = i == 1200 ? 5 : i == 1300 ? 30_000 : Math.round(Math.exp(Math.log(30_000) * random.nextDouble()));
      double ms = i == 1200 ? 20 : (2 + 0.01 * items) * Math.exp(0.05 * random.nextGaussian());
      csv.append(start + i * 1000L).append(',').append(ms).append(",scorer,").append(items).append('\n');
    }
    Path file = dir.resolve(sizeColumn + ".csv");
    Files.writeString(file, csv);
    return file;
  }

  @Test
  void aBatchSizeColumnJudgesEachCallForItsSize() throws IOException {
    assertEquals(0, replay(batches("batch_size").toString()));
    List<String> lines = out().lines().toList();
    assertEquals("line,timestamp,key,latency_s,flag,reason,score,baseline_s,batch", lines.get(0));
    List<String> flagged = lines.stream().skip(1).filter(l -> l.split(",")[4].equals("1")).toList();
    assertEquals(1, flagged.size(), () -> "only the slow small batch: " + flagged);
    String[] slow = flagged.get(0).split(",");
    assertEquals(List.of("1202", "0.0200000", "latency_spike", "5"), List.of(slow[0], slow[3], slow[5], slow[8]));
    assertEquals(0.00205, Double.parseDouble(slow[7]), 0.0003, "baseline: the expected latency for 5 items");
    String[] big = lines.get(1301).split(",");
    assertEquals(List.of("0", "30000"), List.of(big[4], big[8]), "30 000 items at the usual speed: normal");
    assertTrue(err().contains("scorer: 1500 calls, 1 flagged, latency_spike 1"), err());
    assertTrue(err().contains("for a typical batch of"), err());

    // The same calls without the sizes (the column is not recognised): the slow small batch goes unseen.
    out.reset();
    assertEquals(0, replay(batches("rows_in_call").toString()));
    List<String> blind = out().lines().toList();
    assertEquals("line,timestamp,key,latency_s,flag,reason,score,baseline_s", blind.get(0));
    assertEquals("0", blind.get(1201).split(",")[4], "batch-blind, 20 ms is fast next to the big batches");
  }

  @Test
  void aBadOptionOrFileIsAClearErrorNotAStackTrace() throws IOException {
    assertEquals(2, replay(series().toString(), "--sensitivity", "loud"));
    assertTrue(err().contains("--sensitivity expects a number, got 'loud'"), err());
    assertEquals(2, replay(dir.resolve("missing.csv").toString()));
    assertTrue(err().contains("cannot read"), err());
    Path noHeader = dir.resolve("bad.csv");
    Files.writeString(noHeader, "a,b\n1,2\n");
    assertEquals(2, replay(noHeader.toString()));
    assertTrue(err().contains("the header needs a timestamp and a latency column"), err());
  }

  @Test
  void aLowerSensitivityFlagsMore() throws IOException {
    Path file = series();
    replay(file.toString(), "--sensitivity", "0.5");
    long loose = out().lines().skip(1).filter(l -> l.split(",")[4].equals("1")).count();
    assertTrue(loose > 1, "sensitivity 0.5 flags ordinary jitter too: " + loose);
  }
}
