package io.inferscope.agent.cli;

import io.inferscope.agent.config.AgentConfig;
import io.inferscope.agent.drift.DriftMonitor;
import io.inferscope.agent.drift.DriftSettings;
import io.inferscope.agent.drift.InvalidReferenceException;
import io.inferscope.agent.drift.ReferenceComparison;
import io.inferscope.agent.drift.ReferenceCsv;
import io.inferscope.agent.drift.ReferenceFile;
import io.inferscope.agent.drift.ReferenceSummary;
import io.inferscope.agent.drift.SnapshotWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code drift save|compare}: a drift reference a team can keep, built from training data (a CSV of values)
 * or from a window of a running agent's snapshot, and the PSI between two references, judged as the agent
 * judges a live window ({@code inferscope.drift.threshold}, 0.2; stable below half of it). Results go to
 * stdout; a problem is one line on stderr naming the file and line, and exit code 2, never a stack trace.
 */
final class DriftCommand {
  static final String USAGE = """
      usage: drift save --csv FILE.csv --model NAME [--max-classes N] -o REF.txt
             drift save --snapshot SNAP.txt --window reference|current [--model NAME] -o REF.txt
             drift compare REFERENCE.txt OTHER.txt
        save --csv: a reference from values, e.g. a model's outputs and inputs on its training data. Header
          columns: <output> (a scalar output's values), <output>:class (predicted class labels), <input>[i]
          (feature i of a tabular input); names as the agent reports them (ml.output.name, ml.input.name).
        save --snapshot: one window of a running agent's snapshot (-Dinferscope.drift.snapshot.file=SNAP.txt):
          the reference windows (SNAP.txt) or the current windows (SNAP.current.txt), e.g. production's
          current window as the new baseline.
        compare: PSI of OTHER against REFERENCE per output and input feature. Exit code 0 when nothing
          drifted, 1 when something did (PSI at or above inferscope.drift.threshold, 0.2), 2 on bad usage or
          an unreadable file.
        Use a reference with -Dinferscope.drift.reference.file=REF.txt.""";
  private static final String HINT = "; 'drift' alone prints the usage";

  private final PrintStream out;
  private final PrintStream err;
  private final DriftSettings settings;

  DriftCommand(PrintStream out, PrintStream err) {
    this(out, err, DriftMonitor.configured(AgentConfig.fromSystem()));
  }

  DriftCommand(PrintStream out, PrintStream err, DriftSettings settings) {
    this.out = out;
    this.err = err;
    this.settings = settings;
  }

  int run(String[] args) {
    if (args.length == 0 || List.of("--help", "-h", "help").contains(args[0])) {
      out.println(USAGE);
      return 0;
    }
    String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
    try {
      return switch (args[0]) {
        case "save" -> save(SaveOptions.parse(rest));
        case "compare" -> compare(rest);
        default -> throw new IllegalArgumentException("drift: unknown subcommand '" + args[0] + "', expected save or compare");
      };
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage() + HINT);
      return 2;
    } catch (IOException e) {
      err.println(e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      // A bug of ours, not the user's: still one line, no stack trace.
      err.println("drift: " + e);
      return 2;
    }
  }

