package io.inferscope.agent.genai;

import io.inferscope.agent.genai.json.JsonScanner;
import java.util.List;

/**
 * The {@code gen_ai.request.*} facts of one LLM request body, read by one scan that builds nothing
 * (see {@link RequestParameters}). Every getter returns null when the body does not say (and the
 * endpoint does not imply) the value.
 *
 * <p>The body (already bounded by the caller) is kept so that the opt-in content methods can render
 * it on demand with a second scan ({@link RequestContent}); call them soon after parsing and drop
 * this object (or do not keep it at all when content capture is off).
 */
public final class LlmRequest {
  static final int MAX_SHORT_STRING = 256;

  private final WireFormat api;
  private final byte[] body;
  private final int length;
  private final boolean malformed;
  String model;
  Boolean stream;
  Boolean includeUsage;
  Double temperature;
  Double topP;
  Double topK;
  Long maxTokens;
  Double frequencyPenalty;
  Double presencePenalty;
  List<String> stopSequences;
  Long seed;
  Long choiceCount;
  List<String> encodingFormats;
  String outputType;

  private LlmRequest(WireFormat api, byte[] body, int length, boolean malformed) {
    this.api = api;
    this.body = body;
    this.length = length;
    this.malformed = malformed;
  }

  /** Never throws; a null, absent or malformed body gives only what the endpoint implies. */
  public static LlmRequest parse(LlmEndpoint endpoint, byte[] body, int length) {
    WireFormat api = endpoint == null ? null : endpoint.api();
    // Without an endpoint only well-formedness is checked, with any format's reader.
    WireFormat reading = api == null ? OpenAiWire.CHAT : api;
    int len = body == null ? 0 : Math.max(0, Math.min(length, body.length));
    RequestParameters parameters = reading.requestParameters();
    boolean wellFormed = len > 0 && scan(body, len, new JsonScanner(parameters.schema(), parameters, false, 0))
        && parameters.isObjectRoot();
    LlmRequest r = new LlmRequest(api, wellFormed ? body : null, len, len > 0 && !wellFormed);
    if (endpoint != null) {
      try {
        // A malformed body says nothing, not the half it got through: only what the endpoint implies.
        (wellFormed ? parameters : reading.requestParameters()).interpret(endpoint, r);
      } catch (RuntimeException e) {
        // A shape we did not expect: keep whatever was read before it.
      }
    }
    return r;
  }

  static boolean scan(byte[] body, int length, JsonScanner scanner) {
    scanner.feed(body, 0, length);
    return scanner.finish() == JsonScanner.Outcome.VALUE;
  }

  /**
   * The input as {@code gen_ai.input.messages} JSON, each text cut at maxLength chars (see
   * {@link JsonWriter}); null when the body holds no input we understand. Only text parts are kept:
   * images, audio and tool-call structures are left out.
   */
  public String inputMessagesJson(int maxLength) {
    return body == null || api == null ? null : RequestContent.render(api.inputContent(), body, length, maxLength);
  }

  /**
   * System instructions given apart from the messages (Anthropic {@code system}, Gemini
   * {@code systemInstruction}, Responses {@code instructions}, Ollama generate {@code system}) as
   * {@code gen_ai.system_instructions} JSON (an array of text parts); null when there are none. In
   * OpenAI chat, system messages stay in {@link #inputMessagesJson} with role {@code system}.
   */
  public String systemInstructionsJson(int maxLength) {
    return body == null || api == null ? null : RequestContent.render(api.systemContent(), body, length, maxLength);
  }

  public WireFormat api() { return api; }
  /** True when a body was given but was not a JSON object. */
  public boolean malformed() { return malformed; }
  public String model() { return model; }
  public Boolean stream() { return stream; }
  public Boolean includeUsage() { return includeUsage; }
  public Double temperature() { return temperature; }
  public Double topP() { return topP; }
  public Double topK() { return topK; }
  public Long maxTokens() { return maxTokens; }
  public Double frequencyPenalty() { return frequencyPenalty; }
  public Double presencePenalty() { return presencePenalty; }
  public List<String> stopSequences() { return stopSequences; }
  public Long seed() { return seed; }
  public Long choiceCount() { return choiceCount; }
  public List<String> encodingFormats() { return encodingFormats; }
  public String outputType() { return outputType; }
}
