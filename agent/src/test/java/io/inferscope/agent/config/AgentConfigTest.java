package io.inferscope.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.logging.CapturedStderr;
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

  /** Integer.parseInt reads other scripts' digits too: "１２３" must be reported, not taken as 123. */
  @Test
  void onlyAsciiDigitsAreNumbers() {
    String err = CapturedStderr.of(() -> {
      AgentConfig config = AgentConfig.of(Map.of(), Map.of("INFERSCOPE_WIDE_INT", "１２３", "INFERSCOPE_WIDE_DOUBLE", "０.５"));
      assertEquals(7, config.getInt("inferscope.wide.int", 7, 0, 1000));
      assertEquals(0.25, config.getDouble("inferscope.wide.double", 0.25, 0, 1));
    });
    assertEquals(1, count(err, "invalid value '１２３' for inferscope.wide.int (env INFERSCOPE_WIDE_INT): expected an integer from 0 to 1000; using the default, 7"), err);
    assertEquals(1, count(err, "invalid value '０.５' for inferscope.wide.double (env INFERSCOPE_WIDE_DOUBLE): expected a number from 0.0 to 1.0; using the default, 0.25"), err);
  }

  /**
   * INFERSCOPE_X= (set, but empty) is a mistake to report once, not a silent default; and a system
   * property that is set wins even when empty, as for the OpenTelemetry settings.
   */
  @Test
  void anEmptyValueIsReportedOnceAndTheDefaultUsed() {
    String err = CapturedStderr.of(() -> {
      AgentConfig config = AgentConfig.of(Map.of("inferscope.empty.int", "  "),
          Map.of("INFERSCOPE_EMPTY_INT", "5", "INFERSCOPE_EMPTY_BOOL", "", "INFERSCOPE_EMPTY_TEXT", ""));
      assertEquals(7, config.getInt("inferscope.empty.int", 7, 0, 100));
      assertEquals(7, config.getInt("inferscope.empty.int", 7, 0, 100));
      assertTrue(config.getBoolean("inferscope.empty.bool", true));
      assertEquals("fallback", config.getString("inferscope.empty.text", "fallback"));
      assertNull(config.raw("inferscope.empty.text"));
    });
    assertEquals(1, count(err, "invalid value '' for inferscope.empty.int (env INFERSCOPE_EMPTY_INT): expected an integer from 0 to 100; using the default, 7"), err);
    assertEquals(1, count(err, "invalid value '' for inferscope.empty.bool (env INFERSCOPE_EMPTY_BOOL): expected true or false; using the default, true"), err);
    assertEquals(1, count(err, "invalid value '' for inferscope.empty.text (env INFERSCOPE_EMPTY_TEXT): expected a value (it is set but empty); using the default, fallback"), err);
  }

  static long count(String text, String line) {
    return text.lines().filter(l -> l.equals("[inferscope] WARN " + line)).count();
  }
}
