package io.inferscope.agent.spend;

import io.inferscope.agent.config.AgentConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which price applies to a call: the built-in table (a dated estimate of public list prices, in
 * {@value #BUILT_IN}), overridden and extended row by row by the user's file named by
 * {@value #SETTING} (environment variable INFERSCOPE_GENAI_PRICES).
 *
 * <p>Lookup, first match wins: the response model as reported, the request model as sent, then the
 * response model and the request model each without its date or version stamp ({@link ModelStamp}).
 * For each name a row of the call's provider is tried before a {@code *} row. Names match
 * case-insensitively and never by prefix. This runs once per distinct (provider, models) only:
 * {@link ResolvedPrices} keeps the answers.
 */
public final class PriceTable {
  /** The user's price file; as an environment variable INFERSCOPE_GENAI_PRICES. */
  public static final String SETTING = "inferscope.genai.prices";
  static final String BUILT_IN = "builtin-prices.csv";
  private static final Logger log = LoggerFactory.getLogger(PriceTable.class);

  private final Map<String, Price> rows;

  PriceTable(Map<String, Price> rows) {
    this.rows = Map.copyOf(rows);
  }

  /** The built-in table and the user's file, if the setting names one; never throws. */
  public static PriceTable load(AgentConfig config) {
    Map<String, Price> rows = new HashMap<>(builtInRows());
    try {
      String file = config.raw(SETTING);
      if (file != null) {
        Map<String, Price> user = PriceFile.readUserFile(file, SETTING);
        if (user != null) {
          rows.putAll(user);
        }
      }
    } catch (RuntimeException e) {
      log.warn("cannot read the price file named by {}: {}; LLM calls are priced by the built-in table only", SETTING, e.toString());
    }
    return new PriceTable(rows);
  }

  /** The built-in table alone. */
  public static PriceTable builtIn() {
    return new PriceTable(builtInRows());
  }

  static Map<String, Price> builtInRows() {
    try (InputStream in = PriceTable.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IOException("the resource is missing from the agent jar");
      }
      return PriceFile.read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), "built-in " + BUILT_IN);
    } catch (IOException | RuntimeException e) {
      // A packaging bug of ours: spend is then reported for the user's rows only, everything else works.
      log.warn("cannot read the built-in price table {}: {}", BUILT_IN, e.toString());
      return Map.of();
    }
  }

  /** The price of a call, or null when the table has none for it. */
  public Price find(String provider, String requestModel, String responseModel) {
    String p = provider == null ? null : provider.toLowerCase(Locale.ROOT);
    String response = responseModel == null ? null : responseModel.toLowerCase(Locale.ROOT);
    String request = requestModel == null ? null : requestModel.toLowerCase(Locale.ROOT);
    Price found = named(p, response);
    if (found == null) {
      found = named(p, request);
    }
    if (found == null && response != null) {
      found = named(p, ModelStamp.strip(response));
    }
    if (found == null && request != null) {
      found = named(p, ModelStamp.strip(request));
    }
    return found;
  }

  private Price named(String provider, String model) {
    if (model == null) {
      return null;
    }
    Price price = provider == null ? null : rows.get(PriceFile.key(provider, model));
    return price != null ? price : rows.get(PriceFile.key(PriceFile.ANY_PROVIDER, model));
  }

  int size() {
    return rows.size();
  }
}
