package io.inferscope.agent.spend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.config.AgentConfig;
import io.inferscope.agent.logging.CapturedStderr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which row prices a call: lookup order, provider rows, no prefix matching, the built-in table and the user's file over it. */
class PriceTableTest {
  private static final Price A = new Price(1, 1, 1, 1, 1, "USD");
  private static final Price B = new Price(2, 2, 2, 2, 2, "USD");
  private static final Price C = new Price(3, 3, 3, 3, 3, "USD");
  private static final Price D = new Price(4, 4, 4, 4, 4, "EUR");

  @TempDir
  Path dir;

  private static PriceTable table(Object... providerModelPrice) {
    Map<String, Price> rows = new java.util.HashMap<>();
    for (int i = 0; i < providerModelPrice.length; i += 3) {
      rows.put(PriceFile.key((String) providerModelPrice[i], (String) providerModelPrice[i + 1]), (Price) providerModelPrice[i + 2]);
    }
    return new PriceTable(rows);
  }

  @Test
  void exactResponseModelThenExactRequestModelThenEachWithoutItsStamp() {
    PriceTable table = table("openai", "gpt-4o-2024-08-06", A, "openai", "my-alias", B, "openai", "gpt-4o", C);
    assertSame(A, table.find("openai", "gpt-4o", "gpt-4o-2024-08-06"), "the response model as reported first");
    assertSame(B, table.find("openai", "my-alias", "gpt-4o-2024-11-20"), "then the request model as sent");
    assertSame(C, table.find("openai", "other", "gpt-4o-2024-11-20"), "then the response model without its stamp");
    assertSame(C, table.find("openai", "gpt-4o-2024-11-20", "unknown"), "then the request model without its stamp");
    assertSame(C, table.find("openai", "gpt-4o-2024-11-20", null), "a response without a model");
    assertSame(C, table.find("openai", null, "gpt-4o-2024-11-20"), "a request without a model (Azure deployment, say)");
    assertNull(table.find("openai", null, null));
  }

  @Test
  void neverByPrefix() {
    PriceTable table = table("openai", "gpt-4o", C);
    assertNull(table.find("openai", "gpt-4o-mini", "gpt-4o-mini-2024-07-18"));
    assertNull(table.find("openai", "gpt-4o-audio-preview", null));
    assertNull(table.find("openai", "gpt-4", null));
  }

  @Test
  void theProviderMustMatchUnlessTheRowSaysAnyAndTheOwnProviderWins() {
    PriceTable table = table("openai", "gpt-4o", C, "*", "llama3.2", A, "ollama", "llama3.2", B);
    assertNull(table.find("azure.ai.openai", "gpt-4o", null), "another provider's row does not apply");
    assertSame(A, table.find("openai", "llama3.2", null), "* applies to every provider");
    assertSame(B, table.find("ollama", "llama3.2", null), "the provider's own row before *");
    assertSame(A, table.find(null, "llama3.2", null));
  }

  @Test
  void namesMatchWhateverTheirCase() {
    PriceTable table = table("gcp.gemini", "gemini-2.5-flash", B);
    assertSame(B, table.find("gcp.gemini", "Gemini-2.5-Flash", null));
    assertSame(B, table.find("GCP.Gemini", null, "GEMINI-2.5-FLASH-001"));
  }

