package io.inferscope.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class LlmResponseBedrockTest {
  private static final String HOST = "bedrock-runtime.us-east-1.amazonaws.com";
  private static final String CLAUDE = "anthropic.claude-3-haiku-20240307-v1:0";

  static LlmEndpoint endpoint(String path) {
    return LlmEndpoint.classify("POST", HOST, 443, path, null);
  }

  @Test
  void classifiesTheFourOperationsOnBedrockHosts() {
    LlmEndpoint converse = endpoint("/model/" + CLAUDE.replace(":", "%3A") + "/converse");
    assertEquals("aws.bedrock", converse.provider());
    assertEquals("chat", converse.operation());
    assertEquals(CLAUDE, converse.modelFromPath());
    assertSame(BedrockWire.CONVERSE, converse.api());
    assertFalse(converse.streamFromPath());
    LlmEndpoint stream = endpoint("/model/amazon.nova-lite-v1%3A0/converse-stream");
    assertTrue(stream.streamFromPath());
    assertEquals("amazon.nova-lite-v1:0", stream.modelFromPath());
    assertSame(AnthropicWire.MESSAGES, endpoint("/model/" + CLAUDE + "/invoke").api());
    assertSame(AnthropicWire.MESSAGES, endpoint("/model/us." + CLAUDE + "/invoke").api(), "an inference profile");
    LlmEndpoint titan = endpoint("/model/amazon.titan-text-express-v1/invoke");
    assertEquals("text_completion", titan.operation());
    assertSame(BedrockWire.TITAN_TEXT, titan.api());
    assertEquals("embeddings", endpoint("/model/amazon.titan-embed-text-v2:0/invoke").operation());
    assertTrue(endpoint("/model/" + CLAUDE + "/invoke-with-response-stream").streamFromPath());
    String arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0";
    assertEquals(arn, endpoint("/model/" + arn.replace(":", "%3A").replace("/", "%2F") + "/converse").modelFromPath());
    assertEquals("aws.bedrock", LlmEndpoint.classify("POST", "bedrock-runtime-fips.us-gov-west-1.amazonaws.com", 443,
        "/model/m/converse", null).provider());
  }

  @Test
  void elsewhereThePathShapeCountsOnlyInsideAnSdkCall() {
    assertNull(LlmEndpoint.classify("POST", "127.0.0.1", 8080, "/model/m/converse", null));
    assertNull(LlmEndpoint.classify("POST", "api.example.com", 443, "/model/m/invoke", null, false));
    assertEquals("aws.bedrock", LlmEndpoint.classify("POST", "127.0.0.1", 8080, "/model/m/converse", null, true).provider());
    assertNull(LlmEndpoint.classify("GET", HOST, 443, "/model/m/converse", null));
    assertNull(LlmEndpoint.classify("POST", HOST, 443, "/model//converse", null));
    assertNull(LlmEndpoint.classify("POST", HOST, 443, "/models/m/converse", null));
  }

  @Test
  void converseRequestAndBody() {
    LlmEndpoint e = endpoint("/model/" + CLAUDE + "/converse");
    byte[] request = ("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}],\"system\":[{\"text\":\"be brief\"}],"
        + "\"inferenceConfig\":{\"maxTokens\":64,\"temperature\":0.5,\"topP\":0.9,\"stopSequences\":[\"END\"]}}")
        .getBytes(StandardCharsets.UTF_8);
    LlmRequest r = LlmRequest.parse(e, request, request.length);
    assertEquals(CLAUDE, r.model());
    assertEquals(64L, r.maxTokens());
    assertEquals(0.5, r.temperature());
    assertEquals(0.9, r.topP());
    assertEquals(List.of("END"), r.stopSequences());
    assertEquals(Boolean.FALSE, r.stream());
    assertEquals("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hi\"}]}]", r.inputMessagesJson(100));
    assertEquals("[{\"type\":\"text\",\"content\":\"be brief\"}]", r.systemInstructionsJson(100));

    LlmResponse response = new LlmResponse(e.api(), 100);
    response.acceptBody(utf8("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Hello\"},{\"text\":\" there\"}]}},"
        + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":12,\"outputTokens\":3,\"totalTokens\":15,"
        + "\"cacheReadInputTokens\":4},\"metrics\":{\"latencyMs\":42}}"), Integer.MAX_VALUE);
    assertEquals(List.of("end_turn"), response.finishReasons());
    assertEquals(16L, response.inputTokens(), "cache reads are added to Bedrock's inputTokens");
    assertEquals(4L, response.cacheReadInputTokens());
    assertEquals(3L, response.outputTokens());
    assertTrue(response.completed());
    assertFalse(response.malformed());
    assertTrue(response.outputMessagesJson(100).contains("Hello there"), response.outputMessagesJson(100));
  }

  @Test
  void converseStreamEvents() {
    LlmEndpoint e = endpoint("/model/" + CLAUDE + "/converse-stream");
    LlmResponse response = new LlmResponse(e.api(), 100);
    byte[] stream = EventStreamFrames.concat(
        EventStreamFrames.event("messageStart", "{\"role\":\"assistant\",\"p\":\"abc\"}"),
        EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"},\"p\":\"ab\"}"),
        EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"lo\"}}"),
        EventStreamFrames.event("contentBlockStop", "{\"contentBlockIndex\":0}"),
        EventStreamFrames.event("messageStop", "{\"stopReason\":\"max_tokens\"}"),
        EventStreamFrames.event("metadata", "{\"usage\":{\"inputTokens\":9,\"outputTokens\":2,\"totalTokens\":11},\"metrics\":{\"latencyMs\":5}}"));
    assertEquals(Framing.EVENT_STREAM, e.api().framing("application/vnd.amazon.eventstream"));
    EventStreamParser parser = new EventStreamParser(1 << 16, response);
    EventStreamFrames.feed(parser, stream, 7);
    parser.finish();
    assertEquals(2, response.chunks());
    assertEquals(List.of("max_tokens"), response.finishReasons());
    assertEquals(9L, response.inputTokens());
    assertEquals(2L, response.outputTokens());
    assertTrue(response.completed());
    assertNull(response.errorType());
    assertTrue(response.outputMessagesJson(100).contains("Hello"));
  }

  @Test
  void streamedExceptionIsTheErrorType() {
    LlmResponse response = new LlmResponse(BedrockWire.CONVERSE, 0);
    EventStreamParser parser = new EventStreamParser(1 << 16, response);
    EventStreamFrames.feed(parser, EventStreamFrames.concat(
        EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}"),
        EventStreamFrames.exception("modelStreamErrorException", "{\"message\":\"boom\"}")), 1000);
    assertEquals("modelStreamErrorException", response.errorType());
    assertFalse(response.completed());
  }

  @Test
  void invokeModelWithAnthropicAndTitanBodies() {
    LlmEndpoint claude = endpoint("/model/" + CLAUDE + "/invoke");
    byte[] request = utf8("{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":50,\"temperature\":0.2,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    LlmRequest r = LlmRequest.parse(claude, request, request.length);
    assertEquals(CLAUDE, r.model());
    assertEquals(50L, r.maxTokens());
    LlmResponse response = new LlmResponse(claude.api(), 0);
    response.acceptBody(utf8("{\"id\":\"msg_bdrk_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-3-haiku-20240307\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":8,\"output_tokens\":1}}"),
        Integer.MAX_VALUE);
    assertEquals("msg_bdrk_1", response.id());
    assertEquals("claude-3-haiku-20240307", response.model());
    assertEquals(8L, response.inputTokens());
    assertEquals(List.of("end_turn"), response.finishReasons());

    LlmEndpoint titan = endpoint("/model/amazon.titan-text-express-v1/invoke");
    byte[] titanRequest = utf8("{\"inputText\":\"hi\",\"textGenerationConfig\":{\"maxTokenCount\":20,\"temperature\":0.1,\"stopSequences\":[\"|\"]}}");
    LlmRequest tr = LlmRequest.parse(titan, titanRequest, titanRequest.length);
    assertEquals(20L, tr.maxTokens());
    assertEquals(List.of("|"), tr.stopSequences());
    assertEquals("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hi\"}]}]", tr.inputMessagesJson(100));
    LlmResponse titanResponse = new LlmResponse(titan.api(), 0);
    titanResponse.acceptBody(utf8("{\"inputTextTokenCount\":3,\"results\":[{\"tokenCount\":7,\"outputText\":\"yo\",\"completionReason\":\"FINISH\"}]}"),
        Integer.MAX_VALUE);
    assertEquals(3L, titanResponse.inputTokens());
    assertEquals(7L, titanResponse.outputTokens());
    assertEquals(List.of("FINISH"), titanResponse.finishReasons());
  }

  @Test
  void invokeModelWithResponseStreamDecodesChunks() {
    LlmEndpoint e = endpoint("/model/" + CLAUDE + "/invoke-with-response-stream");
    LlmResponse response = new LlmResponse(e.api(), 100);
    byte[] stream = EventStreamFrames.concat(
        chunk("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-3-haiku\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}"),
        chunk("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Yes\"}}"),
        chunk("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":2}}"),
        chunk("{\"type\":\"message_stop\",\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":5,\"outputTokenCount\":2,"
            + "\"invocationLatency\":100,\"firstByteLatency\":50}}"));
    EventStreamParser parser = new EventStreamParser(1 << 16, response);
    EventStreamFrames.feed(parser, stream, 11);
    parser.finish();
    assertEquals("msg_1", response.id());
    assertEquals(1, response.chunks());
    assertEquals(List.of("end_turn"), response.finishReasons());
    assertEquals(5L, response.inputTokens());
    assertEquals(2L, response.outputTokens());
    assertTrue(response.completed());
    assertFalse(response.malformed());
  }

  private static byte[] chunk(String json) {
    String encoded = Base64.getEncoder().encodeToString(utf8(json));
    return EventStreamFrames.event("chunk", "{\"bytes\":\"" + encoded + "\",\"p\":\"abcdef\"}");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
