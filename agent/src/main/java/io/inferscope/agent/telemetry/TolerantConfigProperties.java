package io.inferscope.agent.telemetry;

import io.inferscope.agent.config.InvalidSettings;
import io.opentelemetry.api.internal.ConfigUtil;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The settings as the SDK's autoconfiguration reads them during one build attempt. The SDK fails the
 * whole build on one malformed value; an agent must not. So this view
 * <ul>
 *   <li>answers a typed getter whose value does not parse with "unset", so the caller's own default
 *       applies, and keeps the problem for one report;
 *   <li>records every key read, in order, with whether the user set it, so that when the build still
 *       fails on a value that parses but is refused ({@code brotli}, {@code -1}, a missing file) the
 *       culprit can be found ({@link BadSettingRecovery}) and
 *   <li>hides such keys: a hidden key reads as the agent's default, or as unset.
 * </ul>
 * Keys are recorded as the SDK normalizes them ({@code otel.exporter.otlp.headers}).
 */
final class TolerantConfigProperties implements ConfigProperties {
  private static final String TLS_FALLBACK =
      "exporting without it: an https collector that needs this file will refuse the connection (reported when it does)";

  private final ConfigProperties settings;
  private final Map<String, String> agentDefaults;
  private final ConfigProperties defaultsOnly;
  private final Set<String> hidden;

  private final Set<String> read = new LinkedHashSet<>();
  private int readCount;
  private final List<String> userSetReads = new ArrayList<>();
  private final Map<String, String> callerDefaults = new HashMap<>();
  private final Map<String, SettingProblem> problems = new LinkedHashMap<>();

  /**
   * @param settings the user's settings over {@code agentDefaults}
   * @param agentDefaults the agent's own defaults (lowest precedence); what a hidden key reads as
   * @param hidden keys whose value was refused by the SDK in an earlier attempt
   */
  TolerantConfigProperties(ConfigProperties settings, Map<String, String> agentDefaults, Set<String> hidden) {
    this.settings = settings;
    this.agentDefaults = Map.copyOf(agentDefaults);
    this.defaultsOnly = DefaultConfigProperties.createFromMap(agentDefaults);
    this.hidden = Set.copyOf(hidden);
  }

  /** A setting the agent reports instead of failing on; {@code value} is raw, the reporter redacts it. */
  record SettingProblem(String key, String value, String problem, String outcome) {
    void report() {
      InvalidSettings.report(key, value, problem, outcome);
    }
  }

  @Override
  public String getString(String name) {
    String key = normalize(name);
    String value = source(key).getString(key);
    recordRead(key, value);
    return value;
  }

