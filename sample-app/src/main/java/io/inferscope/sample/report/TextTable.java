package io.inferscope.sample.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Rows printed in aligned columns; columns whose header starts with '>' are right-aligned. */
final class TextTable {
  private final String[] headers;
  private final List<String[]> rows = new ArrayList<>();

  TextTable(String... headers) {
    this.headers = headers;
  }

  TextTable row(Object... cells) {
    String[] row = new String[headers.length];
    for (int i = 0; i < row.length; i++) {
      row[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
    }
    rows.add(row);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  void print(PrintStream out, String indent) {
    int[] widths = new int[headers.length];
    for (int i = 0; i < headers.length; i++) {
      widths[i] = title(i).length();
      for (String[] row : rows) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    String[] titles = new String[headers.length];
    for (int i = 0; i < headers.length; i++) {
      titles[i] = title(i);
    }
    out.println(indent + line(titles, widths).stripTrailing());
    for (String[] row : rows) {
      out.println(indent + line(row, widths).stripTrailing());
    }
  }

  private String line(String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      String cell = cells[i];
      String pad = " ".repeat(widths[i] - cell.length());
      line.append(headers[i].startsWith(">") ? pad + cell : cell + pad).append("  ");
    }
    return line.toString();
  }

  private String title(int i) {
    return headers[i].startsWith(">") ? headers[i].substring(1) : headers[i];
  }
}