  private int save(SaveOptions options) throws IOException {
    List<ReferenceSummary> summaries;
    if (options.csv() != null) {
      DriftSettings binning = options.maxClasses() == null ? settings : withMaxClasses(options.maxClasses());
      try {
        summaries = ReferenceCsv.read(options.csv(), options.model(), binning);
      } catch (InvalidReferenceException e) {
        throw e; // its message names the file, line and column already
      } catch (IOException e) {
        throw new IOException("cannot read " + options.csv() + ": " + reason(e), e);
      }
    } else {
      Path window = options.window().equals("current") ? SnapshotWriter.currentFile(options.snapshot()) : options.snapshot();
      List<ReferenceSummary> all = read(window);
      summaries = options.model() == null ? all : all.stream().filter(s -> s.model().equals(options.model())).toList();
      if (all.isEmpty()) {
        throw new IOException(window + ": no " + options.window() + " window in this snapshot yet (no output or input has one)");
      }
      if (summaries.isEmpty()) {
        throw new IOException(window + ": no summary of model '" + options.model() + "' (it has " + models(all) + ")");
      }
    }
    try {
      ReferenceFile.write(options.output(), summaries);
    } catch (IOException e) {
      throw new IOException("cannot write " + options.output() + ": " + reason(e), e);
    }
    out.println("wrote " + options.output() + ": " + summaries.size() + " summar" + (summaries.size() == 1 ? "y" : "ies")
        + " of " + models(summaries));
    for (ReferenceSummary s : summaries) {
      long[] counts = s.counts();
      String bins = s.kind() == ReferenceSummary.Kind.CLASS ? counts.length + " classes" : (counts.length - 1) + " bins";
      long nan = s.kind() == ReferenceSummary.Kind.CLASS ? 0 : counts[counts.length - 1];
      out.println("  " + s.key() + ": " + s.total() + " values, " + bins + (nan > 0 ? ", " + nan + " NaN" : ""));
    }
    return 0;
  }

