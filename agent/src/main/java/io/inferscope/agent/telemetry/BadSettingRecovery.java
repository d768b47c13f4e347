package io.inferscope.agent.telemetry;

import io.inferscope.agent.config.AgentConfig;
import io.inferscope.agent.logging.Redaction;
import io.inferscope.agent.telemetry.TolerantConfigProperties.SettingProblem;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * Builds the SDK even when a setting is refused. Values that do not parse are handled while reading
 * ({@link TolerantConfigProperties}); a value that parses but is refused later (compression
 * {@code brotli}, a limit of {@code -1}, an unknown propagator, a certificate file that does not exist)
 * fails the build instead. Then a suspect is hidden and the build tried again: first the keys the
 * failure names, then those whose value it quotes, then the user's keys from the last read back (the
 * SDK mostly checks a value as it reads it). A guess is kept when the build then succeeds, or fails
 * further on, or fails on another setting of the user's; otherwise (same failure, or one the hiding
 * itself caused, such as half of a client key pair) it is restored and the next suspect tried. The
 * attempts are bounded, and the SDK closes what a failed attempt had built.
 */
final class BadSettingRecovery {
  static final int MAX_ATTEMPTS = 16;
  // The SDK wraps any RuntimeException of a component in this; the cause says what happened.
  private static final String SDK_WRAPPER_MESSAGE = "Unexpected configuration error";
  // Shorter values ("-1", "0") would be found in unrelated numbers of a message.
  private static final int MIN_QUOTED_VALUE = 3;

  private BadSettingRecovery() {}

  /**
   * @param built what the last attempt built, null when none succeeded
   * @param problems the settings to report, each once: refused while reading, or hidden
   * @param failure why the last attempt failed, null when it succeeded
   */
  record Outcome<T>(T built, List<SettingProblem> problems, RuntimeException failure) {}

  /** A failed attempt: why, how far it read, and what it suggests hiding. */
  private record Failure(String why, int reads, Deque<String> suspects) {}

  static <T> Outcome<T> build(
      ConfigProperties settings, Map<String, String> agentDefaults, Function<TolerantConfigProperties, T> attempt) {
    Map<String, String> hidden = new LinkedHashMap<>(); // key -> why the SDK refused it
    Failure fixing = null; // the failure the current guess is meant to fix
    String guess = null;
    RuntimeException last = null;
    TolerantConfigProperties config = null;
    for (int i = 0; i < MAX_ATTEMPTS; i++) {
      Map<String, String> hiding = new LinkedHashMap<>(hidden);
      if (guess != null) {
        hiding.put(guess, fixing.why());
      }
      config = new TolerantConfigProperties(settings, agentDefaults, hiding.keySet());
      try {
        return new Outcome<>(attempt.apply(config), problems(config, hiding), null);
      } catch (RuntimeException e) {
        last = e;
        String why = reason(e);
        Failure failure = new Failure(why, config.readCount(), suspects(config, why));
        if (fixing == null || fixedBy(failure, fixing, config)) {
          if (guess != null) {
            hidden.put(guess, fixing.why());
          }
          fixing = failure;
        }
        guess = fixing.suspects().poll();
        if (guess == null) {
          break;
        }
      }
    }
    return new Outcome<>(null, problems(config, hidden), last);
  }

  /** Whether the guess removed the failure it was meant to fix, rather than causing the new one. */
  private static boolean fixedBy(Failure now, Failure before, TolerantConfigProperties config) {
    if (now.why().equals(before.why())) {
      return false;
    }
    return now.reads() > before.reads() || config.userSetKeysLatestFirst().stream().anyMatch(key -> names(now.why(), key, config));
  }

  /** Keys the failure names, then keys whose value it quotes, then the user's keys from the last read back. */
  private static Deque<String> suspects(TolerantConfigProperties config, String failure) {
    List<String> keys = config.userSetKeysLatestFirst();
    Deque<String> suspects = new ArrayDeque<>();
    String text = failure.toLowerCase(Locale.ROOT);
    keys.stream().filter(key -> namesKey(text, key)).forEach(suspects::add);
    keys.stream().filter(key -> !suspects.contains(key) && quotesValue(failure, config.userValue(key))).forEach(suspects::add);
    keys.stream().filter(key -> !suspects.contains(key)).forEach(suspects::add);
    return suspects;
  }

  private static boolean names(String failure, String key, TolerantConfigProperties config) {
    return namesKey(failure.toLowerCase(Locale.ROOT), key) || quotesValue(failure, config.userValue(key));
  }

  private static boolean namesKey(String lowerCaseText, String key) {
    return containsWord(lowerCaseText, key) || containsWord(lowerCaseText, AgentConfig.envName(key).toLowerCase(Locale.ROOT));
  }

  private static boolean quotesValue(String text, String value) {
    return value != null && value.trim().length() >= MIN_QUOTED_VALUE && containsWord(text, value.trim());
  }

  private static boolean containsWord(String text, String word) {
    for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      int end = at + word.length();
      boolean wholeWord = end == text.length() || !isKeyChar(text.charAt(end));
      if (wholeWord && (at == 0 || !isKeyChar(text.charAt(at - 1)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isKeyChar(char c) {
    return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-';
  }

  /** The messages of the failure and its causes, without the SDK's generic wrapper. */
  static String reason(Throwable failure) {
    StringJoiner reason = new StringJoiner(": ");
    Throwable last = failure;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      last = t;
      if (t.getMessage() != null && !t.getMessage().equals(SDK_WRAPPER_MESSAGE)) {
        reason.add(t.getMessage());
      }
    }
    return reason.length() == 0 ? last.getClass().getSimpleName() : reason.toString();
  }

  private static List<SettingProblem> problems(TolerantConfigProperties config, Map<String, String> hidden) {
    List<SettingProblem> problems = config.problems();
    hidden.forEach((key, why) -> {
      String value = config.userValue(key);
      problems.add(new SettingProblem(key, value, explain(key, value, why), config.outcomeOfHiding(key)));
    });
    return problems;
  }

  /**
   * The SDK's reason, printed with the same redaction as the value: it may quote the value. Header
   * values are credentials and the SDK may quote just a part of one, so for them only what is expected.
   */
  private static String explain(String key, String value, String why) {
    if (Redaction.isHeaders(key)) {
      return "expected key=value pairs separated by commas, values URL-encoded";
    }
    String reason = value == null || value.isEmpty() ? why : why.replace(value, Redaction.setting(key, value));
    return Redaction.text(reason.endsWith(".") ? reason.substring(0, reason.length() - 1) : reason);
  }
}
