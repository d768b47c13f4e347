package io.inferscope.agent.spend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The trailing date or version stamp rule, as the README states it. */
class ModelStampTest {
  @Test
  void oneTrailingStampOfTheKnownShapesIsRemoved() {
    assertEquals("gpt-4o", ModelStamp.strip("gpt-4o-2024-08-06"));
    assertEquals("gpt-4o-mini", ModelStamp.strip("gpt-4o-mini-2024-07-18"));
    assertEquals("o1", ModelStamp.strip("o1-2024-12-17"));
    assertEquals("claude-sonnet-4-5", ModelStamp.strip("claude-sonnet-4-5-20250929"));
    assertEquals("claude-3-5-sonnet", ModelStamp.strip("claude-3-5-sonnet@20240620"));
    assertEquals("gpt-4", ModelStamp.strip("gpt-4-0613"));
    assertEquals("mistral-large", ModelStamp.strip("mistral-large-2411"));
    assertEquals("gemini-2.0-flash", ModelStamp.strip("gemini-2.0-flash-001"));
    assertEquals("claude-3-5-haiku", ModelStamp.strip("claude-3-5-haiku-latest"));
    assertEquals("gemini-1.5-pro", ModelStamp.strip("gemini-1.5-pro-LATEST"));
  }

  @Test
  void nothingElseIsCut() {
    assertNull(ModelStamp.strip("gpt-4o-mini"), "no prefix matching: gpt-4o-mini is not gpt-4o");
    assertNull(ModelStamp.strip("gpt-4o"));
    assertNull(ModelStamp.strip("gemini-2.5-flash-preview-05-20"), "previews are priced apart");
    assertNull(ModelStamp.strip("claude-opus-4-0"), "one digit is a version, not a stamp");
    assertNull(ModelStamp.strip("model-12"));
    assertNull(ModelStamp.strip("model-123456"), "six digits are no known stamp");
    assertNull(ModelStamp.strip("model-１２３"), "ASCII digits only");
    assertNull(ModelStamp.strip("-2024-08-06"), "nothing would be left");
    assertNull(ModelStamp.strip("-latest"));
    assertNull(ModelStamp.strip(""));
    assertEquals("gemini-1.5-pro-002", ModelStamp.strip("gemini-1.5-pro-002-latest"), "one stamp only");
  }
}
