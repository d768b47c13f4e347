package io.inferscope.agent.spend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.config.AgentConfig;
import io.inferscope.agent.logging.CapturedStderr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The price file format and what a bad file or line does: one clear line naming it, the line
 * skipped or the file left out, the built-in table still in use, nothing thrown.
 */
class PriceFileTest {
  @TempDir
  Path dir;

  private PriceTable[] loaded = new PriceTable[1];

  /** Loads the built-in table and {@code content} as the user's file; what the agent printed. */
  private String load(String content) throws IOException {
    Path file = dir.resolve("prices.csv");
    Files.writeString(file, content);
    return loadNamed(file.toString());
  }

  private String loadNamed(String file) {
    return CapturedStderr.of(() -> loaded[0] = PriceTable.load(AgentConfig.of(Map.of(PriceTable.SETTING, file), Map.of())));
  }

  private PriceTable table() {
    return loaded[0];
  }

  @Test
  void commentsBlankLinesSpacesAndAByteOrderMarkAreAllowedAndEmptyCellsFallBack() throws IOException {
    String log = load("\uFEFF# my prices\n\n  Provider, Model, Input, Output, Cache_Read, Cache_Write, Reasoning, Currency  \n"
        + "   # a comment line\n"
        + "openai , Gpt-Test , 2.5 , 10 , , , , \n"
        + "\n"
        + "anthropic,claude-test,3,15,0.3,3.75,,usd\n"
        + "*,any-test,1e0,.5,0.25,0.75,20,EUR\n");
    assertEquals("", log);
    assertEquals(new Price(2.5, 10, 2.5, 2.5, 10, "USD"), table().find("openai", "gpt-test", null), "empty cells fall back");
    assertEquals(new Price(3, 15, 0.3, 3.75, 15, "USD"), table().find("anthropic", "claude-test", null));
    assertEquals(new Price(1, 0.5, 0.25, 0.75, 20, "EUR"), table().find("gcp.gemini", "any-test", null));
  }

  /** docs/prices-example.csv reads without complaint and finds the rows its comments say it does. */
  @Test
  void theExampleFileInDocsWorksAsItsCommentsSay() {
    Path example = Path.of("..", "docs", "prices-example.csv");
    assertTrue(Files.isRegularFile(example), () -> "no example at " + example.toAbsolutePath() + "; run the tests with Maven");
    assertEquals("", loadNamed(example.toString()));
    assertEquals(new Price(2, 8, 1, 2, 8, "USD"), table().find("openai", "gpt-4o", "gpt-4o-2024-08-06"), "overrides the built-in row");
    assertEquals(0.15, table().find("azure.ai.openai", "my-deployment", "gpt-4o-mini-2024-07-18").input());
    assertEquals("EUR", table().find("gcp.vertex_ai", "claude-sonnet-4-5@20250929", null).currency());
    assertEquals(0.27, table().find("groq", "deepseek-chat", null).input());
    assertEquals(0.30, table().find("anthropic", "claude-3-7-sonnet-latest", null).cacheRead(), "the built-in rows stay");
  }

  @Test
  void eachBadLineIsNamedWithWhatIsWrongAndSkippedAndTheRestIsUsed() throws IOException {
    String log = load(PriceFile.HEADER + "\n"
        + "openai,good-1,1,2,,,,USD\n"
        + "openai,too-few,1,2\n"                 // line 3
        + "openai,,1,2,,,,USD\n"                  // 4
        + ",no-provider,1,2,,,,USD\n"             // 5
        + "openai,nan,abc,2,,,,USD\n"             // 6
        + "openai,negative,1,-2,,,,USD\n"         // 7
        + "openai,no-input,,2,,,,USD\n"           // 8
        + "openai,bad-currency,1,2,,,,DOLLARS\n"  // 9
        + "openai,unknown-currency,1,2,,,,XQQ\n"  // 10
        + "openai,other-digits,１,2,,,,USD\n"      // 11
        + "openai,huge,1e999,2,,,,USD\n"          // 12
        + "openai,good-2,3,4,,,,\n");
    String file = dir.resolve("prices.csv").toString();
    List<String> expected = List.of(
        file + ":3: expected 8 comma-separated columns",
        file + ":4: the model is empty",
        file + ":5: the provider is empty",
        file + ":6: the input price 'abc' is not a number",
        file + ":7: the output price -2 is negative",
        file + ":8: the input price is empty",
        file + ":9: the currency 'DOLLARS' is not an ISO 4217 code",
        file + ":10: the currency 'XQQ' is not an ISO 4217 code",
        file + ":11: the input price '１' is not a number",
        file + ":12: the input price 1e999 is too large");
    for (String start : expected) {
      assertEquals(1, CapturedStderr.lines(log, "WARN", "price file " + start), () -> start + " in\n" + log);
    }
    assertEquals(expected.size(), log.lines().count(), log);
    assertTrue(log.lines().allMatch(l -> l.endsWith("; line skipped")), log);
    assertEquals(1.0, table().find("openai", "good-1", null).input());
    assertEquals(3.0, table().find("openai", "good-2", null).input(), "lines after bad ones are used");
    assertNull(table().find("openai", "negative", null));
    assertEquals(0.15, table().find("openai", "gpt-4o-mini", null).input(), "the built-in table stays");
  }

