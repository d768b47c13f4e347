package io.inferscope.tests.bench;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table whose columns are padded to equal width, so it also reads well in a terminal. */
final class MarkdownTable {
  private final List<String[]> rows = new ArrayList<>();

  MarkdownTable(String... header) {
    rows.add(header);
  }

  MarkdownTable row(String... cells) {
    if (cells.length != rows.get(0).length) {
      throw new IllegalArgumentException("expected " + rows.get(0).length + " cells, got " + cells.length);
    }
    rows.add(cells);
    return this;
  }

  @Override
  public String toString() {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, rows.get(0), widths);
    String[] rule = new String[widths.length];
    for (int i = 0; i < rule.length; i++) {
      // Every column but the first holds numbers: right-aligned, as Markdown's ":" marks.
      rule[i] = i == 0 ? "-".repeat(widths[i]) : "-".repeat(widths[i] - 1) + ":";
    }
    line(out, rule, widths);
    for (String[] row : rows.subList(1, rows.size())) {
      line(out, row, widths);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String[] cells, int[] widths) {
    out.append('|');
    for (int i = 0; i < cells.length; i++) {
      String pad = " ".repeat(widths[i] - cells[i].length());
      out.append(' ').append(i == 0 ? cells[i] + pad : pad + cells[i]).append(" |");
    }
    out.append('\n');
  }
}
