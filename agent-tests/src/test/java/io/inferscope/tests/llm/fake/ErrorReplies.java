package io.inferscope.tests.llm.fake;

/**
 * Error answers in the shape each API family uses, so that SDKs map them to their own exception
 * types (openai-java's RateLimitException, Anthropic's rate_limit_error, ...).
 */
final class ErrorReplies {
  private ErrorReplies() {}

  /** The API families whose error bodies differ. */
  enum Family {
    OPENAI,
    ANTHROPIC,
    OLLAMA,
    GEMINI
  }

  /** The answer to an error behaviour ({@code error-429} and the like). */
  static Reply forBehaviour(Family family, Behaviour behaviour) {
    int status = behaviour.errorStatus();
    String message =
        switch (status) {
          case 429 -> FakeAnswer.RATE_LIMIT_MESSAGE;
          case 500 -> FakeAnswer.SERVER_ERROR_MESSAGE;
          case 503 -> FakeAnswer.OVERLOADED_MESSAGE;
          default -> FakeAnswer.INVALID_REQUEST_MESSAGE;
        };
    Reply reply = error(family, status, message);
    if (status != 400) {
      // SDKs retry these; a zero wait keeps their retries from slowing the tests down. The Stainless
      // SDKs (openai-java, Anthropic's) read retry-after-ms before Retry-After.
      reply.header("retry-after-ms", "0");
      if (status != 503) {
        // Not on 503: OkHttp itself silently resends a request once on "503 + Retry-After: 0",
        // which would double the requests an SDK is seen to make.
        reply.header("Retry-After", "0");
      }
    }
    return reply;
  }

  static Reply error(Family family, int status, String message) {
    Object body =
        switch (family) {
          case OPENAI -> Json.obj("error", Json.obj(
              "message", message, "type", openAiType(status), "param", null, "code", openAiCode(status)));
          case ANTHROPIC ->
              Json.obj("type", "error", "error", Json.obj("type", anthropicType(status), "message", message));
          case OLLAMA -> Json.obj("error", message);
          case GEMINI ->
              Json.obj("error", Json.obj("code", status, "message", message, "status", geminiStatus(status)));
        };
    return Reply.json(status, body);
  }

  private static String openAiType(int status) {
    return switch (status) {
      case 429 -> "rate_limit_exceeded";
      case 500, 503 -> "server_error";
      default -> "invalid_request_error";
    };
  }

  private static String openAiCode(int status) {
    return switch (status) {
      case 429 -> "rate_limit_exceeded";
      case 404 -> "unknown_url";
      case 500 -> "server_error";
      case 503 -> "service_unavailable";
      default -> null;
    };
  }

  private static String anthropicType(int status) {
    return switch (status) {
      case 429 -> "rate_limit_error";
      case 404 -> "not_found_error";
      case 500 -> "api_error";
      case 503 -> "overloaded_error";
      default -> "invalid_request_error";
    };
  }

  private static String geminiStatus(int status) {
    return switch (status) {
      case 429 -> "RESOURCE_EXHAUSTED";
      case 404 -> "NOT_FOUND";
      case 500 -> "INTERNAL";
      case 503 -> "UNAVAILABLE";
      default -> "INVALID_ARGUMENT";
    };
  }
}
