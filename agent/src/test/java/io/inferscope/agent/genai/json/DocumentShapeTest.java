package io.inferscope.agent.genai.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.genai.json.JsonScannerTest.Recorder;
import io.inferscope.agent.genai.json.JsonScannerTest.Run;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A stream's documents read by the last one's shape ({@link DocumentShape}) give exactly what the
 * grammar gives: the same outcome and the same calls, in order, for every document of random streams
 * whose events share a skeleton, with values that the fast paths take and values they do not
 * (escapes, control characters, non-ASCII text where it is kept, negative, fractional, long or
 * zero-led numbers), malformed variants, changed skeletons, lines split across pieces, kept and
 * counted text, and a sink whose wants change from one document to the next.
 */
class DocumentShapeTest {
  private static final char STRING_SLOT = '\u0001';
  private static final char INTEGER_SLOT = '\u0002';
  private static final String[] KEYS = {"id", "n", "flag", "items", "text", "count", "x", "body", "deep", "a", "b", "list"};

  /** The tests' recorder, which stops wanting "id" (tag 1) once told, as readers stop wanting a known id. */
  private static final class Sink extends Recorder {
    boolean idKnown;

    @Override
    public boolean wants(int tag) {
      return tag != 1 || !idKnown;
    }
  }

  @Test
  void aDocumentReadByShapeGivesWhatTheGrammarGives() {
    Random random = new Random(13);
    int replayed = 0;
    int documents = 0;
    for (int stream = 0; stream < 400; stream++) {
      int textCap = random.nextBoolean() ? 0 : 5;
      String skeleton = skeleton(random, 0);
      Sink sink = new Sink();
      JsonScanner scanner = new JsonScanner(JsonScannerTest.SCHEMA, sink, false, textCap);
      for (int event = 0; event < 40; event++) {
        if (random.nextInt(15) == 0) {
          skeleton = skeleton(random, 0); // the stream changes shape
        }
        boolean idKnown = event > 2 && random.nextInt(10) != 0; // now and then wanted again
        byte[] line = event(random, skeleton);
        if (random.nextInt(10) == 0) {
          line = JsonScannerTest.mutate(random, line);
        }
        byte[] buffer = lineInBuffer(line);
        int end = 3 + line.length + 2;
        Run expected = reference(buffer, end, textCap, idKnown);

        sink.idKnown = idKnown;
        sink.calls.clear();
        int split = random.nextInt(6) == 0 ? 3 + random.nextInt(line.length + 1) : end;
        int at = scanner.feedLine(buffer, 3, split);
        if (at == split && split < end) {
          at = scanner.feedLine(buffer, split, end);
        }
        assertEquals(3 + line.length, at, "stops at the line's end");
        Run actual = new Run(scanner.finish(), sink.calls);
        String shown = new String(line, StandardCharsets.ISO_8859_1);
        assertEquals(expected, actual, () -> "stream document: " + shown);
        scanner.reset();
        documents++;
        if (scanner.lastReplayed()) {
          replayed++;
        }
      }
    }
    // The comparison means something only if most documents were in fact read by shape.
    assertTrue(replayed > documents / 3, replayed + " of " + documents + " read by shape");
  }

  /** The line at a non-zero offset of a larger buffer, followed by a line feed and a byte that is not JSON, as in a network buffer. */
  private static byte[] lineInBuffer(byte[] line) {
    byte[] buffer = new byte[line.length + 12];
    System.arraycopy(line, 0, buffer, 3, line.length);
    buffer[3 + line.length] = '\n';
    buffer[4 + line.length] = 'x';
    return buffer;
  }

  /** The same line read by the grammar alone: a fresh scanner, which has no shape yet, fed the line whole. */
  private static Run reference(byte[] buffer, int end, int textCap, boolean idKnown) {
    Sink sink = new Sink();
    sink.idKnown = idKnown;
    JsonScanner scanner = new JsonScanner(JsonScannerTest.SCHEMA, sink, false, textCap);
    scanner.feedLine(buffer, 3, end);
    assertTrue(!scanner.lastReplayed());
    return new Run(scanner.finish(), sink.calls);
  }

  /** A document of objects, arrays, nulls and value places, as a stream's events are. */
  private static String skeleton(Random random, int depth) {
    StringBuilder sb = new StringBuilder();
    int kind = depth > 3 ? 2 + random.nextInt(3) : random.nextInt(depth == 0 ? 1 : 5);
    switch (kind) {
      case 0 -> {
        sb.append('{');
        int n = depth == 0 ? 2 + random.nextInt(5) : random.nextInt(4);
        for (int i = 0; i < n; i++) {
          sb.append(i > 0 ? (random.nextInt(8) == 0 ? ", " : ",") : "");
          sb.append('"').append(KEYS[random.nextInt(KEYS.length)]).append("\":").append(skeleton(random, depth + 1));
        }
        sb.append('}');
      }
      case 1 -> {
        sb.append('[');
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          sb.append(i > 0 ? "," : "").append(skeleton(random, depth + 1));
        }
        sb.append(']');
      }
      case 2 -> sb.append('"').append(STRING_SLOT).append('"');
      case 3 -> sb.append(INTEGER_SLOT);
      default -> sb.append("null");
    }
    return sb.toString();
  }

  /** The skeleton with each place filled: mostly values the fast paths read, sometimes ones they do not. */
  private static byte[] event(Random random, String skeleton) {
    StringBuilder sb = new StringBuilder();
    for (char c : skeleton.toCharArray()) {
      if (c == STRING_SLOT) {
        String[] odd = {"\\n", "é", "a\\\"b", "\t", "\\u00e9x", ""};
        int pick = random.nextInt(40);
        // Non-ASCII text is read by shape only where its text is not kept: kept text is decoded by the scanner.
        sb.append(pick == 0 ? odd[random.nextInt(odd.length)] : pick < 5 ? "añb€c😀".substring(0, random.nextInt(7))
            : "abcdefghijklmnopqrstu".substring(0, random.nextInt(22)));
      } else if (c == INTEGER_SLOT) {
        String[] odd = {"-3", "1.5", "007", "1234567890123456789", "1e3", "true", "\"s\""};
        sb.append(random.nextInt(40) == 0 ? odd[random.nextInt(odd.length)] : Integer.toString(random.nextInt(random.nextBoolean() ? 10 : 100000)));
      } else {
        sb.append(c);
      }
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
