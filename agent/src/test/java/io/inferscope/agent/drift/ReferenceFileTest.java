package io.inferscope.agent.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceFileTest {
  private static final String HEADER = "inferscope-drift-reference,1\n";

  private static final List<ReferenceSummary> SAMPLE = List.of(
      ReferenceSummary.classes("resnet 50", "probs", List.of("281", "7", "_OTHER"), new long[] {600, 300, 100}),
      ReferenceSummary.classes("odd,name%", " label\n", List.of("a,b", "%41"), new long[] {1, 0}),
      ReferenceSummary.scalar(ReferenceSummary.Kind.SCALAR, "price", "y", -1, new double[] {-1.5, 0.1, 1e300, Double.POSITIVE_INFINITY},
          new long[] {1, 2, 3, 4, 5, 6}),
      ReferenceSummary.scalar(ReferenceSummary.Kind.SCALAR, "all-nan", "y", -1, new double[0], new long[] {0, 9}),
      ReferenceSummary.scalar(ReferenceSummary.Kind.FEATURE, "churn", "features", 3, new double[] {0.30000000000000004}, new long[] {5, 5, 0}));

  @Test
  void summariesRoundTripExactlyThroughAFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("reference.csv");
    ReferenceFile.write(file, SAMPLE);
    assertEquals(SAMPLE, ReferenceFile.read(file));
    String text = Files.readString(file);
    assertTrue(text.contains("\nclass,resnet 50,probs\nbin,281,600\nbin,7,300\nbin,_OTHER,100\n"), text);
    assertTrue(text.contains("class,odd%2Cname%25,%20label%0A\nbin,a%2Cb,1\nbin,%2541,0\n"), text);
    assertTrue(text.contains("scalar,price,y\nedges,-1.5,0.1,1.0E300,Infinity\ncounts,1,2,3,4,5,6\n"), text);
    assertTrue(text.contains("scalar,all-nan,y\nedges\ncounts,0,9\n"), text);
    assertTrue(text.contains("feature,churn,features,3\nedges,0.30000000000000004\n"), text);
  }

  @Test
  void commentsBlankLinesAndABomAreSkipped() throws IOException {
    String text = "\uFEFF# saved by hand\n\n" + HEADER + "  # a comment\nclass,m,o\n\nbin,x,3\n";
    assertEquals(List.of(ReferenceSummary.classes("m", "o", List.of("x"), new long[] {3})), read(text));
  }

  @Test
  void badFilesNameTheFileTheLineAndWhatIsWrong() {
    assertBad("", 0, "empty");
    assertBad("scalar,m,y\n", 1, "not an InferScope drift reference");
    assertBad("inferscope-drift-reference,2\n", 1, "format version 2, this agent reads version 1");
    assertBad(HEADER + "class,m\n", 2, "'class' takes 2 cells (model, name), found 1");
    assertBad(HEADER + "feature,m,x,first\n", 2, "feature index should be a whole number from 0");
    assertBad(HEADER + "bin,a,1\n", 2, "'bin' outside a class block");
    assertBad(HEADER + "class,m,o\nbin,a,-1\n", 3, "count should be a whole number from 0, found '-1'");
    assertBad(HEADER + "class,m,o\nbin,a,1\nbin,a,2\n", 2, "the block opened here is invalid: class labels repeat");
    assertBad(HEADER + "class,m,o\nscalar,m,y\nedges\ncounts,1,0\n", 2, "a class block needs at least one 'bin' line");
    assertBad(HEADER + "scalar,m,y\ncounts,1,2\n", 3, "'counts' before 'edges'");
    assertBad(HEADER + "scalar,m,y\nedges,1,x\n", 3, "edge 2 is not a number: 'x'");
    assertBad(HEADER + "scalar,m,y\nedges,2,1\ncounts,0,0,0,0\n", 2, "edges must be ascending");
    assertBad(HEADER + "scalar,m,y\nedges,1\ncounts,1,2\n", 4, "1 edges need 3 counts (ranges, then NaN), found 2");
    assertBad(HEADER + "scalar,m,y\nedges\n", 2, "needs an 'edges' and a 'counts' line");
    assertBad(HEADER + "scalar,m,y\nedges\ncounts,1,0\nscalar,m,y\nedges\ncounts,1,0\n", 5, "scalar m/y appears twice");
    assertBad(HEADER + "class,m%2,o\n", 3 - 1, "'%' must be followed by two hex digits");
    assertBad(HEADER + "histogram,m,o\n", 2, "unknown line 'histogram'");
  }

  @Test
  void aMissingFileIsAnIoExceptionFromTheJdk(@TempDir Path dir) {
    assertThrows(IOException.class, () -> ReferenceFile.read(dir.resolve("absent.csv")));
  }

  @Test
  void encodingLeavesPlainNamesReadable() {
    assertEquals("resnet-50 v2", ReferenceFile.encode("resnet-50 v2"));
    assertEquals("a%2Cb%25c%0D%0A", ReferenceFile.encode("a,b%c\r\n"));
    assertEquals("a,b%c\r\n", ReferenceFile.decode("a%2Cb%25c%0D%0A"));
  }

  private static List<ReferenceSummary> read(String text) throws IOException {
    return ReferenceFile.read(new BufferedReader(new StringReader(text)), "ref.csv");
  }

  private static void assertBad(String text, int line, String message) {
    InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> read(text), text);
    assertEquals(line, e.line(), e.getMessage());
    assertEquals("ref.csv", e.file());
    assertTrue(e.getMessage().startsWith("ref.csv" + (line > 0 ? ":" + line : "") + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void writingToAWriterUsesTheSameFormat() throws IOException {
    StringWriter out = new StringWriter();
    ReferenceFile.write(out, SAMPLE.subList(0, 1));
    assertTrue(out.toString().contains(HEADER));
  }
}
