package io.inferscope.agent.cli;

import java.io.PrintStream;

/** {@code java -jar inferscope-agent.jar [command]}. */
public final class Commands {
  private Commands() {}

  public static int run(String version, String[] args) {
    PrintStream out = System.out;
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      out.println("InferScope " + version + ": OpenTelemetry tracing and metrics for model-serving JVMs.");
      out.println();
      out.println("Attach to your application (no code change):");
      out.println("  java -javaagent:/path/to/inferscope-agent.jar -jar your-app.jar");
      out.println();
      out.println("Configure with the standard OTEL_* variables (OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT,");
      out.println("OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_TRACES_EXPORTER, ...) and inferscope.* system properties");
      out.println("(or INFERSCOPE_* variables), e.g. -Dinferscope.debug=true. See the README for the full list.");
      out.println();
      out.println("Commands:");
      out.println("  --version    print the version");
      out.println("  --help       print this help");
      out.println("  replay FILE.csv [options]");
      out.println("               run a latency series through the anomaly detector (tuning offline);");
      out.println("               'replay' alone prints its options");
      out.println("  drift save|compare ...");
      out.println("               keep a drift reference (from training data or a running agent's window) and");
      out.println("               compare two; 'drift' alone prints its usage");
      return 0;
    }
    if (args[0].equals("--version") || args[0].equals("version")) {
      out.println("inferscope-agent " + version);
      return 0;
    }
    if (args[0].equals("replay")) {
      return new ReplayCommand(out, System.err).run(java.util.Arrays.copyOfRange(args, 1, args.length));
    }
    if (args[0].equals("drift")) {
      return new DriftCommand(out, System.err).run(java.util.Arrays.copyOfRange(args, 1, args.length));
    }
    System.err.println("unknown command '" + args[0] + "'; try --help");
    return 2;
  }
}
