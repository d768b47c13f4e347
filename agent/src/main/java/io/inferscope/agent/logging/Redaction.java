package io.inferscope.agent.logging;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What of a setting may be printed. Header values, URL user info and query strings carry credentials
 * (OTEL_EXPORTER_OTLP_HEADERS=Authorization=..., http://user:token@host, ?api_key=...), and the agent's
 * output ends up in the application's log files, so they are never printed, in any mode: every place
 * that prints a setting or a destination goes through {@link #setting} or {@link #text}, and the stderr
 * logger passes every line through {@link #text} as the last line of defence, which also covers what
 * the SDK and exceptions say in their own words.
 */
public final class Redaction {
  public static final String MASK = "***";

  /** scheme://user:password@ → scheme://***@ (greedy to the last '@' of the authority: passwords may hold '@'). */
  private static final Pattern USER_INFO = Pattern.compile("(\\b[A-Za-z][A-Za-z0-9+.-]*://)[^/?#\\s]*@");
  /** The query of a URL, up to whitespace or a quote, so no part of a token survives. */
  private static final Pattern QUERY = Pattern.compile("(\\b[A-Za-z][A-Za-z0-9+.-]*://[^\\s?#'\"<>]*)\\?[^\\s#'\"<>]*");
  /** An HTTP header name (RFC 9110 token): anything else before '=' may be part of the value. */
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  /**
   * Shorter configured values are not masked inside free text: masking "gzip" or "1" everywhere would
   * garble unrelated lines, and a credential is longer. They are still never printed as a setting.
   */
  static final int MIN_SECRET_LENGTH = 6;

  private Redaction() {}

  /** A setting's value as it may be printed: header values masked, URLs without user info and query. */
  public static String setting(String key, String value) {
    if (value == null) {
      return null;
    }
    return isHeaders(key) ? headers(value) : text(value);
  }

  /** Any text (a log line, a destination, an exception message) with credentials masked. */
  public static String text(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String masked = text;
    for (String secret : Configured.SECRETS) {
      if (masked.contains(secret)) {
        masked = masked.replace(secret, MASK);
      }
    }
    masked = USER_INFO.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
    return QUERY.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "?" + MASK));
  }

  /** {@code Authorization=Bearer x,bad entry} → {@code Authorization=***,***}: names stay readable, values never. */
  static String headers(String value) {
    StringJoiner out = new StringJoiner(",");
    for (String entry : value.split(",", -1)) {
      int eq = entry.indexOf('=');
      String name = eq < 0 ? "" : entry.substring(0, eq).trim();
      out.add(HEADER_NAME.matcher(name).matches() ? name + "=" + MASK : MASK);
    }
    return out.toString();
  }

  /** Whether the setting holds HTTP headers, whose values are credentials. */
  public static boolean isHeaders(String key) {
    return normalize(key).endsWith("headers");
  }

  /**
   * The credentials in these settings, to be masked wherever they appear: header values (raw and
   * URL-decoded, and each word of an entry that has no '='), and the user info and query of URLs,
   * also when the URL is too malformed for the pattern above (no scheme).
   */
  static Set<String> secretsIn(Map<String, String> settings) {
    Set<String> secrets = new LinkedHashSet<>();
    settings.forEach((key, value) -> {
      if (value == null || value.isBlank()) {
        return;
      }
      if (isHeaders(key)) {
        addHeaderSecrets(value, secrets);
      }
      addUrlSecrets(value, secrets);
    });
    secrets.removeIf(s -> s.length() < MIN_SECRET_LENGTH);
    return secrets;
  }

  private static void addHeaderSecrets(String value, Set<String> secrets) {
    secrets.add(value.trim());
    for (String entry : value.split(",")) {
      int eq = entry.indexOf('=');
      if (eq >= 0) {
        String secret = entry.substring(eq + 1).trim();
        secrets.add(secret);
        secrets.add(decoded(secret));
        continue;
      }
      // "Authorization Bearer sk-..." (no '='): the first word may name the header, any other may be the credential.
      secrets.add(entry.trim());
      String[] words = entry.trim().split("\\s+");
      for (int i = 1; i < words.length; i++) {
        secrets.add(words[i]);
      }
    }
  }

  private static void addUrlSecrets(String value, Set<String> secrets) {
    String url = value.trim();
    int scheme = url.indexOf("://");
    int authorityStart = scheme < 0 ? 0 : scheme + 3;
    int authorityEnd = indexOfAny(url, "/?#", authorityStart);
    int at = url.lastIndexOf('@', authorityEnd - 1);
    if (at >= authorityStart) {
      secrets.add(url.substring(authorityStart, at));
    }
    int query = url.indexOf('?');
    if (query >= 0) {
      int fragment = url.indexOf('#', query);
      secrets.add(url.substring(query + 1, fragment < 0 ? url.length() : fragment));
    }
  }

  private static int indexOfAny(String text, String chars, int from) {
    for (int i = from; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }

  private static String decoded(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return value;
    }
  }

  /** OTEL_EXPORTER_OTLP_HEADERS and otel.exporter.otlp.headers alike, as the SDK normalizes them. */
  static String normalize(String key) {
    return key.toLowerCase(Locale.ROOT).replace('_', '.').replace('-', '.');
  }

  /**
   * The secrets of this process's own settings (otel.* and inferscope.*, system properties and
   * environment), read once on first use: they do not change while the agent runs.
   */
  private static final class Configured {
    static final List<String> SECRETS = longestFirst(secretsIn(settings()));

    private static Map<String, String> settings() {
      Map<String, String> settings = new HashMap<>();
      try {
        System.getenv().forEach((name, value) -> keep(name, value, settings));
        System.getProperties().forEach((name, value) -> keep(String.valueOf(name), String.valueOf(value), settings));
      } catch (RuntimeException e) {
        // Unreadable (a security manager): nothing to mask beyond the URL patterns, and logging must still work.
      }
      return settings;
    }

    private static void keep(String name, String value, Map<String, String> settings) {
      String key = normalize(name);
      if (key.startsWith("otel.") || key.startsWith("inferscope.")) {
        settings.put(name, value);
      }
    }

    // A secret that contains another must be replaced first, or its remainder would be printed.
    private static List<String> longestFirst(Set<String> secrets) {
      List<String> sorted = new ArrayList<>(secrets);
      sorted.sort(Comparator.comparingInt(String::length).reversed());
      return List.copyOf(sorted);
    }
  }
}