  private DriftSettings withMaxClasses(int classes) {
    try {
      return settings.withMaxClasses(classes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("drift save: --max-classes " + e.getMessage());
    }
  }

  private int compare(String[] args) throws IOException {
    if (args.length != 2 || args[0].startsWith("-") || args[1].startsWith("-")) {
      throw new IllegalArgumentException("drift compare: takes two reference files, REFERENCE.txt OTHER.txt");
    }
    Path first = Path.of(args[0]);
    Path second = Path.of(args[1]);
    List<ReferenceSummary> reference = read(first);
    List<ReferenceSummary> other = read(second);
    ReferenceComparison.Result result = ReferenceComparison.compare(reference, other);
    if (result.differences().isEmpty()) {
      // Exit 0 here would read as "no drift" to a script, when nothing was compared at all.
      throw new IOException("nothing to compare: no output or input is in both files (" + first + ": "
          + (reference.isEmpty() ? "none" : models(reference)) + "; " + second + ": " + (other.isEmpty() ? "none" : models(other)) + ")");
    }
    Map<String, ReferenceSummary> byKey = new HashMap<>();
    reference.forEach(s -> byKey.put(s.key(), s));
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"kind", "model", "name", "feature", "psi", "verdict", ""});
    int[] verdicts = new int[Verdict.values().length];
    boolean rebinned = false;
    for (ReferenceComparison.Difference d : result.differences()) {
      ReferenceSummary s = byKey.get(d.key());
      Verdict verdict = verdict(d.psi());
      verdicts[verdict.ordinal()]++;
      rows.add(new String[] {s.kind().token(), s.model(), s.name(), s.feature() >= 0 ? Integer.toString(s.feature()) : "",
          Double.isNaN(d.psi()) ? "-" : String.format(Locale.ROOT, "%.4f", d.psi()), verdict.word,
          d.exactBins() ? "" : "rebinned"});
      rebinned |= !d.exactBins();
    }
    table(rows);
    if (rebinned) {
      out.println("rebinned: binned differently in the two files (e.g. two CSVs); " + second.getFileName()
          + "'s counts spread over " + first.getFileName() + "'s bins, an approximation");
    }
    result.onlyInFirst().forEach(key -> out.println("only in " + first + ": " + key));
    result.onlyInSecond().forEach(key -> out.println("only in " + second + ": " + key));
    out.printf(Locale.ROOT, "%d compared: %d stable (PSI below %s), %d moderate, %d drifted (PSI %s or more)%s%n",
        result.differences().size(), verdicts[Verdict.STABLE.ordinal()], number(settings.rearmBelow()),
        verdicts[Verdict.MODERATE.ordinal()], verdicts[Verdict.DRIFTED.ordinal()], number(settings.driftThreshold()),
        verdicts[Verdict.EMPTY.ordinal()] > 0 ? ", " + verdicts[Verdict.EMPTY.ordinal()] + " with no values on one side" : "");
    return verdicts[Verdict.DRIFTED.ordinal()] > 0 ? 1 : 0;
  }

  /** The agent's reading of PSI: flagged at the threshold, re-armed (stable) below half of it. */
  enum Verdict {
    STABLE("stable"),
    MODERATE("moderate"),
    DRIFTED("drifted"),
    EMPTY("no values");

    final String word;

    Verdict(String word) {
      this.word = word;
    }
  }

  private Verdict verdict(double psi) {
    if (Double.isNaN(psi)) {
      return Verdict.EMPTY;
    }
    return psi >= settings.driftThreshold() ? Verdict.DRIFTED : psi < settings.rearmBelow() ? Verdict.STABLE : Verdict.MODERATE;
  }

  private void table(List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        line.append(row[c]).append(" ".repeat(widths[c] - row[c].length() + 2));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static List<ReferenceSummary> read(Path file) throws IOException {
    try {
      return ReferenceFile.read(file);
    } catch (InvalidReferenceException e) {
      throw e; // its message names the file and line already
    } catch (IOException e) {
      throw new IOException("cannot read " + file + ": " + reason(e), e);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String models(List<ReferenceSummary> summaries) {
    TreeSet<String> names = new TreeSet<>();
    summaries.forEach(s -> names.add(s.model()));
    return "model" + (names.size() == 1 ? " " : "s ") + String.join(", ", names);
  }

  private static String number(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** The command line of {@code drift save}. */
  record SaveOptions(Path csv, Path snapshot, String window, String model, Integer maxClasses, Path output) {
    static SaveOptions parse(String[] args) {
      Map<String, String> values = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        String option = args[i].equals("--output") ? "-o" : args[i];
        if (!List.of("--csv", "--snapshot", "--window", "--model", "--max-classes", "-o").contains(option)) {
          throw new IllegalArgumentException("drift save: unknown option '" + args[i] + "'");
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("drift save: " + args[i] + " needs a value");
        }
        if (values.put(option, args[++i]) != null) {
          throw new IllegalArgumentException("drift save: " + option + " given twice");
        }
      }
      boolean csv = values.containsKey("--csv");
      if (csv == values.containsKey("--snapshot")) {
        throw new IllegalArgumentException("drift save: give one source, --csv FILE.csv or --snapshot SNAP.txt");
      }
      if (!values.containsKey("-o")) {
        throw new IllegalArgumentException("drift save: -o REF.txt (the reference to write) is required");
      }
      if (csv && !values.containsKey("--model")) {
        throw new IllegalArgumentException("drift save: --csv needs --model NAME (the model the values are of, as the agent names it)");
      }
      if (csv && values.containsKey("--window")) {
        throw new IllegalArgumentException("drift save: --window goes with --snapshot, not --csv");
      }
      if (!csv && values.containsKey("--max-classes")) {
        throw new IllegalArgumentException("drift save: --max-classes goes with --csv (a snapshot's classes are binned already)");
      }
      String window = values.get("--window");
      if (!csv && !"reference".equals(window) && !"current".equals(window)) {
        throw new IllegalArgumentException("drift save: --snapshot needs --window reference or --window current"
            + (window == null ? "" : ", got '" + window + "'"));
      }
      Integer maxClasses = null;
      if (values.containsKey("--max-classes")) {
        try {
          maxClasses = Integer.parseInt(values.get("--max-classes"));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("drift save: --max-classes expects a whole number, got '" + values.get("--max-classes") + "'");
        }
      }
      return new SaveOptions(csv ? Path.of(values.get("--csv")) : null, csv ? null : Path.of(values.get("--snapshot")),
          window, values.get("--model"), maxClasses, Path.of(values.get("-o")));
    }
  }
}
