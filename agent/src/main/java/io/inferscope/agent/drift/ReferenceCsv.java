package io.inferscope.agent.drift;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds references from a CSV of values (e.g. a model's outputs or inputs on its training data), so the
 * reference can be the training distribution rather than the first minutes after start. The header names
 * the columns, and how a column is read:
 *
 * <pre>
 * score,label:class,features[0],features[1]
 * 0.82,cat,5.1,3.5
 * </pre>
 *
 * <ul>
 *   <li>{@code <output>}: values of a scalar output: numbers (decimal, {@code NaN}, {@code Infinity});
 *       bins at the quantiles of all of them, as a live summary's reference would have.
 *   <li>{@code <output>:class}: predicted classes of a class output, as labels (class index or name).
 *       The {@code maxClasses} most frequent keep a bin each, the rest are counted as {@code _OTHER}.
 *   <li>{@code <input>[<i>]}: feature i of a tabular input, read as a scalar.
 * </ul>
 *
 * An empty cell is a missing value and is skipped; cells may be double-quoted ({@code ""} inside is a
 * quote); lines starting with {@code #} and blank lines are skipped. Values are held as floats (4 bytes
 * each) until the edges are known. A bad file raises {@link InvalidReferenceException} naming the file,
 * the line and the column.
 */
public final class ReferenceCsv {
  private static final Pattern FEATURE = Pattern.compile("(.+)\\[([0-9]{1,7})\\]");
  private static final String CLASS_SUFFIX = ":class";
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?|NaN|[+-]?Infinity");

  private ReferenceCsv() {}

  public static List<ReferenceSummary> read(Path csv, String model, DriftSettings settings) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      return read(in, csv.toString(), model, settings);
    }
  }

  /** @param name the file name messages give */
  public static List<ReferenceSummary> read(BufferedReader in, String name, String model, DriftSettings settings)
      throws IOException {
    List<Column> columns = null;
    int line = 0;
    int headerLine = 0;
    for (String text; (text = in.readLine()) != null; ) {
      line++;
      String trimmed = (line == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text).trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      List<String> cells = cells(trimmed, name, line);
      if (columns == null) {
        columns = header(cells, name, line);
        headerLine = line;
        continue;
      }
      if (cells.size() != columns.size()) {
        throw new InvalidReferenceException(name, line, columns.size() + " columns in the header, " + cells.size() + " here");
      }
      for (int c = 0; c < cells.size(); c++) {
        String cell = cells.get(c).trim();
        if (!cell.isEmpty()) {
          Column column = columns.get(c);
          if (column.kind == ReferenceSummary.Kind.CLASS) {
            column.labels.merge(cell, 1L, Long::sum);
          } else if (NUMBER.matcher(cell).matches()) {
            column.add(Float.parseFloat(cell));
          } else {
            throw new InvalidReferenceException(name, line,
                "column " + (c + 1) + " ('" + column.header + "'): '" + ReferenceFile.quoted(cell) + "' is not a number");
          }
        }
      }
    }
    if (columns == null) {
      throw new InvalidReferenceException(name, 0, "empty: no header line");
    }
    List<ReferenceSummary> out = new ArrayList<>();
    for (Column column : columns) {
      if (column.count == 0 && column.labels.isEmpty()) {
        throw new InvalidReferenceException(name, headerLine, "column '" + column.header + "' has no values");
      }
      out.add(column.summary(model, settings));
    }
    return out;
  }

  private static List<Column> header(List<String> cells, String file, int line) throws InvalidReferenceException {
    List<Column> columns = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String raw : cells) {
      String header = raw.trim();
      Column column;
      Matcher feature = FEATURE.matcher(header);
      if (header.isEmpty()) {
        throw new InvalidReferenceException(file, line, "column " + (columns.size() + 1) + " has no name");
      } else if (feature.matches()) {
        column = new Column(header, ReferenceSummary.Kind.FEATURE, feature.group(1), Integer.parseInt(feature.group(2)));
      } else if (header.endsWith(CLASS_SUFFIX) && header.length() > CLASS_SUFFIX.length()) {
        column = new Column(header, ReferenceSummary.Kind.CLASS, header.substring(0, header.length() - CLASS_SUFFIX.length()), -1);
      } else {
        column = new Column(header, ReferenceSummary.Kind.SCALAR, header, -1);
      }
      if (!seen.add(column.kind.token() + " " + column.name + " " + column.feature)) {
        throw new InvalidReferenceException(file, line, "column '" + header + "' appears twice");
      }
      columns.add(column);
    }
    return columns;
  }

  /** Splits a line at commas, honouring double quotes. */
  static List<String> cells(String line, String file, int lineNumber) throws InvalidReferenceException {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"' && cell.toString().isBlank()) {
        cell.setLength(0);
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    if (quoted) {
      throw new InvalidReferenceException(file, lineNumber, "a quoted cell is not closed (cells cannot span lines)");
    }
    cells.add(cell.toString());
    return cells;
  }

  /** One column's values as they are read. */
  private static final class Column {
    final String header;
    final ReferenceSummary.Kind kind;
    final String name;
    final int feature;
    float[] values = new float[0];
    int count;
    final Map<String, Long> labels = new LinkedHashMap<>();

    Column(String header, ReferenceSummary.Kind kind, String name, int feature) {
      this.header = header;
      this.kind = kind;
      this.name = name;
      this.feature = feature;
    }

    void add(float value) {
      if (count == values.length) {
        values = Arrays.copyOf(values, Math.max(1024, count * 2));
      }
      values[count++] = value;
    }

    ReferenceSummary summary(String model, DriftSettings settings) {
      if (kind == ReferenceSummary.Kind.CLASS) {
        return classes(model, settings.maxClasses());
      }
      QuantileEdges edges = QuantileEdges.fromReference(values, count, settings.scalarBins());
      long[] counts = new long[edges.bins()];
      for (int i = 0; i < count; i++) {
        counts[edges.binOf(values[i])]++;
      }
      return ReferenceSummary.scalar(kind, model, name, feature, edges.edges(), counts);
    }

    /** The most frequent labels keep a bin each (ties: first seen first); the rest are _OTHER. */
    private ReferenceSummary classes(String model, int maxClasses) {
      List<Map.Entry<String, Long>> byCount = new ArrayList<>(labels.entrySet());
      byCount.sort((a, b) -> Long.compare(b.getValue(), a.getValue())); // stable: keeps first-seen order on ties
      Map<String, Long> kept = new LinkedHashMap<>();
      long other = 0;
      for (Map.Entry<String, Long> e : byCount) {
        if (kept.size() < maxClasses && !e.getKey().equals(ClassBins.OVERFLOW_LABEL)) {
          kept.put(e.getKey(), e.getValue());
        } else {
          other += e.getValue();
        }
      }
      List<String> names = new ArrayList<>(kept.keySet());
      List<Long> counts = new ArrayList<>(kept.values());
      if (other > 0) {
        names.add(ClassBins.OVERFLOW_LABEL);
        counts.add(other);
      }
      return ReferenceSummary.classes(model, name, names, counts.stream().mapToLong(Long::longValue).toArray());
    }
  }
}
