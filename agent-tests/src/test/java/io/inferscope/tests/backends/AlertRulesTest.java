package io.inferscope.tests.backends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus alerting rules in docs/prometheus (system property {@code inferscope.prometheus.rules}):
 * {@code promtool check rules} accepts them, {@code promtool test rules} passes their unit tests, the
 * Collector setup's Prometheus configuration (docs/collector) loads them, and every
 * alert is named, labelled and annotated as the README says and has a unit test where it fires (with its
 * labels and annotations) and one where it must not. promtool is Debian's {@code prometheus} package (2.42,
 * which {@code .ci/run} installs); without it these tests fail and say so.
 */
class AlertRulesTest {
  static final String RULES = "inferscope-alerts.yml";
  static final String RULE_TESTS = "inferscope-alerts.test.yml";
  private static final Pattern ALERT = Pattern.compile("(?m)^ +- alert: (\\S+)$");
  private static final Pattern NEXT_RULE_OR_GROUP = Pattern.compile("(?m)^ +- (alert|record|name): ");
  private static final Pattern FIRES = Pattern.compile("(?m)^ +alertname: (\\S+)\\n +exp_alerts:\\n +- exp_labels:");
  private static final Pattern DOES_NOT_FIRE = Pattern.compile("(?m)^ +alertname: (\\S+)\\n +exp_alerts: \\[\\]$");

  @TempDir Path dir;

  @Test
  void promtoolChecksTheRules() throws Exception {
    promtoolSucceeds("check", "rules", "--lint-fatal", RULES);
  }

  @Test
  void promtoolUnitTestsOfTheRulesPass() throws Exception {
    promtoolSucceeds("test", "rules", RULE_TESTS);
  }

  /** docs/collector/prometheus.yml is a valid configuration and loads the rules (promtool follows rule_files). */
  @Test
  void theCollectorSetupsPrometheusLoadsTheRules() throws Exception {
    Path config = folder().resolveSibling("collector").resolve("prometheus.yml");
    String printed = promtoolSucceeds("check", "config", config.toString());
    assertTrue(printed.contains("Checking " + config.getParent().resolve("../prometheus").normalize().resolve(RULES)), printed);
  }

  @Test
  void everyAlertIsNamedLabelledAnnotatedAndTestedFiringAndNotFiring() throws IOException {
    String rules = Files.readString(folder().resolve(RULES));
    String tests = Files.readString(folder().resolve(RULE_TESTS));
    Set<String> fires = matches(FIRES, tests);
    Set<String> doesNotFire = matches(DOES_NOT_FIRE, tests);
    List<String> alerts = new ArrayList<>();
    Matcher alert = ALERT.matcher(rules);
    while (alert.find()) {
      String name = alert.group(1);
      alerts.add(name);
      Matcher next = NEXT_RULE_OR_GROUP.matcher(rules);
      String block = rules.substring(alert.start(), next.find(alert.end()) ? next.start() : rules.length());
      assertTrue(name.startsWith("InferScope"), () -> name + ": ALERTS{alertname=~\"InferScope.*\"} must select it");
      assertTrue(block.matches("(?s).*\\n +for: \\d+[smh]\\n.*"), () -> name + " has no for:\n" + block);
      assertTrue(block.matches("(?s).*\\n +severity: (critical|warning)\\n.*"), () -> name + " has no severity critical or warning\n" + block);
      assertTrue(block.matches("(?s).*\\n +summary: .*\\n +description: .*"), () -> name + " lacks a summary or description\n" + block);
      assertTrue(fires.contains(name), () -> name + " has no unit test in which it fires (exp_alerts with exp_labels)");
      assertTrue(doesNotFire.contains(name), () -> name + " has no unit test in which it must not fire (exp_alerts: [])");
    }
    assertTrue(alerts.size() >= 12, () -> "alerts found in " + RULES + ": " + alerts);
    Set<String> unknown = new TreeSet<>(fires);
    unknown.addAll(doesNotFire);
    unknown.removeAll(alerts);
    assertTrue(unknown.isEmpty(), () -> RULE_TESTS + " tests alerts the rules do not have: " + unknown);
    // Each expected alert states its annotations too, so a wrong summary or description fails promtool.
    assertEquals(count(tests, "- exp_labels:"), count(tests, "exp_annotations:"), "exp_annotations for every expected alert");
  }

  /** Runs promtool in the rules' folder; fails with its output unless it succeeds; returns the output. */
  private String promtoolSucceeds(String... args) throws Exception {
    Path promtool = PrometheusServer.fromDebianPackage("promtool", "the alerting-rules test (AlertRulesTest)");
    List<String> command = new ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(args));
    Path output = dir.resolve("promtool.out");
    // promtool test rules reads rule_files relative to the test file: run it in the rules' folder.
    Process process = new ProcessBuilder(command).directory(folder().toFile())
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    boolean exited = process.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    String printed = Files.readString(output, StandardCharsets.UTF_8);
    assertTrue(exited, () -> String.join(" ", command) + " did not finish in 120 s:\n" + printed);
    assertEquals(0, process.exitValue(), () -> "in " + folder() + ": " + String.join(" ", command) + " failed:\n" + printed);
    assertFalse(printed.contains("FAILED"), printed);
    return printed;
  }

  static Path folder() {
    String configured = System.getProperty("inferscope.prometheus.rules");
    if (configured == null) {
      throw new AssertionError("system property inferscope.prometheus.rules is not set; run the tests with Maven");
    }
    return Path.of(configured);
  }

  private static Set<String> matches(Pattern pattern, String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static int count(String text, String what) {
    return text.split(Pattern.quote(what), -1).length - 1;
  }
}
