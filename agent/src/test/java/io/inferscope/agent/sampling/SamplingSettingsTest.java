package io.inferscope.agent.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inferscope.agent.anomaly.AnomalySettings;
import io.inferscope.agent.config.AgentConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplingSettingsTest {
  @Test
  void unsetMeansTheDefaults() {
    SamplingSettings s = SamplingSettings.from(AgentConfig.of(Map.of(), Map.of()), null);
    assertEquals(SamplingSettings.DEFAULT_BASE_PROBABILITY, s.baseProbability());
    assertEquals(AnomalySettings.defaults(), s.detector());
    assertEquals(SamplingSettings.DEFAULT_MAX_TRACES_PER_SECOND, s.maxTracesPerSecond());
    assertEquals(SamplingSettings.DEFAULT_BUFFER_MAX_SPANS, s.bufferMaxSpans());
    assertEquals(SamplingSettings.DEFAULT_BUFFER_MAX_BYTES, s.bufferMaxBytes());
  }

  @Test
  void everySettingIsReadFromPropertiesOrEnvironment() {
    AgentConfig config = AgentConfig.of(
        Map.of("inferscope.anomaly.sensitivity", "2.5", "inferscope.anomaly.warmup", "20", "inferscope.anomaly.window", "400",
            "inferscope.anomaly.horizon", "90", "inferscope.anomaly.max.keys", "7"),
        Map.of("INFERSCOPE_ANOMALY_RECOMPUTE_EVERY", "16", "INFERSCOPE_ANOMALY_MAX_TRACES_PER_SECOND", "0.5",
            "INFERSCOPE_ANOMALY_BUFFER_MAX_SPANS", "10", "INFERSCOPE_ANOMALY_BUFFER_MAX_BYTES", "5000"));
    SamplingSettings s = SamplingSettings.from(config, " 0.25 ");
    assertEquals(0.25, s.baseProbability());
    assertEquals(new AnomalySettings(2.5, 20, 400, Duration.ofSeconds(90), 16, 7), s.detector());
    assertEquals(0.5, s.maxTracesPerSecond());
    assertEquals(10, s.bufferMaxSpans());
    assertEquals(5000, s.bufferMaxBytes());
  }

  @Test
  void aBadValueFallsBackToItsDefaultAndTheRestIsKept() {
    AgentConfig config = AgentConfig.of(
        Map.of("inferscope.anomaly.sensitivity", "high", "inferscope.anomaly.warmup", "20",
            "inferscope.anomaly.buffer.max.spans", "-1"),
        Map.of());
    SamplingSettings s = SamplingSettings.from(config, "1.5");
    assertEquals(SamplingSettings.DEFAULT_BASE_PROBABILITY, s.baseProbability(), "a probability above 1");
    assertEquals(AnomalySettings.DEFAULT_SENSITIVITY, s.detector().sensitivity());
    assertEquals(20, s.detector().warmUpSamples());
    assertEquals(SamplingSettings.DEFAULT_BUFFER_MAX_SPANS, s.bufferMaxSpans());
  }

  @Test
  void settingsThatContradictEachOtherGiveTheDefaults() {
    AgentConfig config = AgentConfig.of(Map.of("inferscope.anomaly.warmup", "500", "inferscope.anomaly.window", "100"), Map.of());
    assertEquals(AnomalySettings.defaults(), SamplingSettings.detector(config), "a window smaller than the warm-up");
  }
}
