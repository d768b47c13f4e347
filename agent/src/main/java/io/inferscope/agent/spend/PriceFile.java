package io.inferscope.agent.spend;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Currency;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The price file format, for the built-in table and the user's alike (documented in the README,
 * example in docs/prices-example.csv):
 *
 * <pre>
 * provider,model,input,output,cache_read,cache_write,reasoning,currency
 * openai,gpt-4o,2.50,10.00,1.25,,,USD
 * </pre>
 *
 * The header comes first; lines starting with {@code #} and blank lines are skipped anywhere; cells
 * are trimmed, unquoted. Prices are per million tokens, ASCII decimals, zero or more. An empty
 * cache_read or cache_write price is the input price, an empty reasoning price the output price, an
 * empty currency USD. Provider and model match case-insensitively; provider {@code *} matches any.
 *
 * <p>Reading never throws and never stops the application: a bad line is reported (file:line and what
 * is wrong; the first {@value #MAX_REPORTED_LINES}, then how many more) and skipped, and a file that
 * cannot be used at all is reported once and left out whole, so a half-read file never prices anything.
 */
final class PriceFile {
  static final String HEADER = "provider,model,input,output,cache_read,cache_write,reasoning,currency";
  static final String ANY_PROVIDER = "*";
  static final int MAX_REPORTED_LINES = 10;
  /** A price table is a few hundred lines; a bigger file is a mistake (a log, a dump) and is not read into memory. */
  static final long MAX_BYTES = 1 << 20;
  private static final int COLUMNS = 8;
  private static final String DEFAULT_CURRENCY = "USD";
  private static final Pattern ASCII_DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");
  private static final int MAX_QUOTED = 40;
  private static final Logger log = LoggerFactory.getLogger(PriceFile.class);

  private final String name;
  private final Map<String, Price> rows = new HashMap<>();
  private int lineNumber;
  private int badLines;

  private PriceFile(String name) {
    this.name = name;
  }

  /** The key of a row: provider and model, lower case. */
  static String key(String provider, String model) {
    return provider + '\u0000' + model;
  }

  /**
   * The rows of the user's file, or null when it cannot be used (reported: the file and why).
   *
   * @param setting the setting that named the file, for the message
   */
  static Map<String, Price> readUserFile(String file, String setting) {
    String reason;
    try {
      Path path = Path.of(file);
      if (Files.isDirectory(path)) {
        reason = "it is a directory";
      } else if (Files.size(path) > MAX_BYTES) {
        reason = "it is larger than " + (MAX_BYTES >> 20) + " MiB";
      } else {
        try (BufferedReader reader = Files.newBufferedReader(path)) {
          return read(reader, file);
        }
      }
    } catch (NoSuchFileException e) {
      reason = "no such file";
    } catch (AccessDeniedException e) {
      reason = "permission denied";
    } catch (CharacterCodingException e) {
      reason = "it is not UTF-8 text";
    } catch (BadHeader e) {
      reason = e.getMessage();
    } catch (IOException | RuntimeException e) {
      reason = String.valueOf(e); // InvalidPathException (a NUL in the name), a disk error: as the JDK says it
    }
    log.warn("cannot use the price file {} ({}): {}; LLM calls are priced by the built-in table only", file, setting, reason);
    return null;
  }

  /** The rows of {@code reader}, bad lines reported against {@code name} and skipped. */
  static Map<String, Price> read(BufferedReader reader, String name) throws IOException {
    PriceFile file = new PriceFile(name);
    file.readAll(reader);
    return file.rows;
  }

  private void readAll(BufferedReader reader) throws IOException {
    boolean header = false;
    for (String line; (line = reader.readLine()) != null; ) {
      lineNumber++;
      String text = (lineNumber == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line).trim();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      if (!header) {
        if (!text.replace(" ", "").equalsIgnoreCase(HEADER)) {
          throw new BadHeader("line " + lineNumber + " should be the header '" + HEADER + "' but is '" + quoted(text) + "'");
        }
        header = true;
        continue;
      }
      String problem = row(text);
      if (problem != null) {
        bad(problem);
      }
    }
    if (!header) {
      throw new BadHeader("it has no header line '" + HEADER + "'");
    }
    if (badLines > MAX_REPORTED_LINES) {
      log.warn("price file {}: {} more bad lines skipped (only the first {} are listed)", name,
          badLines - MAX_REPORTED_LINES, MAX_REPORTED_LINES);
    }
  }

  /** Adds the row; what is wrong with it, or null. A later row for the same provider and model replaces an earlier one. */
  private String row(String text) {
    String[] cells = text.split(",", -1);
    if (cells.length != COLUMNS) {
      return "expected " + COLUMNS + " comma-separated columns (" + HEADER + "), found " + cells.length;
    }
    for (int i = 0; i < cells.length; i++) {
      cells[i] = cells[i].trim();
    }
    if (cells[0].isEmpty()) {
      return "the provider is empty (use * for any provider)";
    }
    if (cells[1].isEmpty()) {
      return "the model is empty";
    }
    double[] prices = new double[5];
    String[] columns = {"input", "output", "cache_read", "cache_write", "reasoning"};
    for (int i = 0; i < prices.length; i++) {
      String cell = cells[2 + i];
      if (cell.isEmpty()) {
        if (i < 2) {
          return "the " + columns[i] + " price is empty (write 0 for tokens that cost nothing)";
        }
        prices[i] = Double.NaN; // falls back below
        continue;
      }
      if (!ASCII_DECIMAL.matcher(cell).matches()) {
        return "the " + columns[i] + " price '" + quoted(cell) + "' is not a number";
      }
      double value = Double.parseDouble(cell);
      if (value < 0) {
        return "the " + columns[i] + " price " + cell + " is negative";
      }
      if (Double.isInfinite(value)) {
        return "the " + columns[i] + " price " + quoted(cell) + " is too large";
      }
      prices[i] = value;
    }
    String currency = cells[7].isEmpty() ? DEFAULT_CURRENCY : cells[7].toUpperCase(Locale.ROOT);
    if (!currency.equals(DEFAULT_CURRENCY) && !isCurrency(currency)) {
      return "the currency '" + quoted(cells[7]) + "' is not an ISO 4217 code (three letters, e.g. USD, EUR)";
    }
    double input = prices[0];
    double output = prices[1];
    Price price = new Price(input, output, orElse(prices[2], input), orElse(prices[3], input), orElse(prices[4], output), currency);
    rows.put(key(cells[0].toLowerCase(Locale.ROOT), cells[1].toLowerCase(Locale.ROOT)), price);
    return null;
  }

  private static boolean isCurrency(String code) {
    if (!CURRENCY_CODE.matcher(code).matches()) {
      return false;
    }
    try {
      Currency.getInstance(code);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void bad(String problem) {
    if (++badLines <= MAX_REPORTED_LINES) {
      log.warn("price file {}:{}: {}; line skipped", name, lineNumber, problem);
    }
  }

  private static double orElse(double price, double fallback) {
    return Double.isNaN(price) ? fallback : price;
  }

  /** A value as quoted in a message: a file can hold anything, a message stays one short line. */
  private static String quoted(String value) {
    return value.length() <= MAX_QUOTED ? value : value.substring(0, MAX_QUOTED) + "...";
  }

  /** The file does not start with the header: its columns cannot be trusted, so none of it is used. */
  private static final class BadHeader extends IOException {
    private static final long serialVersionUID = 1L;

    BadHeader(String message) {
      super(message);
    }
  }
}
