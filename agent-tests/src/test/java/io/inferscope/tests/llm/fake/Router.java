package io.inferscope.tests.llm.fake;

import io.inferscope.tests.llm.fake.ErrorReplies.Family;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a request to its wire format and answer. Paths match on their end, so any prefix before
 * {@code /v1} (a proxy path, Azure's {@code /openai/v1}) routes the same. The order matters: Azure
 * deployments, Gemini and Ollama paths also end in names the generic OpenAI pattern would take.
 */
final class Router {
  private Router() {}

  private static final Pattern AZURE =
      Pattern.compile(".*/openai/deployments/([^/]+)/(chat/completions|completions|embeddings|responses)");
  private static final Pattern GEMINI =
      Pattern.compile(".*/models/([^/:]+):(generateContent|streamGenerateContent|batchEmbedContents|predict)");
  private static final Pattern OLLAMA = Pattern.compile(".*/api/(chat|generate|embed|embeddings)");
  private static final Pattern ANTHROPIC = Pattern.compile(".*/v1/messages");
  // Reluctant prefix: "/v1/chat/completions" must be chat, not "/v1/chat" + legacy "completions".
  private static final Pattern OPENAI = Pattern.compile(".*?/(chat/completions|completions|embeddings|responses)");

  /** The answer to a request; never throws, a request it cannot serve gets an error answer. */
  static Reply route(RecordedRequest request) {
    return route(request, null);
  }

  /** As {@link #route(RecordedRequest)}, answering as {@code forced} whatever the model asks for, unless null. */
  static Reply route(RecordedRequest request, Behaviour forced) {
    String path = request.path();
    Matcher m;
    if ((m = AZURE.matcher(path)).matches()) {
      return dispatch(request, Family.OPENAI, m.group(1), openAi(m.group(2)), forced);
    }
    if ((m = GEMINI.matcher(path)).matches()) {
      Function<Call, Reply> endpoint =
          switch (m.group(2)) {
            case "streamGenerateContent" -> GeminiFormat::streamGenerate;
            case "batchEmbedContents" -> GeminiFormat::batchEmbed;
            case "predict" -> GeminiFormat::predictEmbeddings;
            default -> GeminiFormat::generate;
          };
      return dispatch(request, Family.GEMINI, m.group(1), endpoint, forced);
    }
    if ((m = OLLAMA.matcher(path)).matches()) {
      Function<Call, Reply> endpoint =
          switch (m.group(1)) {
            case "chat" -> OllamaFormat::chat;
            case "generate" -> OllamaFormat::generate;
            case "embed" -> OllamaFormat::embed;
            default -> OllamaFormat::legacyEmbeddings;
          };
      return dispatch(request, Family.OLLAMA, null, endpoint, forced);
    }
    if (ANTHROPIC.matcher(path).matches()) {
      return dispatch(request, Family.ANTHROPIC, null, AnthropicFormat::messages, forced);
    }
    if ((m = OPENAI.matcher(path)).matches()) {
      return dispatch(request, Family.OPENAI, null, openAi(m.group(1)), forced);
    }
    return ErrorReplies.error(Family.OPENAI, 404, "Unknown path: " + request.method() + " " + path);
  }

  private static Function<Call, Reply> openAi(String endpoint) {
    return switch (endpoint) {
      case "chat/completions" -> OpenAiFormat::chat;
      case "completions" -> OpenAiFormat::completion;
      case "embeddings" -> OpenAiFormat::embeddings;
      default -> OpenAiResponsesFormat::respond;
    };
  }

  /**
   * Parses the body, picks the model (the path's, else the body's {@code model}) and the behaviour
   * it selects, then either answers the error/malformed behaviours here, the same for every
   * endpoint of a family, or lets the endpoint build the correct answer and marks how to deliver it.
   */
  private static Reply dispatch(
      RecordedRequest request, Family family, String pathModel, Function<Call, Reply> endpoint, Behaviour forced) {
    if (!request.method().equals("POST")) {
      return ErrorReplies.error(family, 405, "Method not allowed: " + request.method());
    }
    Map<String, Object> body;
    String text;
    try {
      text = request.bodyText();
    } catch (java.io.UncheckedIOException e) {
      return ErrorReplies.error(family, 400, "The request body is not valid gzip.");
    }
    if (text.isBlank()) {
      body = Map.of();
    } else {
      try {
        Object parsed = Json.parse(text);
        if (!(parsed instanceof Map)) {
          return ErrorReplies.error(family, 400, "The request body must be a JSON object.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) parsed;
        body = map;
      } catch (IllegalArgumentException e) {
        return ErrorReplies.error(family, 400, "The request body is not valid JSON: " + e.getMessage());
      }
    }
    String model = pathModel != null ? pathModel : body.get("model") instanceof String s ? s : "";
    Behaviour behaviour = forced != null ? forced : Behaviour.forModel(model);
    if (behaviour.errorStatus() != 0) {
      return ErrorReplies.forBehaviour(family, behaviour);
    }
    if (behaviour == Behaviour.MALFORMED) {
      return Reply.raw(200, Reply.JSON, Reply.utf8(FakeAnswer.MALFORMED_BODY));
    }
    return endpoint.apply(new Call(request, body, model, behaviour)).deliveredAs(behaviour);
  }
}
