package io.inferscope.agent.drift;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The reference file: small, line-based, diffable, readable without a JSON library (the agent carries
 * none on purpose). UTF-8; comma-separated cells; lines starting with {@code #} and blank lines are
 * skipped anywhere:
 *
 * <pre>
 * inferscope-drift-reference,1
 * class,&lt;model&gt;,&lt;output&gt;
 * bin,&lt;label&gt;,&lt;count&gt;              one line per class, in bin order (label _OTHER: past the class cap)
 * scalar,&lt;model&gt;,&lt;output&gt;
 * edges,&lt;e1&gt;,...,&lt;ek&gt;              ascending, distinct; may be empty ("edges")
 * counts,&lt;c0&gt;,...,&lt;ck&gt;,&lt;nan&gt;     k + 1 range bins, then the NaN bin
 * feature,&lt;model&gt;,&lt;input&gt;,&lt;index&gt;
 * edges,... / counts,...           as for scalar
 * </pre>
 *
 * The first line names the format and its version. Names and labels are written with {@code %}, {@code ,},
 * control characters and a leading or trailing space as {@code %XX} (hex of the character), so any name
 * survives; numbers are Java's
 * shortest round-trip decimal form, so edges read back exactly. Counts are whole numbers from 0. A block
 * is one summary; a summary (kind, model, name, feature) appears once. A bad file raises
 * {@link InvalidReferenceException} naming the file and line; nothing of it is used.
 */
public final class ReferenceFile {
  static final String MAGIC = "inferscope-drift-reference";
  static final int VERSION = 1;
  /** A reference is a few KB per summary; a bigger file is a mistake and is not read into memory. */
  static final long MAX_BYTES = 16L << 20;

  private ReferenceFile() {}

  public static void write(Path file, List<ReferenceSummary> summaries) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(out, summaries);
    }
  }

  public static void write(Writer out, List<ReferenceSummary> summaries) throws IOException {
    out.write("# InferScope drift reference: bins and counts per output or input feature\n");
    out.write(MAGIC + "," + VERSION + "\n");
    for (ReferenceSummary s : summaries) {
      out.write(s.kind().token() + "," + encode(s.model()) + "," + encode(s.name()));
      if (s.kind() == ReferenceSummary.Kind.FEATURE) {
        out.write("," + s.feature());
      }
      out.write("\n");
      long[] counts = s.counts();
      if (s.kind() == ReferenceSummary.Kind.CLASS) {
        for (int i = 0; i < counts.length; i++) {
          out.write("bin," + encode(s.labels().get(i)) + "," + counts[i] + "\n");
        }
      } else {
        StringBuilder line = new StringBuilder("edges");
        for (double e : s.edges()) {
          line.append(',').append(e);
        }
        line.append("\ncounts");
        for (long c : counts) {
          line.append(',').append(c);
        }
        out.write(line.append('\n').toString());
      }
    }
  }

  public static List<ReferenceSummary> read(Path file) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw new InvalidReferenceException(file.toString(), 0, "larger than " + (MAX_BYTES >> 20) + " MiB, not a reference");
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, file.toString());
    }
  }

  /** @param name the file name messages give */
  public static List<ReferenceSummary> read(BufferedReader in, String name) throws IOException {
    return new Parser(name).parse(in);
  }

  /** One pass over the lines, one summary block at a time. */
  private static final class Parser {
    private final String file;
    private final List<ReferenceSummary> summaries = new ArrayList<>();
    private final Set<String> keys = new HashSet<>();
    private int line;
    // The open block.
    private ReferenceSummary.Kind kind;
    private int blockLine;
    private String model;
    private String blockName;
    private int feature;
    private final List<String> labels = new ArrayList<>();
    private final List<Long> binCounts = new ArrayList<>();
    private double[] edges;
    private long[] counts;

    Parser(String file) {
      this.file = file;
    }

    List<ReferenceSummary> parse(BufferedReader in) throws IOException {
      boolean header = false;
      for (String text; (text = in.readLine()) != null; ) {
        line++;
        String trimmed = (line == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text).trim();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] cells = trimmed.split(",", -1);
        if (!header) {
          if (!cells[0].equals(MAGIC)) {
            throw bad("not an InferScope drift reference: the first line should be '" + MAGIC + "," + VERSION + "'");
          }
          if (cells.length != 2 || !cells[1].equals(Integer.toString(VERSION))) {
            throw bad("reference format version " + (cells.length > 1 ? cells[1] : "(missing)") + ", this agent reads version " + VERSION);
          }
          header = true;
          continue;
        }
        String first = cells[0];
        switch (first) {
          case "class", "scalar", "feature" -> {
            finishBlock();
            openBlock(first, cells);
          }
          case "bin" -> bin(cells);
          case "edges" -> edges(cells);
          case "counts" -> counts(cells);
          default -> throw bad("unknown line '" + first + "': expected class, scalar, feature, bin, edges or counts");
        }
      }
      if (!header) {
        throw new InvalidReferenceException(file, 0, "empty: no '" + MAGIC + "," + VERSION + "' line");
      }
      finishBlock();
      return summaries;
    }

    private void openBlock(String token, String[] cells) throws InvalidReferenceException {
      kind = token.equals("class") ? ReferenceSummary.Kind.CLASS
          : token.equals("scalar") ? ReferenceSummary.Kind.SCALAR : ReferenceSummary.Kind.FEATURE;
      int expected = kind == ReferenceSummary.Kind.FEATURE ? 4 : 3;
      if (cells.length != expected) {
        throw bad("'" + token + "' takes " + (expected - 1) + " cells (model, name" + (expected == 4 ? ", feature index" : "")
            + "), found " + (cells.length - 1));
      }
      blockLine = line;
      model = decode(cells[1]);
      blockName = decode(cells[2]);
      feature = kind == ReferenceSummary.Kind.FEATURE ? (int) number(cells[3], "feature index", Integer.MAX_VALUE) : -1;
      labels.clear();
      binCounts.clear();
      edges = null;
      counts = null;
    }

    private void bin(String[] cells) throws InvalidReferenceException {
      requireBlock(ReferenceSummary.Kind.CLASS, "bin");
      if (cells.length != 3) {
        throw bad("'bin' takes a label and a count, found " + (cells.length - 1) + " cells");
      }
      labels.add(decode(cells[1]));
      binCounts.add(number(cells[2], "count", Long.MAX_VALUE));
    }

    private void edges(String[] cells) throws InvalidReferenceException {
      requireScalarBlock("edges");
      if (edges != null) {
        throw bad("a second 'edges' line in the block opened at line " + blockLine);
      }
      edges = new double[cells.length - 1];
      for (int i = 1; i < cells.length; i++) {
        try {
          edges[i - 1] = Double.parseDouble(cells[i].trim());
        } catch (NumberFormatException e) {
          throw bad("edge " + i + " is not a number: '" + quoted(cells[i]) + "'");
        }
      }
    }

    private void counts(String[] cells) throws InvalidReferenceException {
      requireScalarBlock("counts");
      if (edges == null) {
        throw bad("'counts' before 'edges' in the block opened at line " + blockLine);
      }
      if (counts != null) {
        throw bad("a second 'counts' line in the block opened at line " + blockLine);
      }
      counts = new long[cells.length - 1];
      for (int i = 1; i < cells.length; i++) {
        counts[i - 1] = number(cells[i], "count " + i, Long.MAX_VALUE);
      }
      if (counts.length != edges.length + 2) {
        throw bad(edges.length + " edges need " + (edges.length + 2) + " counts (ranges, then NaN), found " + counts.length);
      }
    }

    private void finishBlock() throws InvalidReferenceException {
      if (kind == null) {
        return;
      }
      ReferenceSummary summary;
      try {
        if (kind == ReferenceSummary.Kind.CLASS) {
          if (labels.isEmpty()) {
            throw new IllegalArgumentException("a class block needs at least one 'bin' line");
          }
          summary = ReferenceSummary.classes(model, blockName, labels, binCounts.stream().mapToLong(Long::longValue).toArray());
        } else {
          if (counts == null) {
            throw new IllegalArgumentException("a " + kind.token() + " block needs an 'edges' and a 'counts' line");
          }
          summary = ReferenceSummary.scalar(kind, model, blockName, feature, edges, counts);
        }
      } catch (IllegalArgumentException e) {
        throw new InvalidReferenceException(file, blockLine, "the block opened here is invalid: " + e.getMessage());
      }
      if (!keys.add(summary.key())) {
        throw new InvalidReferenceException(file, blockLine, summary.key() + " appears twice");
      }
      summaries.add(summary);
      kind = null;
    }

    private void requireBlock(ReferenceSummary.Kind wanted, String what) throws InvalidReferenceException {
      if (kind != wanted) {
        throw bad("'" + what + "' outside a " + wanted.token() + " block");
      }
    }

    private void requireScalarBlock(String what) throws InvalidReferenceException {
      if (kind != ReferenceSummary.Kind.SCALAR && kind != ReferenceSummary.Kind.FEATURE) {
        throw bad("'" + what + "' outside a scalar or feature block");
      }
    }

    private long number(String cell, String what, long max) throws InvalidReferenceException {
      String text = cell.trim();
      try {
        long value = Long.parseLong(text);
        if (value >= 0 && value <= max) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw bad(what + " should be a whole number from 0" + (max < Long.MAX_VALUE ? " to " + max : "") + ", found '" + quoted(text) + "'");
    }

    private String decode(String cell) throws InvalidReferenceException {
      try {
        return ReferenceFile.decode(cell);
      } catch (IllegalArgumentException e) {
        throw bad(e.getMessage());
      }
    }

    private InvalidReferenceException bad(String problem) {
      return new InvalidReferenceException(file, line, problem);
    }
  }

  /** {@code %}, {@code ,}, control characters and a leading or trailing space as {@code %XX}. */
  static String encode(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean edgeSpace = c == ' ' && (i == 0 || i == text.length() - 1); // lines are trimmed when read
      if (c == '%' || c == ',' || c < 0x20 || c == 0x7F || edgeSpace) {
        out.append('%').append(String.format(Locale.ROOT, "%02X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static String decode(String cell) {
    if (cell.indexOf('%') < 0) {
      return cell;
    }
    StringBuilder out = new StringBuilder(cell.length());
    for (int i = 0; i < cell.length(); i++) {
      char c = cell.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 2 >= cell.length()) {
        throw new IllegalArgumentException("'%' must be followed by two hex digits in '" + quoted(cell) + "'");
      }
      int hi = Character.digit(cell.charAt(i + 1), 16);
      int lo = Character.digit(cell.charAt(i + 2), 16);
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException("'%' must be followed by two hex digits in '" + quoted(cell) + "'");
      }
      out.append((char) (hi * 16 + lo));
      i += 2;
    }
    return out.toString();
  }

  /** A cell as quoted in a message: cut, so a binary file does not flood the log. */
  static String quoted(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