  @Test
  void theFirstTenBadLinesAreListedThenHowManyMore() throws IOException {
    StringBuilder content = new StringBuilder(PriceFile.HEADER).append('\n');
    for (int i = 0; i < 25; i++) {
      content.append("openai,bad-").append(i).append(",x,1,,,,\n");
    }
    content.append("openai,fine,1,1,,,,\n");
    String log = load(content.toString());
    String prefix = "[inferscope] WARN price file " + dir.resolve("prices.csv") + ":";
    assertEquals(PriceFile.MAX_REPORTED_LINES, log.lines().filter(l -> l.startsWith(prefix) && l.endsWith("; line skipped")).count(), log);
    assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9, 10, 11), log.lines().filter(l -> l.endsWith("; line skipped"))
        .map(l -> Integer.parseInt(l.substring(prefix.length(), l.indexOf(':', prefix.length())))).toList(), "the first ten, in order");
    assertEquals(1, CapturedStderr.lines(log, "WARN", "price file " + dir.resolve("prices.csv") + ": 15 more bad lines skipped"), log);
    assertEquals(PriceFile.MAX_REPORTED_LINES + 1, log.lines().count(), log);
    assertEquals(1.0, table().find("openai", "fine", null).input());
  }

  @Test
  void aFileThatCannotBeUsedIsNamedOnceWithTheReasonAndTheBuiltInTableIsUsed() throws IOException {
    Path notUtf8 = dir.resolve("latin1.csv");
    Files.write(notUtf8, (PriceFile.HEADER + "\nopenai,caf\u00e9,1,1,,,,\n").getBytes(StandardCharsets.ISO_8859_1));
    Path noHeader = dir.resolve("no-header.csv");
    Files.writeString(noHeader, "openai,gpt-4o,1,1,,,,\n");
    Path empty = dir.resolve("empty.csv");
    Files.writeString(empty, "# nothing\n");
    Path large = dir.resolve("large.csv");
    Files.write(large, new byte[(int) PriceFile.MAX_BYTES + 1]);
    Map<String, String> reasons = Map.of(
        dir.resolve("missing.csv").toString(), "no such file",
        dir.toString(), "it is a directory",
        notUtf8.toString(), "it is not UTF-8 text",
        noHeader.toString(), "line 1 should be the header '" + PriceFile.HEADER + "' but is 'openai,gpt-4o,1,1,,,,'",
        empty.toString(), "it has no header line",
        large.toString(), "it is larger than 1 MiB");
    reasons.forEach((file, reason) -> {
      String log = loadNamed(file);
      assertEquals(1, log.lines().count(), log);
      String start = "cannot use the price file " + file + " (inferscope.genai.prices): " + reason;
      assertEquals(1, CapturedStderr.lines(log, "WARN", start), () -> start + " in\n" + log);
      assertTrue(log.strip().endsWith("; LLM calls are priced by the built-in table only"), log);
      assertEquals(2.5, table().find("openai", "gpt-4o", null).input(), "the built-in row, not the file's");
    });
  }

  @Test
  void aSettingSetButEmptyIsReportedAsSuchAndNoFileIsRead() {
    String log = CapturedStderr.of(() -> loaded[0] = PriceTable.load(AgentConfig.of(Map.of(), Map.of("INFERSCOPE_GENAI_PRICES", " "))));
    assertEquals(1, CapturedStderr.lines(log, "WARN", "invalid value '' for inferscope.genai.prices (env INFERSCOPE_GENAI_PRICES)"), log);
    assertEquals(2.5, table().find("openai", "gpt-4o", null).input());
  }

  @Test
  void aNameThatIsNoPathIsReportedNotThrown() {
    String log = loadNamed("bad\u0000name.csv");
    assertEquals(1, CapturedStderr.lines(log, "WARN", "cannot use the price file bad"), log);
    assertEquals(2.5, table().find("openai", "gpt-4o", null).input());
  }
}
