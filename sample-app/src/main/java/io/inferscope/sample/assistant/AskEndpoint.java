package io.inferscope.sample.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferscope.sample.http.BadRequestException;
import io.inferscope.sample.http.JsonEndpoint;
import io.inferscope.sample.http.JsonRows;
import java.util.Map;

/**
 * {@code POST /ask} {@code {"question": "...", "client": "openai" | "langchain4j", "stream": false}}
 * → {@code {"client": ..., "stream": ..., "answer": "..."}}. Streaming is offered through openai-java.
 */
public final class AskEndpoint extends JsonEndpoint {
  private static final int MAX_QUESTION_LENGTH = 4_000;
  private static final int MAX_BODY_BYTES = 64 * 1024;

  private final Assistant assistant;

  public AskEndpoint(Assistant assistant) {
    super(MAX_BODY_BYTES);
    this.assistant = assistant;
  }

  @Override
  protected Object handle(JsonNode request) {
    String question = JsonRows.text(request, "question", MAX_QUESTION_LENGTH);
    String client = request.path("client").asText("openai");
    boolean stream = request.path("stream").asBoolean(false);
    String answer = switch (client) {
      case "openai" -> stream ? assistant.chatStreamed(question) : assistant.chat(question);
      case "langchain4j" -> {
        if (stream) {
          throw new BadRequestException("streaming is offered with \"client\": \"openai\" only");
        }
        yield assistant.chatWithLangChain4j(question);
      }
      default -> throw new BadRequestException("unknown client '" + client + "'; use \"openai\" or \"langchain4j\"");
    };
    return Map.of("client", client, "stream", stream, "answer", answer);
  }
}
