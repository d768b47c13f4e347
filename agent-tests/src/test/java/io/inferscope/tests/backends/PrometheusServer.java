package io.inferscope.tests.backends;

import io.inferscope.tests.llm.fake.Json;
import io.inferscope.tests.support.ChildProcess;
import io.inferscope.tests.support.FreePort;
import io.inferscope.tests.support.LocalHttp;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, 2.42, which {@code .ci/run} installs) on
 * 127.0.0.1 and a free port, scraping one target every second, with its data in a test's temporary folder;
 * and the parts of its HTTP API the tests read. Prometheus 2.42 has no OTLP receiver: it scrapes the
 * agent's Prometheus exporter. Closing it kills the server.
 */
public final class PrometheusServer implements AutoCloseable {
  static final String JOB = "inferscope-app";
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final int port;
  private final ChildProcess process;

  private PrometheusServer(int port, ChildProcess process) {
    this.port = port;
    this.process = process;
  }

  /**
   * Starts Prometheus scraping {@code target} ({@code host:port}) every second as job {@value #JOB},
   * evaluating the shipped alerting rules (docs/prometheus) every second.
   */
  public static PrometheusServer scraping(String target, Path dir) {
    Path config = dir.resolve("prometheus.yml");
    // The scrape timeout must not exceed the interval, and its default (10 s) would.
    String yaml = """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        rule_files:
          - '%s'
        scrape_configs:
          - job_name: %s
            static_configs:
              - targets: ['%s']
        """.formatted(AlertRulesTest.folder().resolve(AlertRulesTest.RULES), JOB, target);
    try {
      Files.writeString(config, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = FreePort.pick();
    ProcessBuilder builder = new ProcessBuilder(binary().toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port);
    ChildProcess process = ChildProcess.start("prometheus", builder);
    PrometheusServer server = new PrometheusServer(port, process);
    process.awaitHttpOk(server.url("/-/ready"), STARTUP);
    return server;
  }

  /** The {@code prometheus} executable on the PATH; a missing one fails the test, saying how to install it. */
  static Path binary() {
    return fromDebianPackage("prometheus", "the Prometheus end-to-end test");
  }

  /**
   * An executable of Debian's {@code prometheus} package ({@code prometheus}, {@code promtool}) on the PATH;
   * a missing one fails the test (never skips it), saying which test needs it and how to install it.
   */
  static Path fromDebianPackage(String executable, String neededBy) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .filter(folder -> !folder.isEmpty())
        .map(folder -> Path.of(folder, executable))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(() -> new AssertionError(neededBy + " needs " + executable + " (Debian package "
            + "'prometheus', 2.42) on the PATH (" + path + "). .ci/run installs it; on your machine run: "
            + "apt-get install -y --no-install-recommends prometheus"));
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** The instant vector of {@code promql} now: each series' labels and value. */
  public List<Sample> query(String promql) {
    Map<?, ?> data = data(LocalHttp.get(url("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))), promql);
    if (!"vector".equals(data.get("resultType"))) {
      throw new AssertionError("not an instant vector: " + promql + " -> " + data);
    }
    return ((List<?>) data.get("result")).stream().map(r -> Sample.of((Map<?, ?>) r)).toList();
  }

  /**
   * Waits for a successful scrape of the target that began after {@code epochSeconds}, and returns when it
   * began; fails if none comes within {@code timeout} or Prometheus exits.
   */
  public double awaitScrapeAfter(double epochSeconds, Duration timeout) {
    // timestamp() gives a sample's own time only when applied to a selector itself; times up (1 or 0) keeps
    // only scrapes that succeeded.
    String up = "up{job=\"" + JOB + "\"}";
    String lastScrape = "timestamp(" + up + ") * " + up;
    double[] began = {Double.NaN};
    process.waitUntil("a scrape of " + JOB + " after " + epochSeconds, timeout, () -> {
      List<Sample> scrape = query(lastScrape);
      began[0] = scrape.isEmpty() ? Double.NaN : scrape.get(0).value();
      return began[0] > epochSeconds;
    });
    return began[0];
  }

  /** Waits until {@code promql} selects at least one series; fails after {@code timeout}. */
  public void awaitSeries(String promql, Duration timeout) {
    process.waitUntil("a series of " + promql, timeout, () -> !query(promql).isEmpty());
  }

  /** The names of the alerting rules Prometheus has loaded. */
  public Set<String> alertRuleNames() {
    Map<?, ?> data = data(LocalHttp.get(url("/api/v1/rules?type=alert")), "rules");
    Set<String> names = new TreeSet<>();
    for (Object group : (List<?>) data.get("groups")) {
      for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
        names.add((String) ((Map<?, ?>) rule).get("name"));
      }
    }
    return names;
  }

  /** Every metric name Prometheus stores (its {@code __name__} label values). */
  public Set<String> metricNames() {
    Object names = Json.parse(LocalHttp.get(url("/api/v1/label/__name__/values")));
    return new TreeSet<>(((List<?>) ((Map<?, ?>) names).get("data")).stream().map(String.class::cast).toList());
  }

  private static Map<?, ?> data(String body, String promql) {
    Map<?, ?> answer = (Map<?, ?>) Json.parse(body);
    if (!"success".equals(answer.get("status"))) {
      throw new AssertionError("query failed: " + promql + " -> " + body);
    }
    return (Map<?, ?>) answer.get("data");
  }

  @Override
  public void close() {
    process.close();
  }

  /** One series of a query result. */
  public record Sample(Map<String, String> labels, double value) {
    static Sample of(Map<?, ?> json) {
      Map<String, String> labels = new LinkedHashMap<>();
      ((Map<?, ?>) json.get("metric")).forEach((k, v) -> labels.put((String) k, (String) v));
      // Prometheus writes +Inf, -Inf and NaN; Java spells the infinities out.
      String value = (String) ((List<?>) json.get("value")).get(1);
      return new Sample(labels, Double.parseDouble(value.replace("Inf", "Infinity")));
    }

    public String label(String name) {
      return labels.get(name);
    }
  }
}
