package io.inferscope.agent.ml.remote;

import io.inferscope.agent.ml.MlAttributes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What an HTTP request is, as a remote prediction: the protocol the model server speaks, and the model
 * (and version) the path names. Recognised from the method and the path alone, so that any other
 * request costs one look at its path:
 *
 * <ul>
 *   <li>the Open Inference Protocol (KServe v2, spoken by Triton, KServe, Seldon MLServer, OpenVINO Model
 *       Server, TorchServe): {@code POST .../v2/models/{model}[/versions/{version}]/infer};
 *   <li>TensorFlow Serving REST: {@code POST .../v1/models/{model}[/versions/{version}|/labels/{label}]:predict}
 *       (also {@code :classify} and {@code :regress}).
 * </ul>
 *
 * Anything before {@code /v2} or {@code /v1} is allowed (a gateway's route prefix). Each path segment is
 * percent-decoded on its own, so an encoded {@code /} stays inside the model name. The query is never
 * read (it may carry secrets); one left inside {@code path} is cut off.
 *
 * @param version the version the path names, or null (a TF Serving label is not a version: null too)
 */
public record ModelServerEndpoint(Protocol protocol, String model, String version) {

  /** The wire format, and the {@code ml.framework} value of its calls. */
  public enum Protocol {
    /**
     * {@code kserve}: the Open Inference Protocol. Triton answers as KServe does (nothing the hooks see
     * of an answer, status, content type or JSON fields, tells them apart), so the protocol, not the
     * product, names the framework.
     */
    KSERVE_V2("kserve"),
    TF_SERVING("tfserving");

    private final String framework;

    Protocol(String framework) {
      this.framework = framework;
    }

    public String framework() {
      return framework;
    }
  }

  static final int MAX_VERSION_LENGTH = 64;

  /** Null when the request is no prediction of either protocol (or on any unexpected input). */
  public static ModelServerEndpoint classify(String method, String path) {
    try {
      if (method == null || !"POST".equalsIgnoreCase(method.trim()) || path == null) {
        return null;
      }
      int cut = indexOfAny(path, '?', '#');
      int end = cut >= 0 ? cut : path.length();
      // Every other request of the application costs this much: a few comparisons, no allocation.
      if (!endsWith(path, end, "/infer") && !endsWith(path, end, "predict") && !endsWith(path, end, "classify")
          && !endsWith(path, end, "regress")) {
        return null;
      }
      String[] segments = path.substring(0, end).split("/", -1);
      return segments[segments.length - 1].equals("infer") ? kserve(segments) : tfServing(segments);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** {@code v2/models/{m}/infer} or {@code v2/models/{m}/versions/{v}/infer}, at the end of the path. */
  private static ModelServerEndpoint kserve(String[] s) {
    int n = s.length;
    if (n >= 5 && s[n - 3].equals("models") && s[n - 4].equals("v2")) {
      return named(Protocol.KSERVE_V2, decode(s[n - 2]), null);
    }
    if (n >= 7 && s[n - 3].equals("versions") && s[n - 5].equals("models") && s[n - 6].equals("v2") && !s[n - 2].isEmpty()) {
      return named(Protocol.KSERVE_V2, decode(s[n - 4]), decode(s[n - 2]));
    }
    return null;
  }

  /** {@code v1/models/{m}:verb}, {@code v1/models/{m}/versions/{v}:verb} or {@code .../labels/{l}:verb}. */
  private static ModelServerEndpoint tfServing(String[] s) {
    int n = s.length;
    String last = decode(s[n - 1]); // the colon may be sent encoded (%3A)
    int colon = last.lastIndexOf(':');
    if (colon < 0 || !isVerb(last.substring(colon + 1))) {
      return null;
    }
    String head = last.substring(0, colon);
    if (n >= 4 && s[n - 2].equals("models") && s[n - 3].equals("v1")) {
      return named(Protocol.TF_SERVING, head, null);
    }
    if (n >= 6 && s[n - 4].equals("models") && s[n - 5].equals("v1") && !head.isEmpty()) {
      if (s[n - 2].equals("versions")) {
        return named(Protocol.TF_SERVING, decode(s[n - 3]), head);
      }
      if (s[n - 2].equals("labels")) {
        return named(Protocol.TF_SERVING, decode(s[n - 3]), null);
      }
    }
    return null;
  }

  private static boolean isVerb(String verb) {
    return verb.equals("predict") || verb.equals("classify") || verb.equals("regress");
  }

  /** From the decoded model name (and version). */
  private static ModelServerEndpoint named(Protocol protocol, String model, String version) {
    if (model.isEmpty()) {
      return null;
    }
    return new ModelServerEndpoint(protocol, cap(model, MlAttributes.MAX_ITEM_LENGTH), version == null ? null : cap(version, MAX_VERSION_LENGTH));
  }

  static String cap(String value, int max) {
    if (value.length() <= max) {
      return value;
    }
    int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
    return value.substring(0, end);
  }

  /**
   * Percent-decodes one path segment ({@code +} stays a plus; escaped bytes are read as UTF-8); a
   * malformed escape leaves the segment as sent.
   */
  static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    StringBuilder out = new StringBuilder(segment.length());
    ByteArrayOutputStream run = new ByteArrayOutputStream();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      run.reset();
      while (i < segment.length() && segment.charAt(i) == '%') {
        int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
        int lo = hi < 0 ? -1 : Character.digit(segment.charAt(i + 2), 16);
        if (lo < 0) {
          return segment;
        }
        run.write(hi << 4 | lo);
        i += 3;
      }
      out.append(run.toString(StandardCharsets.UTF_8));
      i--; // the loop's own step
    }
    return out.toString();
  }

  private static boolean endsWith(String path, int end, String suffix) {
    return end >= suffix.length() && path.startsWith(suffix, end - suffix.length());
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }
}
