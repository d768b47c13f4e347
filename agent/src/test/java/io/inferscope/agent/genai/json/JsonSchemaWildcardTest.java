package io.inferscope.agent.genai.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inferscope.agent.genai.json.JsonScanner.Outcome;
import io.inferscope.agent.genai.json.JsonScannerTest.Recorder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code *} in a schema path: any member whose name no other path registers, the document's own names. */
class JsonSchemaWildcardTest {
  private static final JsonSchema SCHEMA = JsonSchema.builder()
      .field("inputs.*", 1)
      .field("inputs.named", 2)
      .field("outer.*.b", 3)
      .build();

  private static List<String> scan(String json, int piece) {
    Recorder recorder = new Recorder();
    JsonScanner scanner = new JsonScanner(SCHEMA, recorder, false, 0);
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += piece) {
      scanner.feed(bytes, i, Math.min(piece, bytes.length - i));
    }
    assertEquals(Outcome.VALUE, scanner.finish(), json);
    return recorder.calls;
  }

  @Test
  void anyMemberMatchesAndARegisteredNameWins() {
    String json = "{\"inputs\":{\"x\":[[1,2],[3,4]],\"named\":[1],\"y\":[5]},\"other\":{\"x\":[9]}}";
    List<String> expected = List.of(
        "begin 1 [ @-1", "end 1 ] size=2 @-1",
        "begin 2 [ @-1", "end 2 ] size=1 @-1",
        "begin 1 [ @-1", "end 1 ] size=1 @-1", "document");
    assertEquals(expected, scan(json, Integer.MAX_VALUE));
    assertEquals(expected, scan(json, 1), "the same in one-byte pieces (the general path of member names)");
  }

  /** Names the scanner cannot compare (longer than it keeps, escaped non-ASCII, empty) are still "any member". */
  @Test
  void namesTooLongEscapedOrEmptyStillMatchTheWildcard() {
    String longName = "n".repeat(200);
    String json = "{\"inputs\":{\"" + longName + "\":[1,2,3],\"\\u00e9\":[1],\"\":[]}}";
    List<String> expected = List.of(
        "begin 1 [ @-1", "end 1 ] size=3 @-1",
        "begin 1 [ @-1", "end 1 ] size=1 @-1",
        "begin 1 [ @-1", "end 1 ] size=0 @-1", "document");
    assertEquals(expected, scan(json, Integer.MAX_VALUE));
    assertEquals(expected, scan(json, 7));
  }

  @Test
  void aWildcardInTheMiddleOfAPath() {
    assertEquals(List.of("string 3 '' len=2", "integer 3 7", "document"),
        scan("{\"outer\":{\"p\":{\"b\":\"hi\",\"c\":1},\"q\":{\"b\":7},\"r\":[{\"b\":8}]}}", Integer.MAX_VALUE));
  }

  /** Without a {@code *}, an unregistered name is skipped as before. */
  @Test
  void withoutAWildcardUnknownNamesAreSkipped() {
    assertEquals(List.of("integer 3 1", "document"), scan("{\"inputs\":[1],\"outer\":{\"z\":{\"b\":1}},\"zz\":{\"b\":2}}", 3));
  }
}
