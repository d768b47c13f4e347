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
public record LlmEndpoint(String provider, String operation, Api api, String modelFromPath, boolean streamFromPath) {

  /** The wire format of the request and response bodies. */
  public enum Api {
    OPENAI_CHAT,
    OPENAI_COMPLETIONS,
    OPENAI_EMBEDDINGS,
    OPENAI_RESPONSES,
    ANTHROPIC_MESSAGES,
    OLLAMA_CHAT,
    OLLAMA_GENERATE,
    OLLAMA_EMBED,
    GEMINI_GENERATE
  }

  public static final String CHAT = "chat";
  public static final String TEXT_COMPLETION = "text_completion";
  public static final String EMBEDDINGS = "embeddings";
  public static final String GENERATE_CONTENT = "generate_content";

  static final int MAX_MODEL_LENGTH = 256;

  /**
   * Classifies a request; null when it is not a recognised LLM call (or on any unexpected input).
   * The port does not change the outcome (the path and host decide), and the query is deliberately
   * never read: both are parameters only so that callers can pass what they have.
   */
  public static LlmEndpoint classify(String method, String host, int port, String path, String query) {
    try {
      if (method == null || !"POST".equalsIgnoreCase(method.trim()) || path == null) {
        return null;
      }
      String p = cleanPath(path);
      String h = cleanHost(host);
      LlmEndpoint found = gemini(p);
      if (found == null && p.contains("/openai/deployments/")) {
        return azureDeployment(p); // an Azure deployment path is nothing else, even when malformed
      }
      if (found == null && p.endsWith("/v1/messages")) {
        found = new LlmEndpoint("anthropic", CHAT, Api.ANTHROPIC_MESSAGES, null, false);
      }
      if (found == null) {
        found = ollama(p);
      }
      if (found == null) {
        found = openAiCompatible(p, h);
      }
      return found;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static LlmEndpoint gemini(String p) {
    boolean stream = p.endsWith(":streamGenerateContent");
    if (!stream && !p.endsWith(":generateContent")) {
      return null;
    }
    String resource = p.substring(0, p.lastIndexOf(':'));
    int m = resource.lastIndexOf("/models/");
    if (m < 0) {
      return null;
    }
    String model = resource.substring(m + "/models/".length());
    String prefix = resource.substring(0, m);
    if (model.isEmpty() || model.indexOf('/') >= 0) {
      return null;
    }
    String provider;
    if (prefix.endsWith("/publishers/google")) {
      provider = "gcp.vertex_ai";
    } else if (prefix.endsWith("/v1beta") || prefix.endsWith("/v1") || prefix.endsWith("/v1alpha")) {
      provider = "gcp.gemini";
    } else {
      return null;
    }
    return new LlmEndpoint(provider, GENERATE_CONTENT, Api.GEMINI_GENERATE, JsonWriter.truncate(model, MAX_MODEL_LENGTH), stream);
  }

  private static LlmEndpoint azureDeployment(String p) {
    int d = p.indexOf("/openai/deployments/");
    if (d < 0) {
      return null;
    }
    String rest = p.substring(d + "/openai/deployments/".length());
    int slash = rest.indexOf('/');
    if (slash <= 0) {
      return null;
    }
    String deployment = JsonWriter.truncate(rest.substring(0, slash), MAX_MODEL_LENGTH);
    switch (rest.substring(slash)) {
      case "/chat/completions":
        return new LlmEndpoint("azure.ai.openai", CHAT, Api.OPENAI_CHAT, deployment, false);
      case "/completions":
        return new LlmEndpoint("azure.ai.openai", TEXT_COMPLETION, Api.OPENAI_COMPLETIONS, deployment, false);
      case "/embeddings":
        return new LlmEndpoint("azure.ai.openai", EMBEDDINGS, Api.OPENAI_EMBEDDINGS, deployment, false);
      default:
        return null;
    }
  }

  /** Ollama's native API lives at the root; Open WebUI-style proxies mount it under /ollama. */
  private static LlmEndpoint ollama(String p) {
    String op = p.startsWith("/api/") ? p.substring(4) : p.endsWith("/ollama/api/chat") || p.endsWith("/ollama/api/generate")
        || p.endsWith("/ollama/api/embed") || p.endsWith("/ollama/api/embeddings") ? p.substring(p.lastIndexOf('/')) : null;
    if (op == null) {
      return null;
    }
    switch (op) {
      case "/chat":
        return new LlmEndpoint("ollama", CHAT, Api.OLLAMA_CHAT, null, false);
      case "/generate":
        return new LlmEndpoint("ollama", TEXT_COMPLETION, Api.OLLAMA_GENERATE, null, false);
      case "/embed":
      case "/embeddings":
        return new LlmEndpoint("ollama", EMBEDDINGS, Api.OLLAMA_EMBED, null, false);
      default:
        return null;
    }
  }

  /**
   * OpenAI-compatible paths. On an unknown host the path must look like an OpenAI base URL (the
   * resource right after {@code /v1} or {@code /openai}, with any proxy prefix before), which keeps
   * an application's own {@code /chat/completions} route from being taken for an LLM. Known provider
   * hosts also use bare paths (Perplexity, DeepSeek) or their own prefixes (Gemini's
   * {@code /v1beta/openai}, Vertex's {@code .../endpoints/openapi}).
   */
  private static LlmEndpoint openAiCompatible(String p, String host) {
    String provider = providerForHost(host);
    Api api;
    String operation;
    String suffix;
    if (p.endsWith("/chat/completions")) {
      api = Api.OPENAI_CHAT; operation = CHAT; suffix = "/chat/completions";
    } else if (p.endsWith("/completions")) {
      api = Api.OPENAI_COMPLETIONS; operation = TEXT_COMPLETION; suffix = "/completions";
    } else if (p.endsWith("/embeddings")) {
      api = Api.OPENAI_EMBEDDINGS; operation = EMBEDDINGS; suffix = "/embeddings";
    } else if (p.endsWith("/responses")) {
      api = Api.OPENAI_RESPONSES; operation = CHAT; suffix = "/responses";
    } else {
      return null;
    }
    String prefix = p.substring(0, p.length() - suffix.length());
    if (provider == null && !prefix.endsWith("/v1") && !prefix.endsWith("/openai")) {
      return null;
    }
    // Any other host speaking this protocol (vLLM, llama.cpp, LM Studio, LiteLLM, Ollama's /v1 on
    // :11434) is reported as "openai": the provider name then describes the wire protocol, the only
    // thing we can know from the outside. The server address attributes still tell them apart.
    return new LlmEndpoint(provider == null ? "openai" : provider, operation, api, null, false);
  }

  private static String providerForHost(String h) {
    if (h == null) {
      return null;
    }
    switch (h) {
      case "api.openai.com": return "openai";
      case "api.groq.com": return "groq";
      case "api.deepseek.com": return "deepseek";
      case "api.mistral.ai": return "mistral_ai";
      case "api.x.ai": return "x_ai";
      case "api.perplexity.ai": return "perplexity";
      case "api.anthropic.com": return "anthropic";
      case "generativelanguage.googleapis.com": return "gcp.gemini";
      default:
        if (h.endsWith(".openai.azure.com") || h.endsWith(".cognitiveservices.azure.com")) {
          return "azure.ai.openai";
        }
        if (h.equals("aiplatform.googleapis.com") || h.endsWith("-aiplatform.googleapis.com")) {
          return "gcp.vertex_ai";
        }
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
