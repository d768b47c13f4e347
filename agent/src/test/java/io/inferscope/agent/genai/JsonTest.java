package io.inferscope.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void parsesAllValueKinds() {
    Object root = Json.parse("""
        {"s": "x", "i": 42, "d": 1.5, "t": true, "f": false, "n": null,
         "a": [1, "two", {"three": 3}], "o": {}, "e": []}
        """);
    Map<String, Object> map = Json.map(root);
    assertNotNull(map);
    assertEquals(List.of("s", "i", "d", "t", "f", "n", "a", "o", "e"), List.copyOf(map.keySet()), "insertion order kept");
    assertEquals("x", map.get("s"));
    assertEquals(42L, map.get("i"));
    assertEquals(1.5, map.get("d"));
    assertEquals(Boolean.TRUE, map.get("t"));
    assertEquals(Boolean.FALSE, map.get("f"));
    assertSame(Json.NULL, map.get("n"));
    assertEquals(3L, Json.longValue(root, "a", 2, "three"));
    assertEquals(Map.of(), map.get("o"));
    assertEquals(List.of(), map.get("e"));
    assertSame(Json.NULL, Json.parse("null"), "a literal null is not a parse failure");
  }

  @Test
  void numbers() {
    assertEquals(0L, Json.parse("0"));
    assertEquals(-12L, Json.parse("-12"));
    assertEquals(0L, Json.parse("-0"));
    assertEquals(1500.0, Json.parse("1.5e3"));
    assertEquals(0.01, Json.parse("1E-2"));
    assertEquals(250.0, Json.parse("2.5E+2"));
    assertEquals(-0.25, Json.parse("-0.25"));
    assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
    assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
    assertInstanceOf(Double.class, Json.parse("9223372036854775808"), "too big for a long");
    assertEquals(9.223372036854775808e18, (Double) Json.parse("9223372036854775808"), 1e4);
    assertInstanceOf(Long.class, Json.parse("7"));
    assertInstanceOf(Double.class, Json.parse("7.0"));
  }

  @Test
  void rejectsMalformedInput() {
    for (String bad : new String[] {
        "", "   ", "01", "1.", ".5", "-", "+1", "1e", "1e+", "--1", "[1,]", "[,1]", "{\"a\":1,}", "{a:1}", "{\"a\" 1}",
        "'x'", "[1 2]", "nul", "tru", "True", "\"\\x\"", "\"tab\there\"", "\"\\u12\"", "\"\\u12G4\"", "\"open",
        "[1] x", "{\"a\":1}}", "[", "{", "{\"a\":", "{\"a\"", "[1,", "NaN", "Infinity", "\"a\"\"b\""}) {
      assertNull(Json.parse(bad), () -> "should reject: " + bad);
    }
  }

  @Test
  void truncatedDocumentsAreNullAtEveryCut() {
    String doc = "{\"id\":\"x\",\"choices\":[{\"index\":0,\"text\":\"h\\u00e9\"}],\"n\":-1.5e2,\"ok\":true,\"z\":null}";
    assertNotNull(Json.parse(doc));
    for (int cut = 0; cut < doc.length(); cut++) {
      String prefix = doc.substring(0, cut);
      assertNull(Json.parse(prefix), () -> "prefix should not parse: " + prefix);
    }
  }

  @Test
  void unicodeEscapesAndRawUtf8() {
    assertEquals("é😀\n\"/\\\t\b\f\r", Json.parse("\"\\u00e9\\ud83d\\ude00\\n\\\"\\/\\\\\\t\\b\\f\\r\""));
    byte[] raw = "{\"k\":\"日本語 👋 é\"}".getBytes(StandardCharsets.UTF_8);
    assertEquals("日本語 👋 é", Json.string(Json.parse(raw, 0, raw.length), "k"));
    assertEquals("\u4e2d", Json.parse("\"\\u4E2D\""), "upper-case hex");
  }

  @Test
  void invalidUtf8BecomesReplacementCharacter() {
    byte[] bytes = {'"', 'a', (byte) 0xC3, '"'}; // 0xC3 starts a 2-byte sequence that never finishes
    assertEquals("a\uFFFD", Json.parse(bytes, 0, bytes.length));
  }

  @Test
  void parsesASliceAndRejectsBadRanges() {
    byte[] bytes = "xx[1,2]yy".getBytes(StandardCharsets.UTF_8);
    assertEquals(List.of(1L, 2L), Json.parse(bytes, 2, 5));
    assertNull(Json.parse(bytes, 2, 6), "trailing garbage");
    assertNull(Json.parse(bytes, -1, 2));
    assertNull(Json.parse(bytes, 5, 10));
    assertNull(Json.parse(bytes, 0, -1));
    assertNull(Json.parse(null, 0, 0));
    assertNull(Json.parse((String) null));
  }

  @Test
  void byteOrderMarkAndWhitespaceAreSkipped() {
    byte[] bytes = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, ' ', '\n', '{', '}', '\t', '\r'};
    assertEquals(Map.of(), Json.parse(bytes, 0, bytes.length));
  }

  @Test
  void nestingIsCappedAt64WithoutStackOverflow() {
    assertNotNull(Json.parse("[".repeat(64) + "]".repeat(64)));
    assertNull(Json.parse("[".repeat(65) + "]".repeat(65)));
    assertNotNull(Json.parse("{\"a\":".repeat(64) + "1" + "}".repeat(64)));
    assertNull(Json.parse("{\"a\":".repeat(65) + "1" + "}".repeat(65)));
    // Far deeper than any stack would survive if the depth were not checked before recursing.
    assertNull(Json.parse("[".repeat(200_000) + "]".repeat(200_000)));
    assertNull(Json.parse("[{\"a\":".repeat(100_000)));
  }

  @Test
  void longStringsAreKeptTruncatedButStillValidated() {
    int cap = JsonParser.MAX_STRING_CHARS;
    String value = (String) Json.parse("\"" + "a".repeat(cap + 10) + "\"");
    assertEquals(cap, value.length());
    assertNull(Json.parse("\"" + "a".repeat(cap + 10) + "\\q\""), "an invalid escape after the cap still fails");
    // A surrogate pair cut by the cap is not left half-kept.
    String cut = (String) Json.parse("\"" + "a".repeat(cap - 1) + "😀\"");
    assertEquals(cap - 1, cut.length());
  }

  @Test
  void duplicateKeysLastWins() {
    assertEquals(2L, Json.longValue(Json.parse("{\"a\":1,\"a\":2}"), "a"));
  }

  @Test
  void accessorsReturnNullOnAnyMismatch() {
    Object root = Json.parse("{\"a\":{\"b\":[10, 2.0, 2.5, \"s\", null, true]}}");
    assertEquals(10L, Json.longValue(root, "a", "b", 0));
    assertEquals(2L, Json.longValue(root, "a", "b", 1), "an integral double is a whole number");
    assertNull(Json.longValue(root, "a", "b", 2), "2.5 is not");
    assertEquals(10.0, Json.doubleValue(root, "a", "b", 0), "a long widens to double");
    assertEquals("s", Json.string(root, "a", "b", 3));
    assertNull(Json.string(root, "a", "b", 0));
    assertNull(Json.at(root, "a", "b", 4), "JSON null reads as absent");
    assertEquals(Boolean.TRUE, Json.bool(root, "a", "b", 5));
    assertNull(Json.at(root, "a", "b", 6), "index past the end");
    assertNull(Json.at(root, "a", "b", -1));
    assertNull(Json.at(root, "a", 0), "index into a map");
    assertNull(Json.at(root, "a", "b", "c"), "key into a list");
    assertNull(Json.map(root, "a", "b"));
    assertEquals(6, Json.list(root, "a", "b").size());
    assertNull(Json.list(null, "x"));
    assertEquals(root, Json.at(root), "empty path is the root");
  }
}
