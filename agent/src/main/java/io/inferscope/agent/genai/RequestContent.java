package io.inferscope.agent.genai;

import io.inferscope.agent.genai.json.JsonScanner;
import io.inferscope.agent.genai.json.JsonSchema;
import io.inferscope.agent.genai.json.JsonSink;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a request body's input ({@code gen_ai.input.messages}) or system instructions
 * ({@code gen_ai.system_instructions}) for opt-in content capture, in one scan of the body: each
 * message is staged (role, type and text parts may come in any order) and written when it ends.
 * Only text parts are kept; every text is cut at the caller's length as it is read.
 */
final class RequestContent implements JsonSink {
  private static final int MESSAGE = 0;
  private static final int ROLE = 1;
  private static final int TYPE = 2;
  private static final int CONTENT = 3;
  private static final int CONTENT_ITEM = 4;
  private static final int CONTENT_TEXT = 5;
  /** A string or list of strings that is one user message (prompt, embeddings input); PROMPT is its fallback. */
  private static final int USER = 6;
  private static final int USER_ITEM = 7;
  private static final int USER_TEXT = 8;
  private static final int PROMPT = 9;
  private static final int PROMPT_ITEM = 10;
  private static final int PROMPT_TEXT = 11;
  /** Instructions given apart from the messages: a string, a list of parts, or Gemini's {parts: [...]}. */
  private static final int SYSTEM = 12;
  private static final int SYSTEM_ITEM = 13;
  private static final int SYSTEM_TEXT = 14;
  /** The Responses API's input when it is a plain string: one user message. */
  private static final int INPUT_STRING = 15;

  private static final int SHORT = LlmRequest.MAX_SHORT_STRING;
  private static final int TEXT = JsonSchema.TEXT;

  private final JsonWriter writer;
  // The message being read.
  private String role;
  private String type;
  private boolean hasContent;
  private final List<String> parts = new ArrayList<>();
  // User texts by source (USER, then PROMPT as fallback): null when the body had none.
  private List<String> userTexts;
  private List<String> promptTexts;
  private final List<String> systemParts = new ArrayList<>();

  private RequestContent(int maxLength) {
    this.writer = new JsonWriter(maxLength);
  }

  /** The rendered JSON, or null when the body holds no such content (or does not parse). */
  static String render(JsonSchema schema, byte[] body, int length, int maxLength) {
    if (schema == null) {
      return null;
    }
    try {
      RequestContent content = new RequestContent(maxLength);
      if (!LlmRequest.scan(body, length, new JsonScanner(schema, content, false, Math.max(0, maxLength)))) {
        return null;
      }
      return content.finish();
    } catch (RuntimeException e) {
      return null;
    }
  }

  // The shapes input and instructions come in; each WireFormat names its own.

  /** Messages shaped {role, <contentKey>: string | [parts]} under {@code list} (element paths) . */
  private static JsonSchema.Builder messages(JsonSchema.Builder schema, String message, String contentKey) {
    return schema.field(message, MESSAGE).field(message + ".role", ROLE, SHORT).field(message + ".type", TYPE, SHORT)
        .field(message + "." + contentKey, CONTENT, TEXT)
        .field(message + "." + contentKey + "[]", CONTENT_ITEM, TEXT)
        .field(message + "." + contentKey + "[].text", CONTENT_TEXT, TEXT);
  }

  /** A string, or a list of strings and {text: ...} parts. */
  private static JsonSchema.Builder texts(JsonSchema.Builder schema, String path, int tag) {
    return schema.field(path, tag, TEXT).field(path + "[]", tag + 1, TEXT).field(path + "[].text", tag + 2, TEXT);
  }

