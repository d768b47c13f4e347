package io.inferscope.agent.genai;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What an HTTP request is, as an LLM call: the provider ({@code gen_ai.provider.name}), the operation
 * ({@code gen_ai.operation.name}), the wire format, and what the path says about the model.
 *
 * <p>Nothing derived from the query string is ever returned: it may carry API keys ({@code ?key=}).
 * A query left inside {@code path} by a caller is cut off too.
 *
 * @param modelFromPath the Azure deployment or the Gemini/Vertex model named in the path, else null
 * @param streamFromPath true for Gemini {@code :streamGenerateContent}
 */
public record LlmEndpoint(String provider, String operation, WireFormat api, String modelFromPath, boolean streamFromPath) {
  public static final String CHAT = "chat";
  public static final String TEXT_COMPLETION = "text_completion";
  public static final String EMBEDDINGS = "embeddings";
  public static final String GENERATE_CONTENT = "generate_content";

  static final int MAX_MODEL_LENGTH = 256;

  /**
   * Classifies a request; null when it is not a recognised LLM call (or on any unexpected input).
   * Each provider family in {@link ProviderWire#ALL} is asked in turn. The port does not change the
   * outcome (the path and host decide), and the query is deliberately never read: both are
   * parameters only so that callers can pass what they have.
   */
  public static LlmEndpoint classify(String method, String host, int port, String path, String query) {
    return classify(method, host, port, path, query, false);
  }

  /** As {@link #classify(String, String, int, String, String)}; {@code inSdkCall}: a client SDK's call is current. */
  public static LlmEndpoint classify(String method, String host, int port, String path, String query, boolean inSdkCall) {
    try {
      if (method == null || !"POST".equalsIgnoreCase(method.trim()) || path == null) {
        return null;
      }
      String p = cleanPath(path);
      String h = cleanHost(host);
      for (ProviderWire wire : ProviderWire.ALL) {
        LlmEndpoint found = wire.match(p, h, inSdkCall);
        if (found != null) {
          return found == ProviderWire.NOT_AN_LLM_CALL ? null : found;
        }
      }
      return null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Path without query, fragment, scheme/authority (absolute-form targets) or trailing slashes. */
  static String cleanPath(String raw) {
    String p = raw;
    int cut = indexOfAny(p, '?', '#');
    if (cut >= 0) {
      p = p.substring(0, cut);
    }
    int scheme = p.indexOf("://");
    if (scheme >= 0 && scheme < p.indexOf('/')) {
      int slash = p.indexOf('/', scheme + 3);
      p = slash < 0 ? "/" : p.substring(slash);
    }
    if (p.indexOf('%') >= 0) {
      p = percentDecode(p);
    }
    int end = p.length();
    while (end > 1 && p.charAt(end - 1) == '/') {
      end--;
    }
    return p.substring(0, end);
  }

  private static String cleanHost(String host) {
    if (host == null) {
      return null;
    }
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      return h; // IPv6 literal: never a known provider
    }
    int colon = h.indexOf(':');
    if (colon >= 0 && colon == h.lastIndexOf(':')) {
      h = h.substring(0, colon);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }

  /** Decodes %XX (UTF-8) sequences; the input is returned unchanged if any sequence is invalid. */
  private static String percentDecode(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    int n = s.length();
    int i = 0;
    while (i < n) {
      int pct = s.indexOf('%', i);
      if (pct < 0) {
        pct = n;
      }
      byte[] plain = s.substring(i, pct).getBytes(StandardCharsets.UTF_8);
      bytes.write(plain, 0, plain.length);
      if (pct == n) {
        break;
      }
      int hi = pct + 2 < n ? Character.digit(s.charAt(pct + 1), 16) : -1;
      int lo = pct + 2 < n ? Character.digit(s.charAt(pct + 2), 16) : -1;
      if (hi < 0 || lo < 0) {
        return s;
      }
      bytes.write(hi << 4 | lo);
      i = pct + 3;
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
