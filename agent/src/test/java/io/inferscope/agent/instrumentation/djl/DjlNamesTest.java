package io.inferscope.agent.instrumentation.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DjlNamesTest {
  @Test
  void devicesFollowTheConvention() {
    assertEquals("cpu", DjlNames.device("cpu()"));
    assertEquals("gpu(0)", DjlNames.device("gpu(0)"));
    assertEquals("unknown", DjlNames.device(null));
  }

  @Test
  void locationsNeverCarryCredentials() {
    assertEquals("https://models.example.com/resnet.zip",
        DjlNames.location("https://alice:s3cret@models.example.com/resnet.zip?X-Amz-Signature=abc&token=t"));
    assertEquals("s3://bucket/model", DjlNames.location("s3://AKIA123@bucket/model"));
    assertEquals("/srv/models/bert", DjlNames.location("/srv/models/bert"));
  }

  @Test
  void namesAreBounded() {
    assertEquals("unknown", DjlNames.modelName(" "));
    assertEquals(DjlNames.MAX_LENGTH, DjlNames.modelName("m".repeat(500)).length());
    assertEquals("FloatTranslator", DjlNames.simpleClassName("com.acme.FloatTranslator"));
    assertEquals("Outer$Inner", DjlNames.simpleClassName("com.acme.Outer$Inner"));
  }
}