  static final JsonSchema MESSAGES = messages(JsonSchema.builder(), "messages[]", "content").build();
  static final JsonSchema RESPONSES_INPUT =
      messages(JsonSchema.builder(), "input[]", "content").field("input", INPUT_STRING, TEXT).build();
  static final JsonSchema GEMINI_CONTENTS =
      messages(messages(JsonSchema.builder(), "contents[]", "parts"), "contents", "parts").build();
  /** Gemini's batch ({@code requests[].content}) and single ({@code content}) embeddings, Vertex AI's {@code instances[].content}. */
  static final JsonSchema GEMINI_EMBED_INPUT = messages(messages(messages(JsonSchema.builder(),
      "requests[].content", "parts"), "content", "parts"), "instances[]", "content").build();
  static final JsonSchema EMBEDDINGS_INPUT = texts(JsonSchema.builder(), "input", USER).build();
  static final JsonSchema OLLAMA_EMBED_INPUT = texts(texts(JsonSchema.builder(), "input", USER), "prompt", PROMPT).build();
  static final JsonSchema PROMPT_INPUT = texts(JsonSchema.builder(), "prompt", USER).build();
  /** Amazon Titan text's prompt. */
  static final JsonSchema TITAN_INPUT = texts(JsonSchema.builder(), "inputText", USER).build();
  static final JsonSchema SYSTEM_FIELD = texts(JsonSchema.builder(), "system", SYSTEM).build();
  static final JsonSchema INSTRUCTIONS = texts(JsonSchema.builder(), "instructions", SYSTEM).build();
  static final JsonSchema GEMINI_SYSTEM = texts(texts(texts(texts(JsonSchema.builder(),
      "systemInstruction", SYSTEM), "system_instruction", SYSTEM), "systemInstruction.parts", SYSTEM), "system_instruction.parts", SYSTEM)
      .build();

  @Override
  public void begin(int tag, boolean array, long index) {
    switch (tag) {
      case MESSAGE -> {
        role = null;
        type = null;
        hasContent = false;
        parts.clear();
      }
      case CONTENT -> hasContent = true;
      case USER -> userTexts = new ArrayList<>();
      case PROMPT -> promptTexts = new ArrayList<>();
      default -> { }
    }
  }

  @Override
  public void end(int tag, boolean array, long size, long index) {
    if (tag != MESSAGE || array) {
      return;
    }
    // Responses items such as function_call or reasoning are not messages.
    boolean message = role != null || (hasContent && (type == null || type.equals("message")));
    if (message) {
      writer.beginMessage("model".equals(role) ? "assistant" : role == null ? "user" : role);
      parts.forEach(writer::textPart);
      writer.endMessage(null);
    }
  }

  @Override
  public void string(int tag, CharSequence text, long length) {
    switch (tag) {
      case ROLE -> role = text.toString();
      case TYPE -> type = text.toString();
      case CONTENT -> {
        hasContent = true;
        parts.add(text.toString());
      }
      case CONTENT_ITEM, CONTENT_TEXT -> parts.add(text.toString());
      case USER, INPUT_STRING -> userTexts = new ArrayList<>(List.of(text.toString()));
      case USER_ITEM, USER_TEXT -> add(userTexts, text);
      case PROMPT -> promptTexts = new ArrayList<>(List.of(text.toString()));
      case PROMPT_ITEM, PROMPT_TEXT -> add(promptTexts, text);
      case SYSTEM, SYSTEM_ITEM, SYSTEM_TEXT -> systemParts.add(text.toString());
      default -> { }
    }
  }

  private static void add(List<String> texts, CharSequence text) {
    if (texts != null) {
      texts.add(text.toString());
    }
  }

  @Override
  public void integer(int tag, long value) {
    hasContent |= tag == CONTENT;
  }

  @Override
  public void decimal(int tag, double value) {
    hasContent |= tag == CONTENT;
  }

  @Override
  public void bool(int tag, boolean value) {
    hasContent |= tag == CONTENT;
  }

  private String finish() {
    List<String> user = userTexts != null ? userTexts : promptTexts;
    if (user != null) {
      // prompt / input: a string or a list of strings, as one user message (token arrays are skipped)
      writer.beginMessage("user");
      user.forEach(writer::textPart);
      writer.endMessage(null);
    }
    systemParts.forEach(writer::textPart);
    return writer.isEmpty() ? null : writer.toJson();
  }
}
