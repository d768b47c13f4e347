package io.inferscope.agent.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceCsvTest {
  private static final DriftSettings SETTINGS = DriftSettings.defaults();

  @Test
  void columnsBecomeScalarClassAndFeatureReferences(@TempDir Path dir) throws IOException {
    StringBuilder csv = new StringBuilder("score,label:class,x[0],x[1]\n");
    for (int i = 0; i < 100; i++) {
      csv.append(i).append(',').append(i % 4 == 0 ? "\"cat, tabby\"" : "dog").append(',').append(i * 0.5).append(',')
          .append(i < 50 ? "" : "1").append('\n');
    }
    Path file = dir.resolve("train.csv");
    Files.writeString(file, csv);
    List<ReferenceSummary> refs = ReferenceCsv.read(file, "churn", SETTINGS);
    assertEquals(4, refs.size());
    ReferenceSummary score = refs.get(0);
    assertEquals("scalar churn/score", score.key());
    assertArrayEquals(new double[] {10, 20, 30, 40, 50, 60, 70, 80, 90}, score.edges());
    assertEquals(100, score.total());
    ReferenceSummary label = refs.get(1);
    assertEquals("class churn/label", label.key());
    assertEquals(List.of("dog", "cat, tabby"), label.labels(), "most frequent first");
    assertArrayEquals(new long[] {75, 25}, label.counts());
    assertEquals("feature churn/x[0]", refs.get(2).key());
    assertEquals(50, refs.get(3).total(), "empty cells are missing values");
    assertArrayEquals(new double[] {1, Math.nextUp(1f)}, refs.get(3).edges(), "a constant column");
  }

  @Test
  void classesPastTheCapAreOther() throws IOException {
    StringBuilder csv = new StringBuilder("y:class\n");
    for (String label : new String[] {"a", "b", "b", "c", "c", "c", "_OTHER"}) {
      csv.append(label).append('\n');
    }
    ReferenceSummary ref = read(csv.toString(), SETTINGS.withMaxClasses(2)).get(0);
    assertEquals(List.of("c", "b", "_OTHER"), ref.labels());
    assertArrayEquals(new long[] {3, 2, 2}, ref.counts());
  }

  @Test
  void aCsvReferencePinsToALiveSummary() throws IOException {
    List<ReferenceSummary> refs = read("y\n1\n2\n3\n4\n", SETTINGS);
    ScalarOutputSummary live = new ScalarOutputSummary("m", "y", SETTINGS.withWindows(4, 4), null);
    live.pinReference(refs.get(0));
    for (double v : new double[] {1, 2, 3, 4}) {
      live.observe(v);
    }
    assertEquals(0.0, live.evaluate(), 1e-12);
  }

  @Test
  void badCsvsNameTheFileLineAndColumn() {
    assertBad("", 0, "empty: no header line");
    assertBad("a,,b\n1,2,3\n", 1, "column 2 has no name");
    assertBad("a,a\n", 1, "column 'a' appears twice");
    assertBad("# training outputs\na,b\n1,2\n3\n", 4, "2 columns in the header, 1 here");
    assertBad("a,b\n1,2\n1,abc\n", 3, "column 2 ('b'): 'abc' is not a number");
    assertBad("a,b\n1,2\n1,0x10\n", 3, "'0x10' is not a number");
    assertBad("a,b\n1,\n", 1, "column 'b' has no values");
    assertBad("a:class\n\"open\n", 2, "a quoted cell is not closed");
  }

  @Test
  void numbersIncludeNanAndInfinity() throws IOException {
    ReferenceSummary ref = read("y\nNaN\n-Infinity\n1e3\n.5\n", SETTINGS).get(0);
    assertEquals(4, ref.total());
    assertEquals(1, ref.counts()[ref.counts().length - 1], "the NaN bin");
  }

  private static List<ReferenceSummary> read(String text, DriftSettings settings) throws IOException {
    return ReferenceCsv.read(new BufferedReader(new StringReader(text)), "values.csv", "m", settings);
  }

  private static void assertBad(String text, int line, String message) {
    InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> read(text, SETTINGS), text);
    assertEquals(line, e.line(), e.getMessage());
    assertTrue(e.getMessage().startsWith("values.csv" + (line > 0 ? ":" + line : "") + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
