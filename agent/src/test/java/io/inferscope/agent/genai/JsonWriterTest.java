package io.inferscope.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
  private static String quoted(String s) {
    StringBuilder out = new StringBuilder();
    JsonWriter.quote(out, s);
    return out.toString();
  }

  @Test
  void escapesWhatJsonRequires() {
    assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\"", quoted("a\"b\\c\n\r\t\b\f\u0001\u001f"));
    assertEquals("\"\\u2028\\u2029\"", quoted("\u2028\u2029"));
    assertEquals("\"é 😀 /\"", quoted("é 😀 /"), "non-ASCII stays as is, pairs kept");
    assertEquals("\"a\uFFFDb\uFFFD\"", quoted("a\uD800b\uDC00"), "lone surrogates are replaced");
  }

  @Test
  void quotedStringsParseBackToTheOriginal() throws Exception {
    String tricky = "line1\nline2\t\"q\" \\ \u0000 \u007f é 😀 \u2028";
    assertEquals(tricky, jacksonString(quoted(tricky)));
  }

  @Test
  void truncateNeverSplitsASurrogatePair() {
    assertEquals("abc", JsonWriter.truncate("abcdef", 3));
    assertEquals("a", JsonWriter.truncate("a😀", 2));
    assertEquals("a😀", JsonWriter.truncate("a😀", 3));
    assertEquals("", JsonWriter.truncate("abc", 0));
    assertEquals("", JsonWriter.truncate("abc", -5));
    assertEquals("ab", JsonWriter.truncate("ab", 10));
  }

  @Test
  void writesMessagesAndTopLevelParts() throws Exception {
    String messages = new JsonWriter(5)
        .beginMessage("user").textPart("hello world").textPart("x").endMessage(null)
        .beginMessage("assistant").endMessage("stop")
        .toJson();
    assertEquals("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hello\"},{\"type\":\"text\",\"content\":\"x\"}]},"
        + "{\"role\":\"assistant\",\"parts\":[],\"finish_reason\":\"stop\"}]", messages);
    assertTrue(isJsonArray(messages));
    assertEquals("[{\"type\":\"text\",\"content\":\"a\"},{\"type\":\"text\",\"content\":\"b\"}]",
        new JsonWriter(10).textPart("a").textPart(null).textPart("b").toJson());
    assertTrue(new JsonWriter(10).isEmpty());
    assertEquals("[{\"role\":\"user\",\"parts\":[]}]", new JsonWriter(1).beginMessage("user").toJson(), "an open message is closed");
  }

  /** Jackson, an independent reader, for what a back end would see. */
  private static String jacksonString(String json) throws Exception {
    try (com.fasterxml.jackson.core.JsonParser p = new com.fasterxml.jackson.core.JsonFactory().createParser(json)) {
      p.nextToken();
      return p.getText();
    }
  }

  private static boolean isJsonArray(String json) throws Exception {
    try (com.fasterxml.jackson.core.JsonParser p = new com.fasterxml.jackson.core.JsonFactory().createParser(json)) {
      boolean array = p.nextToken() == com.fasterxml.jackson.core.JsonToken.START_ARRAY;
      p.skipChildren();
      return array && p.nextToken() == null;
    }
  }
}
