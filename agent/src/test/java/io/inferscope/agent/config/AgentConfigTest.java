package io.inferscope.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
  @Test
  void systemPropertyWinsOverEnvironment() {
    AgentConfig config = AgentConfig.of(Map.of("inferscope.debug", "true"), Map.of("INFERSCOPE_DEBUG", "false"));
    assertTrue(config.getBoolean("inferscope.debug", false));
  }

  @Test
  void environmentNameIsDerivedFromKey() {
    assertEquals("INFERSCOPE_INSTRUMENTATION_ONNXRUNTIME_ENABLED", AgentConfig.envName("inferscope.instrumentation.onnxruntime.enabled"));
    assertEquals("INFERSCOPE_SHUTDOWN_TIMEOUT_MS", AgentConfig.envName("inferscope.shutdown.timeout-ms"));
    AgentConfig config = AgentConfig.of(Map.of(), Map.of("INFERSCOPE_INSTRUMENTATION_ONNXRUNTIME_ENABLED", "false"));
    assertFalse(config.instrumentationEnabled("onnxruntime", true));
  }

  @Test
  void invalidValuesFallBackToDefaults() {
    AgentConfig config =
        AgentConfig.of(Map.of("a.bool", "yes", "a.int", "12x", "a.range", "500", "a.double", "NaNa"), Map.of());
    assertTrue(config.getBoolean("a.bool", true));
    assertFalse(config.getBoolean("a.bool", false));
    assertEquals(7, config.getInt("a.int", 7, 0, 100));
    assertEquals(7, config.getInt("a.range", 7, 0, 100), "out of range");
    assertEquals(0.5, config.getDouble("a.double", 0.5, 0, 1));
  }

  @Test
  void validValuesParse() {
    AgentConfig config = AgentConfig.of(Map.of("a.bool", " FALSE ", "a.int", "42", "a.double", "0.25"), Map.of());
    assertFalse(config.getBoolean("a.bool", true));
    assertEquals(42, config.getInt("a.int", 7, 0, 100));
    assertEquals(0.25, config.getDouble("a.double", 0.5, 0, 1));
    assertEquals("fallback", config.getString("missing", "fallback"));
  }

  @Test
  void blankCountsAsUnset() {
    AgentConfig config = AgentConfig.of(Map.of("a.int", "  "), Map.of("A_INT", "5"));
    assertEquals(5, config.getInt("a.int", 7, 0, 100));
  }
}
