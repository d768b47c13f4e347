package io.inferscope.tests.backends;

import io.inferscope.tests.llm.fake.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL of a Grafana dashboard JSON (docs/grafana, system property {@code inferscope.grafana.dashboard}):
 * every panel target's and template variable's query, the metric names they select, and each as a query
 * Prometheus can evaluate directly (Grafana's variables replaced by what "All" would select).
 */
final class GrafanaDashboard {
  /** A metric selector, e.g. {@code ml_inference_duration_seconds_count{job=~"$job"}}: the dashboard writes every one with braces. */
  private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*[a-zA-Z_][a-zA-Z0-9_]*\\)");
  private static final Pattern INTERVAL = Pattern.compile("\\$__(rate_interval|interval|range)");
  private static final Pattern VARIABLE = Pattern.compile("\\$[a-zA-Z_][a-zA-Z0-9_]*");

  /** One query, where it is (for messages) and the uid of the data source it asks. */
  record Query(String where, String expr, String datasourceUid) {
    /** The metric names it selects. */
    Set<String> metricNames() {
      Set<String> names = new TreeSet<>();
      Matcher m = SELECTOR.matcher(expr);
      while (m.find()) {
        names.add(m.group(1));
      }
      return names;
    }

    /**
     * What Prometheus evaluates for it: Grafana's intervals become one minute (the whole test fits in it),
     * multi-value variables match everything (as their "All", {@code .*}), and a variable's
     * {@code label_values(selector, label)} becomes its selector.
     */
    String promql() {
      Matcher labelValues = LABEL_VALUES.matcher(expr);
      String promql = labelValues.matches() ? labelValues.group(1) : expr;
      promql = INTERVAL.matcher(promql).replaceAll("1m");
      return VARIABLE.matcher(promql).replaceAll(".*");
    }
  }

  private GrafanaDashboard() {}

  static Path file() {
    String configured = System.getProperty("inferscope.grafana.dashboard");
    if (configured == null) {
      throw new AssertionError("system property inferscope.grafana.dashboard is not set; run the tests with Maven");
    }
    return Path.of(configured);
  }

  /** Every query of the dashboard: panel targets (rows' nested panels included) and template variables. */
  static List<Query> queries(Path file) {
    Map<?, ?> dashboard;
    try {
      dashboard = (Map<?, ?>) Json.parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Query> queries = new ArrayList<>();
    addPanelQueries((List<?>) dashboard.get("panels"), queries);
    for (Object variable : (List<?>) ((Map<?, ?>) dashboard.get("templating")).get("list")) {
      Map<?, ?> v = (Map<?, ?>) variable;
      queries.add(new Query("variable " + v.get("name"), (String) v.get("definition"), uid(v)));
    }
    return queries;
  }

  private static void addPanelQueries(List<?> panels, List<Query> queries) {
    for (Object item : panels) {
      Map<?, ?> panel = (Map<?, ?>) item;
      if (panel.get("panels") instanceof List<?> nested) {
        addPanelQueries(nested, queries);
      }
      if (panel.get("targets") instanceof List<?> targets) {
        for (Object target : targets) {
          Map<?, ?> t = (Map<?, ?>) target;
          queries.add(new Query("panel '" + panel.get("title") + "' target " + t.get("refId"), (String) t.get("expr"), uid(t)));
        }
      }
    }
  }

  private static String uid(Map<?, ?> queryOwner) {
    return queryOwner.get("datasource") instanceof Map<?, ?> datasource ? (String) datasource.get("uid") : null;
  }
}
