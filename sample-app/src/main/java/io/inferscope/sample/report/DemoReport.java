package io.inferscope.sample.report;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * The demo's closing summary, from what the back ends received (not from the application): spans
 * per name and library from Zipkin, latency per model and anomaly counts from the Prometheus
 * endpoint, and every span flagged anomalous with a link to its trace in the Zipkin UI.
 *
 * <p>Usage: {@code DemoReport --zipkin URL --metrics URL --service NAME [--max-flagged N]}, N being
 * the examples printed per kind of flagged span (3). Either source may be unreachable: its sections
 * then say why and the others are still printed. Exit code 1 if neither answered.
 */
public final class DemoReport {
  private DemoReport() {}

  public static void main(String[] args) throws InterruptedException {
    String zipkin = "http://127.0.0.1:9411";
    String metrics = "http://127.0.0.1:9464/metrics";
    String service = "sample-app";
    int maxFlagged = 3;
    try {
      for (int i = 0; i < args.length; i += 2) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        if (value == null) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        switch (args[i]) {
          case "--zipkin" -> zipkin = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
          case "--metrics" -> metrics = value;
          case "--service" -> service = value;
          case "--max-flagged" -> maxFlagged = Integer.parseInt(value);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("DemoReport: " + e.getMessage()
          + "\nUsage: DemoReport --zipkin URL --metrics URL --service NAME [--max-flagged N]");
      System.exit(2);
    }
    System.exit(print(new ReportSources(zipkin, metrics), zipkin, metrics, service, maxFlagged, System.out) ? 0 : 1);
  }

  /** Prints the report; false when neither Zipkin nor the metrics endpoint answered. */
  static boolean print(ReportSources sources, String zipkin, String metricsUrl, String service, int maxFlagged,
      PrintStream out) throws InterruptedException {
    boolean any = false;
    out.println();
    out.println("=== InferScope demo summary " + "=".repeat(60));
    out.println();
    try {
      TraceSummary.printReceived(sources.traces(service, null), out);
      out.println();
      TraceSummary.printFlagged(sources.traces(service, "inferscope.anomaly=true"), zipkin, maxFlagged, out);
      any = true;
    } catch (IOException e) {
      out.println("Zipkin at " + zipkin + " did not answer: " + why(e));
    }
    out.println();
    try {
      List<PrometheusText.Sample> samples = sources.metrics();
      MetricSummary.print(samples, out);
      any = true;
    } catch (IOException e) {
      out.println("The metrics endpoint " + metricsUrl + " did not answer: " + why(e));
    }
    out.println();
    return any;
  }

  /** A connection refused has no message, only its class. */
  private static String why(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