  @Override
  public Boolean getBoolean(String name) {
    // The SDK takes anything but "true" as false; a typo such as "yes" is reported instead.
    String value = getString(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.trim().toLowerCase(Locale.ROOT);
    if (trimmed.equals("true") || trimmed.equals("false")) {
      return Boolean.valueOf(trimmed);
    }
    return refused(normalize(name), value, "expected true or false");
  }

  @Override
  public Integer getInt(String name) {
    return typed(name, "expected an integer", ConfigProperties::getInt);
  }

  @Override
  public Long getLong(String name) {
    return typed(name, "expected an integer", ConfigProperties::getLong);
  }

  @Override
  public Double getDouble(String name) {
    return typed(name, "expected a number", ConfigProperties::getDouble);
  }

  @Override
  public Duration getDuration(String name) {
    return typed(name, "expected a duration: a whole number of ms, or followed by ms, s, m, h or d", ConfigProperties::getDuration);
  }

  @Override
  public List<String> getList(String name) {
    List<String> list = typed(name, "expected a comma-separated list", ConfigProperties::getList);
    return list == null ? Collections.emptyList() : list;
  }

  @Override
  public Map<String, String> getMap(String name) {
    Map<String, String> map = typed(name, "expected key=value pairs separated by commas", ConfigProperties::getMap);
    return map == null ? Collections.emptyMap() : map;
  }

  // The two-argument forms are where the SDK states its defaults: noted, so a report can name them.
  @Override
  public String getString(String name, String defaultValue) {
    noteDefault(name, defaultValue);
    return ConfigProperties.super.getString(name, defaultValue);
  }

  @Override
  public boolean getBoolean(String name, boolean defaultValue) {
    noteDefault(name, defaultValue);
    return ConfigProperties.super.getBoolean(name, defaultValue);
  }

  @Override
  public int getInt(String name, int defaultValue) {
    noteDefault(name, defaultValue);
    return ConfigProperties.super.getInt(name, defaultValue);
  }

  @Override
  public long getLong(String name, long defaultValue) {
    noteDefault(name, defaultValue);
    return ConfigProperties.super.getLong(name, defaultValue);
  }

  @Override
  public double getDouble(String name, double defaultValue) {
    noteDefault(name, defaultValue);
    return ConfigProperties.super.getDouble(name, defaultValue);
  }

  @Override
  public Duration getDuration(String name, Duration defaultValue) {
    noteDefault(name, defaultValue == null ? null : defaultValue.toMillis() + "ms");
    return ConfigProperties.super.getDuration(name, defaultValue);
  }

  @Override
  public List<String> getList(String name, List<String> defaultValue) {
    noteDefault(name, defaultValue == null ? null : String.join(",", defaultValue));
    return ConfigProperties.super.getList(name, defaultValue);
  }

  @Override
  public Map<String, String> getMap(String name, Map<String, String> defaultValue) {
    noteDefault(name, defaultValue == null || defaultValue.isEmpty() ? null : defaultValue.toString());
    return ConfigProperties.super.getMap(name, defaultValue);
  }

  @Override
  public ComponentLoader getComponentLoader() {
    return settings.getComponentLoader();
  }

  /** Every key read so far in this attempt. */
  synchronized Set<String> keysRead() {
    return new LinkedHashSet<>(read);
  }

  /** How many reads this attempt made: how far the build got. */
  synchronized int readCount() {
    return readCount;
  }

  /** Keys the user set that were read with that value, latest first: where to look when a build fails. */
  synchronized List<String> userSetKeysLatestFirst() {
    List<String> latestFirst = new ArrayList<>(new LinkedHashSet<>(reversed(userSetReads)));
    latestFirst.removeAll(problems.keySet());
    return latestFirst;
  }

  synchronized List<SettingProblem> problems() {
    return new ArrayList<>(problems.values());
  }

  /** The user's value of a key, as set (hidden or not). */
  String userValue(String key) {
    return settings.getString(key);
  }

  /** What applies once {@code key} is hidden, for its report. */
  synchronized String outcomeOfHiding(String key) {
    if (key.equals("otel.config.file")) {
      return "ignored: InferScope reads the OTEL_* settings, declarative configuration files are not supported";
    }
    if (key.endsWith(".certificate") || key.endsWith(".client.key")) {
      return TLS_FALLBACK;
    }
    return InvalidSettings.usingDefault(defaultFor(key));
  }

  static String normalize(String name) {
    return ConfigUtil.normalizePropertyKey(name);
  }

  private ConfigProperties source(String key) {
    return hidden.contains(key) ? defaultsOnly : settings;
  }

  private <T> T typed(String name, String expected, BiFunction<ConfigProperties, String, T> getter) {
    String key = normalize(name);
    ConfigProperties source = source(key);
    String value = source.getString(key);
    recordRead(key, value);
    try {
      return getter.apply(source, key);
    } catch (ConfigurationException e) {
      // The SDK's message quotes the value, which may be a credential: the report prints it redacted instead.
      return refused(key, value, expected);
    }
  }

  private synchronized <T> T refused(String key, String value, String expected) {
    problems.putIfAbsent(key, new SettingProblem(key, value, expected, InvalidSettings.usingDefault(defaultFor(key))));
    return null;
  }

  private synchronized String defaultFor(String key) {
    return agentDefaults.containsKey(key) ? agentDefaults.get(key) : callerDefaults.get(key);
  }

  private synchronized void recordRead(String key, String value) {
    readCount++;
    read.add(key);
    if (value != null && !hidden.contains(key) && !Objects.equals(value, agentDefaults.get(key))) {
      userSetReads.add(key);
    }
  }

  private synchronized void noteDefault(String name, Object defaultValue) {
    if (defaultValue != null) {
      callerDefaults.putIfAbsent(normalize(name), String.valueOf(defaultValue));
    }
  }

  private static List<String> reversed(List<String> list) {
    List<String> copy = new ArrayList<>(list);
    Collections.reverse(copy);
    return copy;
  }
}
