package io.inferscope.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.anomaly.AnomalySettings;
import io.inferscope.agent.config.AgentConfig;
import io.inferscope.agent.config.AgentSettings;
import io.inferscope.agent.drift.DriftSettings;
import io.inferscope.agent.drift.SnapshotWriter;
import io.inferscope.agent.llm.GenAiSettings;
import io.inferscope.agent.sampling.SamplingSettings;
import io.inferscope.agent.spend.PriceTable;
import io.inferscope.agent.stream.StreamWatchdog;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every default the README's settings tables give for the agent's own numeric settings is the default
 * the code uses: a change on either side without the other fails here. (The switches' defaults are
 * seen end to end: every forked-JVM test runs with them unset.)
 */
class ReadmeDefaultsTest {
  /** A settings-table row: {@code | `key` | `default` [unit] | meaning |}. */
  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| `([^`]+)`[^|]*\\|(.*)$");

  static Map<String, Number> codeDefaults() {
    AnomalySettings anomaly = AnomalySettings.defaults();
    Map<String, Number> defaults = new LinkedHashMap<>();
    defaults.put("inferscope.genai.content.max.length", GenAiSettings.DEFAULT_MAX_CONTENT_LENGTH);
    defaults.put("inferscope.model-server.body.max.bytes", io.inferscope.agent.ml.remote.ModelServerSettings.DEFAULT_MAX_BODY_BYTES);
    defaults.put("inferscope.genai.body.max.bytes", GenAiSettings.DEFAULT_MAX_BODY_BYTES);
    defaults.put("inferscope.shutdown.timeout.ms", AgentSettings.DEFAULT_SHUTDOWN_TIMEOUT_MS);
    defaults.put("inferscope.stream.idle.timeout.ms", StreamWatchdog.DEFAULT_IDLE_TIMEOUT_MS);
    defaults.put("inferscope.stream.max.open", StreamWatchdog.DEFAULT_MAX_OPEN);
    defaults.put("inferscope.drift.snapshot.interval.s", SnapshotWriter.DEFAULT_INTERVAL_SECONDS);
    defaults.put("OTEL_TRACES_SAMPLER_ARG", SamplingSettings.DEFAULT_BASE_PROBABILITY);
    defaults.put("inferscope.anomaly.sensitivity", anomaly.sensitivity());
    defaults.put("inferscope.anomaly.warmup", anomaly.warmUpSamples());
    defaults.put("inferscope.anomaly.window", anomaly.windowObservations());
    defaults.put("inferscope.anomaly.horizon", anomaly.horizon().toSeconds());
    defaults.put("inferscope.anomaly.recompute.every", anomaly.recomputeEvery());
    defaults.put("inferscope.anomaly.max.keys", anomaly.maxKeys());
    defaults.put("inferscope.anomaly.max.traces.per.second", SamplingSettings.DEFAULT_MAX_TRACES_PER_SECOND);
    defaults.put("inferscope.anomaly.buffer.max.spans", SamplingSettings.DEFAULT_BUFFER_MAX_SPANS);
    defaults.put("inferscope.anomaly.buffer.max.bytes", SamplingSettings.DEFAULT_BUFFER_MAX_BYTES);
    DriftSettings drift = DriftSettings.defaults();
    defaults.put("inferscope.drift.sample.one-in", drift.sampleOneIn());
    defaults.put("inferscope.drift.reference.size", drift.referenceSize());
    defaults.put("inferscope.drift.window.size", drift.currentSize());
    defaults.put("inferscope.drift.threshold", drift.driftThreshold());
    defaults.put("inferscope.drift.max.classes", drift.maxClasses());
    defaults.put("inferscope.drift.tensor.max.elements", drift.maxElementsPerTensor());
    defaults.put("inferscope.drift.tensor.max.rows", drift.maxRowsPerTensor());
    defaults.put("inferscope.drift.input.max.features", drift.maxFeatures());
    return defaults;
  }

  @Test
  void everyDocumentedDefaultIsTheCodes() throws IOException {
    Map<String, String> documented = new TreeMap<>();
    Map<String, String> notes = new TreeMap<>();
    for (String line : Files.readAllLines(readme())) {
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        documented.put(row.group(1), row.group(2));
        notes.put(row.group(1), row.group(3));
      }
    }
    codeDefaults().forEach((key, value) -> {
      String readme = documented.get(key);
      assertTrue(readme != null, () -> "the README's settings tables no longer give a default for " + key);
      assertEquals(0, new BigDecimal(readme).compareTo(new BigDecimal(value.toString())),
          () -> key + ": the README says " + readme + ", the code uses " + value);
    });
    assertTrue(notes.get("inferscope.anomaly.window").contains("at most " + AnomalySettings.MAX_WINDOW), notes::toString);
  }

  /**
   * Unset LLM settings mean those defaults (content capture off included); the sampler's are checked by
   * SamplingSettingsTest, the stream and shutdown settings by every forked-JVM test that leaves them unset.
   */
  @Test
  void unsetLlmSettingsGiveTheDocumentedDefaults() {
    assertEquals(new GenAiSettings(false, GenAiSettings.DEFAULT_MAX_CONTENT_LENGTH, GenAiSettings.DEFAULT_MAX_BODY_BYTES, false),
        GenAiSettings.from(AgentConfig.of(Map.of(), Map.of())));
  }

  /** The README's Spend section quotes the built-in price table's date: it must be the one in the table's header. */
  @Test
  void theSpendSectionGivesTheBuiltInPriceTablesDate() throws IOException {
    String header;
    try (InputStream in = PriceTable.class.getResourceAsStream("builtin-prices.csv")) {
      header = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("# As of ")).findFirst().orElseThrow();
    }
    String date = header.substring("# As of ".length(), "# As of ".length() + 10);
    assertTrue(date.matches("\\d{4}-\\d{2}-\\d{2}"), header);
    String readme = Files.readString(readme());
    assertTrue(readme.contains("\n### Spend\n"), "the README has a Spend section");
    String spend = readme.substring(readme.indexOf("\n### Spend\n"));
    spend = spend.substring(0, spend.indexOf("\n## "));
    assertTrue(spend.replace('\n', ' ').contains("as of " + date), () -> "the README's Spend section should say 'as of " + date + "'");
  }

  /** The module's tests run in agent/; the README is at the project root. */
  private static Path readme() {
    Path readme = Path.of("..", "README.md");
    assertTrue(Files.isRegularFile(readme), () -> "no README at " + readme.toAbsolutePath() + "; run the tests with Maven");
    return readme;
  }
}
