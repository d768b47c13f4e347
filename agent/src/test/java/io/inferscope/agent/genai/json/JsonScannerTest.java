package io.inferscope.agent.genai.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.inferscope.agent.genai.json.JsonScanner.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonScannerTest {
  static final JsonSchema SCHEMA = JsonSchema.builder()
      .field("", 0)
      .field("id", 1, 8)
      .field("n", 2)
      .field("flag", 3)
      .field("items[]", 4)
      .field("items[].text", 5, 16)
      .field("items[].count", 6)
      .field("deep.a.b", 7, 4)
      .field("list", 8)
      .field("body", 9, JsonSchema.TEXT)
      .field("[]", 10)
      .field("[].id", 1, 8)
      .build();

  /** Every callback as a line, to compare whole runs. */
  static class Recorder implements JsonSink {
    final List<String> calls = new ArrayList<>();

    @Override public void begin(int tag, boolean array, long index) { calls.add("begin " + tag + (array ? " [" : " {") + " @" + index); }
    @Override public void end(int tag, boolean array, long size, long index) { calls.add("end " + tag + (array ? " ]" : " }") + " size=" + size + " @" + index); }
    @Override public void string(int tag, CharSequence text, long length) { calls.add("string " + tag + " '" + text + "' len=" + length); }
    @Override public void integer(int tag, long value) { calls.add("integer " + tag + " " + value); }
    @Override public void decimal(int tag, double value) { calls.add("decimal " + tag + " " + value); }
    @Override public void bool(int tag, boolean value) { calls.add("bool " + tag + " " + value); }
    @Override public void nul(int tag) { calls.add("null " + tag); }
    @Override public void document() { calls.add("document"); }
  }

  record Run(Outcome outcome, List<String> calls) {}

  static Run scan(String json, int piece, boolean sequence, int textCap) {
    return scan(json.getBytes(StandardCharsets.UTF_8), piece, sequence, textCap);
  }

  static Run scan(byte[] bytes, int piece, boolean sequence, int textCap) {
    Recorder recorder = new Recorder();
    JsonScanner scanner = new JsonScanner(SCHEMA, recorder, sequence, textCap);
    for (int i = 0; i < bytes.length; i += piece) {
      // Each piece at a non-zero offset of a larger array, as network buffers are.
      int n = Math.min(piece, bytes.length - i);
      byte[] chunk = new byte[n + 5];
      System.arraycopy(bytes, i, chunk, 2, n);
      scanner.feed(chunk, 2, n);
    }
    return new Run(scanner.finish(), recorder.calls);
  }

  static Run scan(String json) {
    return scan(json, Integer.MAX_VALUE, false, 0);
  }

  static final String DOC = """
      \uFEFF{"id":"abc\\u00e9\\n\\"x","skip":{"id":"not me","items":[1,2]},"n":-12,"flag":true,
       "items":[{"text":"wörld 👋 \\ud83d\\ude00","count":3,"other":[{"text":"no"}]},{"count":1.5e2},{},
        {"text":null,"count":123456789012345678901234}],
       "deep":{"a":{"b":"truncated here"}},"list":[[],{},"s",false,null], "body":"long text"}
      """;

  @Test
  void reportsTaggedValuesOnly() {
    Run run = scan(DOC, Integer.MAX_VALUE, false, 3);
    assertEquals(Outcome.VALUE, run.outcome());
    assertEquals(List.of(
        "begin 0 { @-1",
        "string 1 'abcé\n\"x' len=7",
        "integer 2 -12",
        "bool 3 true",
        "begin 4 { @0",
        "string 5 'wörld 👋 😀' len=11",
        "integer 6 3",
        "end 4 } size=3 @0",
        "begin 4 { @1",
        "decimal 6 150.0",
        "end 4 } size=1 @1",
        "begin 4 { @2",
        "end 4 } size=0 @2",
        "begin 4 { @3",
        "null 5",
        "decimal 6 " + Double.parseDouble("123456789012345678901234"),
        "end 4 } size=2 @3",
        "string 7 'trun' len=14",
        "begin 8 [ @-1",
        "end 8 ] size=5 @-1",
        "string 9 'lon' len=9",
        "end 0 } size=8 @-1",
        "document"), run.calls());
  }

  @Test
  void anySplitOfTheInputGivesTheSameCalls() {
    Run whole = scan(DOC, Integer.MAX_VALUE, false, 3);
    for (int piece = 1; piece < 12; piece++) {
      assertEquals(whole, scan(DOC, piece, false, 3), "piece " + piece);
    }
  }

  @Test
  void countOnlyStringsReportTheirLengthAndNoText() {
    Run run = scan("{\"body\":\"AAAA\\/AAA==\"}", 1, false, 0);
    assertTrue(run.calls().contains("string 9 '' len=10"), run.calls().toString());
    assertTrue(scan("{\"body\":\"\"}").calls().contains("string 9 '' len=0"));
  }

  @Test
  void aCapNeverKeepsHalfASurrogatePair() {
    Run run = scan("{\"id\":\"1234567😀\"}");
    assertTrue(run.calls().contains("string 1 '1234567' len=9"), run.calls().toString());
  }

  @Test
  void invalidUtf8BecomesReplacementCharacters() {
    byte[] json = {'{', '"', 'i', 'd', '"', ':', '"', 'a', (byte) 0xC3, 'b', (byte) 0xFF, (byte) 0xE2, (byte) 0x82, '"', '}'};
    Run run = scan(json, 1, false, 0);
    assertEquals(Outcome.VALUE, run.outcome());
    assertTrue(run.calls().contains("string 1 'a\uFFFDb\uFFFD\uFFFD' len=5"), run.calls().toString());
  }

  @Test
  void rootArraysAndSequences() {
    assertEquals(List.of("begin 0 [ @-1", "begin 10 { @0", "string 1 'a' len=1", "end 10 } size=1 @0", "begin 10 { @1",
            "end 10 } size=0 @1", "end 0 ] size=2 @-1", "document"),
        scan("[{\"id\":\"a\"},{}]").calls());
    Run sequence = scan("{\"n\":1}\n{\"n\":2} {\"n\":3}\n", 2, true, 0);
    assertEquals(Outcome.VALUE, sequence.outcome());
    assertEquals(3, sequence.calls().stream().filter("document"::equals).count(), sequence.calls().toString());
    assertEquals(Outcome.INVALID, scan("{\"n\":1}\n{\"n\":2}").outcome(), "a second value when one is expected");
  }

  @Test
  void emptyWhitespaceScalarsAndNumbers() {
    assertEquals(Outcome.EMPTY, scan("").outcome());
    assertEquals(Outcome.EMPTY, scan(" \r\n\t").outcome());
    for (String ok : List.of("0", "-0", "12", "-1.5e-3", "1E+2", "0.0", "\"s\"", "true", "null", " [ ] ", "{ }")) {
      assertEquals(Outcome.VALUE, scan(ok).outcome(), ok);
    }
    assertEquals(List.of("begin 0 { @-1", "integer 2 9223372036854775807", "end 0 } size=1 @-1", "document"),
        scan("{\"n\":9223372036854775807}").calls());
    assertEquals("decimal 2 9.223372036854776E18", scan("{\"n\":9223372036854775808}").calls().get(1));
    assertEquals("integer 2 -9223372036854775807", scan("{\"n\":-9223372036854775807}").calls().get(1));
  }

  @Test
  void rejectsMalformedInput() {
    for (String bad : List.of("{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1 2]", "01", "-", "1.", ".5", "1e", "1e+",
        "tru", "nul", "truex", "\"abc", "\"a\\x\"", "\"\\u12g4\"", "\"a\u0001b\"", "[\"a\"]]", "{\"a\":1}}", "{} x", "[", "'a'",
        "NaN", "{\"a\":[1,{\"b\":}]}", "\uFEFF\uFEFF{}")) {
      assertEquals(Outcome.INVALID, scan(bad).outcome(), bad);
      for (int piece = 1; piece < 4; piece++) {
        assertEquals(Outcome.INVALID, scan(bad, piece, false, 5).outcome(), bad + " in pieces of " + piece);
      }
    }
  }

  @Test
  void everyTruncationIsInvalid() {
    byte[] doc = DOC.getBytes(StandardCharsets.UTF_8);
    int end = DOC.stripTrailing().getBytes(StandardCharsets.UTF_8).length;
    for (int cut = 1; cut < end; cut++) {
      byte[] part = java.util.Arrays.copyOf(doc, cut);
      assertEquals(Outcome.INVALID, scan(part, 7, false, 0).outcome(), "cut at " + cut);
    }
  }

  @Test
  void hostileNestingFailsAtTheDepthCapWithoutGrowing() {
    int levels = 100_000;
    byte[] deep = new byte[levels * 2];
    java.util.Arrays.fill(deep, 0, levels, (byte) '[');
    java.util.Arrays.fill(deep, levels, levels * 2, (byte) ']');
    assertEquals(Outcome.INVALID, scan(deep, 8192, false, 0).outcome());
    StringBuilder ok = new StringBuilder();
    ok.append("[".repeat(JsonScanner.MAX_DEPTH)).append("]".repeat(JsonScanner.MAX_DEPTH));
    assertEquals(Outcome.VALUE, scan(ok.toString()).outcome(), "exactly at the cap");
    assertEquals(Outcome.INVALID, scan("[" + ok + "]").outcome(), "one past the cap");
  }

  @Test
  void resetStartsOver() {
    Recorder recorder = new Recorder();
    JsonScanner scanner = new JsonScanner(SCHEMA, recorder, false, 0);
    byte[] bad = "{\"n\":".getBytes(StandardCharsets.UTF_8);
    scanner.feed(bad, 0, bad.length);
    assertEquals(Outcome.INVALID, scanner.finish());
    scanner.reset();
    byte[] good = "{\"n\":5}".getBytes(StandardCharsets.UTF_8);
    scanner.feed(good, 0, good.length);
    assertEquals(Outcome.VALUE, scanner.finish());
    assertTrue(recorder.calls.contains("integer 2 5"));
  }

  /**
   * Random documents, many of them mutated into malformed ones, judged by Jackson (its strict
   * defaults): the scanner accepts exactly what Jackson accepts, and reports the same tagged values.
   */
  @Test
  void agreesWithJacksonOnRandomAndMutatedDocuments() throws Exception {
    Random random = new Random(7);
    JsonFactory factory = new JsonFactory();
    int valid = 0;
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sb = new StringBuilder();
      generate(random, sb, 0);
      byte[] generated = sb.toString().getBytes(StandardCharsets.UTF_8);
      byte[] bytes = round % 2 == 1 ? mutate(random, generated) : generated;
      if (!validUtf8(bytes)) {
        continue; // the scanner decodes bad UTF-8 to U+FFFD, as the JDK does; Jackson rejects it
      }
      boolean jackson = jacksonAccepts(factory, bytes);
      Run run = scan(bytes, 1 + random.nextInt(9), false, 0);
      assertEquals(jackson, run.outcome() == Outcome.VALUE, () -> java.util.HexFormat.of().formatHex(bytes) + " " + new String(bytes, StandardCharsets.UTF_8));
      if (jackson) {
        valid++;
        Long n = jacksonTopLevelN(factory, bytes);
        if (n != null) {
          assertTrue(run.calls().contains("integer 2 " + n), () -> new String(bytes, StandardCharsets.UTF_8) + " " + run.calls());
        }
      }
    }
    assertTrue(valid > 9_000, "most generated documents are valid: " + valid);
  }

  /**
   * Line mode (SSE data lines) reads exactly as the plain feed of the same bytes: each line through
   * {@link JsonScanner#feedLine} in random pieces, which must stop at the line's end, then the
   * separator through {@link JsonScanner#feed}, on random and mutated documents broken into lines.
   */
  @Test
  void lineModeReadsExactlyAsAPlainFeed() {
    Random random = new Random(11);
    for (int round = 0; round < 5_000; round++) {
      StringBuilder sb = new StringBuilder();
      generate(random, sb, 0);
      byte[] generated = sb.toString().getBytes(StandardCharsets.UTF_8);
      byte[] doc = round % 2 == 1 ? mutate(random, generated) : generated;
      StringBuilder broken = new StringBuilder(new String(doc, StandardCharsets.ISO_8859_1));
      for (int n = random.nextInt(4); n > 0; n--) {
        broken.insert(random.nextInt(broken.length() + 1), random.nextBoolean() ? '\n' : '\r');
      }
      byte[] bytes = broken.toString().getBytes(StandardCharsets.ISO_8859_1);
      Run plain = scan(bytes, Integer.MAX_VALUE, false, 5);
      Recorder recorder = new Recorder();
      JsonScanner scanner = new JsonScanner(SCHEMA, recorder, false, 5);
      int i = 0;
      while (i < bytes.length) {
        if (bytes[i] == '\n' || bytes[i] == '\r') {
          scanner.feed(bytes, i, 1);
          i++;
          continue;
        }
        int pieceEnd = Math.min(bytes.length, i + 1 + random.nextInt(12));
        int stop = scanner.feedLine(bytes, i, pieceEnd);
        int lineEnd = i;
        while (lineEnd < pieceEnd && bytes[lineEnd] != '\n' && bytes[lineEnd] != '\r') {
          lineEnd++;
        }
        final int at = i;
        assertEquals(lineEnd, stop, () -> "stops at the line's end or the piece's: " + new String(bytes, StandardCharsets.ISO_8859_1) + " from " + at);
        i = stop;
      }
      assertEquals(plain, new Run(scanner.finish(), recorder.calls), () -> new String(bytes, StandardCharsets.ISO_8859_1));
    }
  }

  private static boolean validUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  private static boolean jacksonAccepts(JsonFactory factory, byte[] bytes) {
    try (JsonParser parser = factory.createParser(bytes)) {
      if (parser.nextToken() == null) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (Exception e) {
      return false;
    }
  }

  private static Long jacksonTopLevelN(JsonFactory factory, byte[] bytes) throws Exception {
    try (JsonParser parser = factory.createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Long found = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("n") && value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
          found = parser.getLongValue();
        }
        parser.skipChildren();
      }
      return found;
    }
  }

  private static final String[] KEYS = {"id", "n", "flag", "items", "text", "count", "x", "dé"};

  private static void generate(Random random, StringBuilder sb, int depth) {
    int kind = depth > 4 ? 2 + random.nextInt(5) : random.nextInt(7);
    switch (kind) {
      case 0 -> {
        sb.append('{');
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          if (i > 0) sb.append(random.nextBoolean() ? "," : " , ");
          sb.append('"').append(KEYS[random.nextInt(KEYS.length)]).append("\":");
          generate(random, sb, depth + 1);
        }
        sb.append('}');
      }
      case 1 -> {
        sb.append('[');
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          if (i > 0) sb.append(',');
          generate(random, sb, depth + 1);
        }
        sb.append(']');
      }
      case 2 -> sb.append('"').append(new String[] {"", "a", "é\\n", "\\u00e9\\\"", "\\ud83d\\ude00 x", "tab\\t"}[random.nextInt(6)]).append('"');
      case 3 -> sb.append(new String[] {"0", "-1", "42", "3.25", "-0.5e10", "9223372036854775807", "1E2"}[random.nextInt(7)]);
      case 4 -> sb.append(new String[] {"true", "false", "null"}[random.nextInt(3)]);
      case 5 -> sb.append(" ").append(random.nextInt(1000)).append("\n");
      default -> sb.append("{\"n\":").append(random.nextInt(2000) - 1000).append('}');
    }
  }

  static byte[] mutate(Random random, byte[] bytes) {
    byte[] alphabet = "{}[]\",:\\ 0123456789.-eEtrufalsn\u0001xu".getBytes(StandardCharsets.ISO_8859_1);
    StringBuilder out = new StringBuilder(new String(bytes, StandardCharsets.ISO_8859_1));
    int edits = 1 + random.nextInt(2);
    for (int e = 0; e < edits && out.length() > 0; e++) {
      int at = random.nextInt(out.length());
      switch (random.nextInt(3)) {
        case 0 -> out.deleteCharAt(at);
        case 1 -> out.insert(at, (char) alphabet[random.nextInt(alphabet.length)]);
        default -> out.setCharAt(at, (char) alphabet[random.nextInt(alphabet.length)]);
      }
    }
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
