package io.inferscope.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LlmRequestTest {
  private static final LlmEndpoint OPENAI_CHAT = new LlmEndpoint("openai", "chat", OpenAiWire.CHAT, null, false);

  private static LlmRequest parse(LlmEndpoint endpoint, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return LlmRequest.parse(endpoint, bytes, bytes.length);
  }

  @Test
  void openAiChatParametersAndMessages() {
    LlmRequest r = parse(OPENAI_CHAT, """
        {
          "model": "gpt-4o-mini",
          "messages": [
            {"role": "system", "content": "You are terse."},
            {"role": "user", "content": [
              {"type": "text", "text": "What's in this image?"},
              {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}
            ]},
            {"role": "assistant", "content": null, "tool_calls": [
              {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{\\"q\\":1}"}}
            ]},
            {"role": "tool", "tool_call_id": "call_1", "content": "42 \\"units\\"\\n"}
          ],
          "temperature": 0.2,
          "top_p": 1,
          "max_completion_tokens": 256,
          "frequency_penalty": -0.5,
          "presence_penalty": 0.25,
          "stop": ["\\n\\n", "END"],
          "seed": 42,
          "n": 2,
          "stream": true,
          "stream_options": {"include_usage": true},
          "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "object"}}}
        }
        """);
    assertFalse(r.malformed());
    assertEquals("gpt-4o-mini", r.model());
    assertEquals(Boolean.TRUE, r.stream());
    assertEquals(Boolean.TRUE, r.includeUsage());
    assertEquals(0.2, r.temperature());
    assertEquals(1.0, r.topP());
    assertNull(r.topK());
    assertEquals(256L, r.maxTokens());
    assertEquals(-0.5, r.frequencyPenalty());
    assertEquals(0.25, r.presencePenalty());
    assertEquals(List.of("\n\n", "END"), r.stopSequences());
    assertEquals(42L, r.seed());
    assertEquals(2L, r.choiceCount());
    assertEquals("json", r.outputType());
    assertNull(r.encodingFormats());
    assertEquals("[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"You are terse.\"}]},"
        + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"What's in this image?\"}]},"
        + "{\"role\":\"assistant\",\"parts\":[]},"
        + "{\"role\":\"tool\",\"parts\":[{\"type\":\"text\",\"content\":\"42 \\\"units\\\"\\n\"}]}]",
        r.inputMessagesJson(1000));
    assertNull(r.systemInstructionsJson(1000), "chat keeps system messages in the input messages");
  }

  @Test
  void eachTextIsCutAtMaxLength() {
    LlmRequest r = parse(OPENAI_CHAT, """
        {"model":"m","messages":[{"role":"user","content":"abcdefgh"},{"role":"user","content":"x😀yz"}]}""");
    assertEquals("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"abc\"}]},"
        + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"x😀\"}]}]", r.inputMessagesJson(3));
    assertTrue(r.inputMessagesJson(2).contains("\"content\":\"x\""), "a surrogate pair is not split");
    assertTrue(r.inputMessagesJson(0).contains("\"content\":\"\""));
  }

  @Test
  void maxTokensVariantsAndStopAsString() {
    LlmRequest legacy = parse(OPENAI_CHAT, "{\"max_tokens\": 100, \"stop\": \"\\n\", \"temperature\": 0, \"response_format\": {\"type\": \"text\"}}");
    assertEquals(100L, legacy.maxTokens());
    assertEquals(List.of("\n"), legacy.stopSequences());
    assertEquals(0.0, legacy.temperature());
    assertEquals("text", legacy.outputType());
    assertNull(legacy.model());
    assertNull(legacy.stream(), "absent stream is unknown, not false");
    assertEquals("json", parse(OPENAI_CHAT, "{\"response_format\": {\"type\": \"json_object\"}}").outputType());
    assertNull(parse(OPENAI_CHAT, "{\"stop\": null, \"n\": null}").stopSequences());
  }

  @Test
  void completionsPromptAndEmbeddingsInput() {
    LlmEndpoint completions = new LlmEndpoint("openai", "text_completion", OpenAiWire.COMPLETIONS, null, false);
    LlmRequest c = parse(completions, """
        {"model": "gpt-3.5-turbo-instruct", "prompt": "Say this is a test", "max_tokens": 7, "temperature": 0, "echo": false}""");
    assertEquals(7L, c.maxTokens());
    assertEquals("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Say this is a test\"}]}]", c.inputMessagesJson(100));
    assertEquals("[{\"role\":\"user\",\"parts\":[]}]", parse(completions, "{\"prompt\": [[1, 2, 3]]}").inputMessagesJson(100),
        "token-id prompts carry no text");

    LlmEndpoint embeddings = new LlmEndpoint("openai", "embeddings", OpenAiWire.EMBEDDINGS, null, false);
    LlmRequest e = parse(embeddings, """
        {"model": "text-embedding-3-small", "input": ["first text", "second"], "encoding_format": "base64", "dimensions": 256}""");
    assertEquals(List.of("base64"), e.encodingFormats());
    assertEquals("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"first text\"},{\"type\":\"text\",\"content\":\"second\"}]}]",
        e.inputMessagesJson(100));
  }

  @Test
  void responsesApi() {
    LlmEndpoint responses = new LlmEndpoint("openai", "chat", OpenAiWire.RESPONSES, null, false);
    LlmRequest r = parse(responses, """
        {
          "model": "gpt-4.1",
          "instructions": "Talk like a pirate.",
          "input": [
            {"role": "user", "content": [{"type": "input_text", "text": "Are semicolons optional in JavaScript?"}]},
            {"type": "reasoning", "id": "rs_1", "summary": [], "content": [{"type": "reasoning_text", "text": "hidden"}]},
            {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "c1", "output": "{}"},
            {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Arr"}]}
          ],
          "max_output_tokens": 500,
          "text": {"format": {"type": "json_schema", "name": "x", "schema": {}}},
          "stream": true
        }
        """);
    assertEquals(500L, r.maxTokens());
    assertEquals("json", r.outputType());
    assertEquals(Boolean.TRUE, r.stream());
    assertEquals("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Are semicolons optional in JavaScript?\"}]},"
        + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Arr\"}]}]", r.inputMessagesJson(100));
    assertEquals("[{\"type\":\"text\",\"content\":\"Talk like a pirate.\"}]", r.systemInstructionsJson(100));
    assertEquals("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hi\"}]}]",
        parse(responses, "{\"input\": \"hi\"}").inputMessagesJson(100));
  }

  @Test
  void anthropicMessages() {
    LlmEndpoint anthropic = new LlmEndpoint("anthropic", "chat", AnthropicWire.MESSAGES, null, false);
    LlmRequest r = parse(anthropic, """
        {
          "model": "claude-sonnet-4-20250514",
          "max_tokens": 1024,
          "system": [{"type": "text", "text": "You are a pirate.", "cache_control": {"type": "ephemeral"}}],
          "messages": [
            {"role": "user", "content": "Hello, Claude"},
            {"role": "assistant", "content": [{"type": "text", "text": "Ahoy!"}, {"type": "tool_use", "id": "t", "name": "n", "input": {}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": "x"}]}
          ],
          "temperature": 0.7,
          "top_k": 40,
          "top_p": 0.9,
          "stop_sequences": ["Arr", "Yo"],
          "stream": true
        }
        """);
    assertEquals("claude-sonnet-4-20250514", r.model());
    assertEquals(1024L, r.maxTokens());
    assertEquals(40.0, r.topK());
    assertEquals(0.9, r.topP());
    assertEquals(List.of("Arr", "Yo"), r.stopSequences());
    assertEquals(Boolean.TRUE, r.stream());
    assertEquals("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello, Claude\"}]},"
        + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Ahoy!\"}]},"
        + "{\"role\":\"user\",\"parts\":[]}]", r.inputMessagesJson(100));
    assertEquals("[{\"type\":\"text\",\"content\":\"You are a pirate.\"}]", r.systemInstructionsJson(100));
    assertEquals("[{\"type\":\"text\",\"content\":\"Be nice\"}]", parse(anthropic, "{\"system\":\"Be nice\"}").systemInstructionsJson(100));
  }

  @Test
  void ollamaChatStreamsByDefault() {
    LlmEndpoint chat = new LlmEndpoint("ollama", "chat", OllamaWire.CHAT, null, false);
    LlmRequest r = parse(chat, """
        {
          "model": "llama3.2",
          "messages": [{"role": "user", "content": "why is the sky blue?"}],
          "format": {"type": "object", "properties": {"age": {"type": "integer"}}},
          "options": {"temperature": 0.8, "num_predict": 128, "top_k": 20, "top_p": 0.9, "seed": 123, "stop": ["\\n", "user:"],
                      "presence_penalty": 1.5, "frequency_penalty": 1.0}
        }
        """);
    assertEquals(Boolean.TRUE, r.stream(), "Ollama streams when stream is absent");
    assertEquals(0.8, r.temperature());
    assertEquals(128L, r.maxTokens());
    assertEquals(20.0, r.topK());
    assertEquals(123L, r.seed());
    assertEquals(List.of("\n", "user:"), r.stopSequences());
    assertEquals(1.5, r.presencePenalty());
    assertEquals(1.0, r.frequencyPenalty());
    assertEquals("json", r.outputType());
    assertEquals("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"why is the sky blue?\"}]}]", r.inputMessagesJson(100));
  }

  @Test
  void ollamaGenerateAndEmbed() {
    LlmEndpoint generate = new LlmEndpoint("ollama", "text_completion", OllamaWire.GENERATE, null, false);
    LlmRequest g = parse(generate, """
        {"model": "llama3.2", "prompt": "Why is the sky blue?", "system": "Be brief", "stream": false, "format": "json",
         "options": {"num_predict": -1}}""");
    assertEquals(Boolean.FALSE, g.stream());
    assertNull(g.maxTokens(), "-1 means no limit");
    assertEquals("json", g.outputType());
    assertEquals("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Why is the sky blue?\"}]}]", g.inputMessagesJson(100));
    assertEquals("[{\"type\":\"text\",\"content\":\"Be brief\"}]", g.systemInstructionsJson(100));

    LlmEndpoint embed = new LlmEndpoint("ollama", "embeddings", OllamaWire.EMBED, null, false);
    LlmRequest e = parse(embed, "{\"model\": \"all-minilm\", \"input\": [\"a\", \"b\"]}");
    assertNull(e.stream(), "embeddings do not stream");
    assertTrue(e.inputMessagesJson(100).contains("\"content\":\"b\""));
    assertTrue(parse(embed, "{\"model\": \"all-minilm\", \"prompt\": \"legacy\"}").inputMessagesJson(100).contains("legacy"));
  }

  @Test
  void geminiTakesModelAndStreamFromThePath() {
    LlmEndpoint gemini = new LlmEndpoint("gcp.gemini", "generate_content", GeminiWire.GENERATE, "gemini-2.5-flash", true);
    LlmRequest r = parse(gemini, """
        {
          "contents": [
            {"role": "user", "parts": [{"text": "Write a story"}, {"inlineData": {"mimeType": "image/png", "data": "AAAA"}}]},
            {"role": "model", "parts": [{"text": "Once..."}]},
            {"parts": [{"text": "Go on"}]}
          ],
          "systemInstruction": {"parts": [{"text": "You are a cat."}, {"text": "Meow."}]},
          "generationConfig": {"temperature": 1.0, "topP": 0.95, "topK": 64, "maxOutputTokens": 8192,
                               "stopSequences": ["Title"], "candidateCount": 2, "seed": 7, "responseMimeType": "application/json"}
        }
        """);
    assertEquals("gemini-2.5-flash", r.model());
    assertEquals(Boolean.TRUE, r.stream());
    assertEquals(1.0, r.temperature());
    assertEquals(0.95, r.topP());
    assertEquals(64.0, r.topK());
    assertEquals(8192L, r.maxTokens());
    assertEquals(List.of("Title"), r.stopSequences());
    assertEquals(2L, r.choiceCount());
    assertEquals(7L, r.seed());
    assertEquals("json", r.outputType());
    assertEquals("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Write a story\"}]},"
        + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Once...\"}]},"
        + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Go on\"}]}]", r.inputMessagesJson(100));
    assertEquals("[{\"type\":\"text\",\"content\":\"You are a cat.\"},{\"type\":\"text\",\"content\":\"Meow.\"}]", r.systemInstructionsJson(100));
    LlmRequest snake = parse(gemini, "{\"generation_config\": {\"max_output_tokens\": 5, \"top_k\": 3}, \"system_instruction\": {\"parts\": [{\"text\": \"s\"}]}}");
    assertEquals(5L, snake.maxTokens());
    assertEquals(3.0, snake.topK());
    assertEquals("[{\"type\":\"text\",\"content\":\"s\"}]", snake.systemInstructionsJson(10));
  }

  @Test
  void azureDeploymentIsTheModelWhenTheBodyHasNone() {
    LlmEndpoint azure = new LlmEndpoint("azure.ai.openai", "chat", OpenAiWire.CHAT, "gpt-4o-prod", false);
    assertEquals("gpt-4o-prod", parse(azure, "{\"messages\": []}").model());
    assertEquals("gpt-4o", parse(azure, "{\"model\": \"gpt-4o\"}").model(), "the body wins when present");
  }

  @Test
  void missingOrMalformedBodiesKeepWhatTheEndpointSays() {
    LlmEndpoint gemini = new LlmEndpoint("gcp.gemini", "generate_content", GeminiWire.GENERATE, "gemini-pro", true);
    for (String body : new String[] {"", "{\"contents\": [", "not json", "[1,2]", "\"string\""}) {
      LlmRequest r = parse(gemini, body);
      assertEquals("gemini-pro", r.model(), body);
      assertEquals(Boolean.TRUE, r.stream(), body);
      assertNull(r.temperature(), body);
      assertNull(r.inputMessagesJson(100), body);
      assertNull(r.systemInstructionsJson(100), body);
      assertEquals(!body.isEmpty(), r.malformed(), body);
    }
    LlmRequest none = LlmRequest.parse(gemini, null, 10);
    assertEquals("gemini-pro", none.model());
    assertFalse(none.malformed());
    LlmRequest noEndpoint = LlmRequest.parse(null, "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8), 13);
    assertNull(noEndpoint.model());
    assertNull(noEndpoint.inputMessagesJson(10));
    byte[] bytes = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);
    assertEquals("m", LlmRequest.parse(OPENAI_CHAT, bytes, 1000).model(), "length beyond the array is clamped");
    assertTrue(LlmRequest.parse(OPENAI_CHAT, bytes, 5).malformed(), "only the given length is read");
  }

  @Test
  void wrongTypesAreIgnoredRatherThanFatal() {
    LlmRequest r = parse(OPENAI_CHAT, """
        {"model": 5, "temperature": "hot", "stream": "yes", "stop": [1, "ok", null], "messages": {"role": "user"},
         "n": 1.5, "max_tokens": "many", "stream_options": true}""");
    assertNull(r.model());
    assertNull(r.temperature());
    assertNull(r.stream());
    assertEquals(List.of("ok"), r.stopSequences());
    assertNull(r.choiceCount());
    assertNull(r.maxTokens());
    assertNull(r.includeUsage());
    assertNull(r.inputMessagesJson(10));
  }

  @Test
  void stopSequencesAndModelAreBounded() {
    StringBuilder stops = new StringBuilder("[");
    for (int i = 0; i < 100; i++) {
      stops.append(i == 0 ? "" : ",").append("\"").append("s".repeat(1000)).append("\"");
    }
    LlmRequest r = parse(OPENAI_CHAT, "{\"model\":\"" + "m".repeat(5000) + "\",\"stop\":" + stops + "]}");
    assertEquals(RequestParameters.MAX_STOP_SEQUENCES, r.stopSequences().size());
    assertEquals(LlmRequest.MAX_SHORT_STRING, r.stopSequences().get(0).length());
    assertEquals(LlmRequest.MAX_SHORT_STRING, r.model().length());
  }
  @Test
  void geminiAndVertexEmbeddingsInput() {
    LlmEndpoint gemini = new LlmEndpoint("gcp.gemini", "embeddings", GeminiWire.EMBED, "gemini-embedding-001", false);
    LlmRequest batch = parse(gemini, """
        {"requests": [{"content": {"parts": [{"text": "first"}]}, "model": "models/gemini-embedding-001"},
                      {"content": {"parts": [{"text": "second"}]}, "model": "models/gemini-embedding-001"}]}
        """);
    assertEquals("gemini-embedding-001", batch.model(), "the path's model");
    assertEquals("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"first\"}]},"
        + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"second\"}]}]", batch.inputMessagesJson(1000));
    LlmRequest vertex = parse(new LlmEndpoint("gcp.vertex_ai", "embeddings", GeminiWire.EMBED, "text-embedding-005", false), """
        {"instances": [{"content": "one"}], "parameters": {"autoTruncate": true}}
        """);
    assertEquals("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"one\"}]}]", vertex.inputMessagesJson(1000));
  }
}
