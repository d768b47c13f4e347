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