  @Test
  void theBuiltInTableReadsWithoutComplaintAndPricesEachFamilyFromItsDatedNames() {
    PriceTable[] table = new PriceTable[1];
    String log = CapturedStderr.of(() -> table[0] = PriceTable.builtIn());
    assertEquals("", log, "the built-in table has no bad line");
    PriceTable builtIn = table[0];
    assertTrue(builtIn.size() >= 40, () -> "rows: " + builtIn.size());
    assertEquals(new Price(2.5, 10, 1.25, 2.5, 10, "USD"), builtIn.find("openai", "gpt-4o", "gpt-4o-2024-08-06"));
    assertEquals(new Price(5, 15, 5, 5, 15, "USD"), builtIn.find("openai", "gpt-4o", "gpt-4o-2024-05-13"), "a dated row of its own");
    assertEquals(0.15, builtIn.find("openai", "gpt-4o-mini", "gpt-4o-mini-2024-07-18").input(), "not gpt-4o's price");
    String[][] named = {
        {"openai", "gpt-4.1-2025-04-14"}, {"openai", "gpt-4.1-mini-2025-04-14"}, {"openai", "gpt-4.1-nano-2025-04-14"},
        {"openai", "o1-2024-12-17"}, {"openai", "o3-2025-04-16"}, {"openai", "o3-mini-2025-01-31"}, {"openai", "o4-mini-2025-04-16"},
        {"openai", "gpt-5-2025-08-07"}, {"openai", "gpt-5-mini-2025-08-07"}, {"openai", "gpt-5-nano-2025-08-07"},
        {"openai", "gpt-5-chat-latest"}, {"openai", "text-embedding-3-small"}, {"openai", "text-embedding-3-large"},
        {"anthropic", "claude-3-5-sonnet-20241022"}, {"anthropic", "claude-3-5-sonnet-latest"}, {"anthropic", "claude-3-7-sonnet-20250219"},
        {"anthropic", "claude-sonnet-4-20250514"}, {"anthropic", "claude-sonnet-4-5-20250929"}, {"anthropic", "claude-opus-4-1-20250805"},
        {"anthropic", "claude-opus-4-20250514"}, {"anthropic", "claude-opus-4-5-20251101"}, {"anthropic", "claude-haiku-4-5-20251001"},
        {"anthropic", "claude-3-5-haiku-20241022"}, {"anthropic", "claude-3-haiku-20240307"}, {"anthropic", "claude-opus-4-0"},
        {"gcp.gemini", "gemini-1.5-pro-002"}, {"gcp.gemini", "gemini-1.5-flash-001"}, {"gcp.gemini", "gemini-2.0-flash-001"},
        {"gcp.gemini", "gemini-2.0-flash-lite-001"}, {"gcp.gemini", "gemini-2.5-pro"}, {"gcp.gemini", "gemini-2.5-flash"},
        {"gcp.gemini", "gemini-2.5-flash-lite"}};
    for (String[] call : named) {
      assertTrue(builtIn.find(call[0], null, call[1]) != null, () -> "not priced: " + String.join(" ", call));
    }
    Price haiku = builtIn.find("anthropic", "claude-haiku-4-5", null);
    assertEquals(new Price(1, 5, 0.1, 1.25, 5, "USD"), haiku, "Anthropic rows price cache reads and writes apart");
    assertNull(builtIn.find("openai", "claude-haiku-4-5", null), "rows are per provider");
  }

  @Test
  void theUsersRowsOverrideAndExtendTheBuiltInOnes() throws IOException {
    Path file = dir.resolve("prices.csv");
    Files.writeString(file, PriceFile.HEADER + "\n"
        + "openai,gpt-4o,1,2,,,,\n"
        + "*,my-model,0.5,1,,,,EUR\n");
    PriceTable table = PriceTable.load(AgentConfig.of(Map.of(PriceTable.SETTING, file.toString()), Map.of()));
    assertEquals(new Price(1, 2, 1, 1, 2, "USD"), table.find("openai", "gpt-4o", null), "overridden");
    assertEquals(new Price(0.5, 1, 0.5, 0.5, 1, "EUR"), table.find("groq", "my-model", null), "added");
    assertEquals(0.15, table.find("openai", "gpt-4o-mini", null).input(), "the rest of the built-in table stays");
  }

  @Test
  void theEnvironmentVariableNamesTheFileWhenTheSystemPropertyDoesNot() throws IOException {
    Path file = dir.resolve("env.csv");
    Files.writeString(file, PriceFile.HEADER + "\nollama,llama3.2,0,0,,,,\n");
    PriceTable table = PriceTable.load(AgentConfig.of(Map.of(), Map.of("INFERSCOPE_GENAI_PRICES", file.toString())));
    assertEquals(0.0, table.find("ollama", "llama3.2", null).input());
    Path other = dir.resolve("property.csv");
    Files.writeString(other, PriceFile.HEADER + "\nollama,llama3.2,9,9,,,,\n");
    PriceTable both = PriceTable.load(AgentConfig.of(Map.of(PriceTable.SETTING, other.toString()),
        Map.of("INFERSCOPE_GENAI_PRICES", file.toString())));
    assertEquals(9.0, both.find("ollama", "llama3.2", null).input(), "the system property wins");
  }
}
