package io.inferscope.agent.genai;

import io.inferscope.agent.genai.json.JsonSchema;
import java.util.Locale;

/**
 * AWS Bedrock Runtime ({@code gen_ai.provider.name} {@code aws.bedrock}): {@code POST
 * /model/{modelId}/converse}, {@code /converse-stream}, {@code /invoke} and
 * {@code /invoke-with-response-stream}; the model is in the path (percent-decoded: an ARN keeps its
 * colons and slashes). Converse speaks one JSON shape for every model; InvokeModel's body is the
 * model provider's own (Anthropic messages, Amazon Nova, Amazon Titan text), chosen by the model id.
 * Streams are AWS event streams ({@link EventStreamParser}).
 *
 * <p>The path shape alone is generic, so it is taken for Bedrock only on Bedrock's own hosts
 * ({@code bedrock-runtime[-fips].<region>.amazonaws.com[.cn]}, VPC endpoints) or inside an SDK call
 * (the AWS SDK's boundary is current): an endpoint override such as a proxy or a local fake.
 */
final class BedrockWire extends ProviderWire {
  static final String PROVIDER = "aws.bedrock";
  private static final String MODEL = "/model/";

  /** Converse and ConverseStream; also Amazon Nova's InvokeModel body, which has the same shape. */
  static final WireFormat CONVERSE = new WireFormat("bedrock.converse", RequestContent.MESSAGES, RequestContent.SYSTEM_FIELD) {
    @Override
    RequestParameters requestParameters() {
      return new Request(CONVERSE_REQUEST);
    }

    @Override
    ResponseReader reader(LlmResponse response) {
      return new BedrockConverseReader(response);
    }

    /** Bedrock's inputTokens leaves out cache reads and writes, as Anthropic's does. */
    @Override
    boolean inputTokensExcludeCache() {
      return true;
    }
  };

  /** Amazon Titan text models' InvokeModel body. */
  static final WireFormat TITAN_TEXT = new WireFormat("bedrock.titan_text", RequestContent.TITAN_INPUT, null) {
    @Override
    RequestParameters requestParameters() {
      return new Request(TITAN_REQUEST);
    }

    @Override
    ResponseReader reader(LlmResponse response) {
      return new BedrockTitanReader(response);
    }
  };

  private static final WireFormat ANTHROPIC_STREAM = new BedrockInvokeStream(AnthropicWire.MESSAGES);
  private static final WireFormat TITAN_STREAM = new BedrockInvokeStream(TITAN_TEXT);
  private static final WireFormat NOVA_STREAM = new BedrockInvokeStream(CONVERSE);

  @Override
  LlmEndpoint match(String p, String host) {
    return match(p, host, false);
  }

  @Override
  LlmEndpoint match(String p, String host, boolean inSdkCall) {
    boolean stream;
    boolean converse;
    String suffix;
    if (p.endsWith("/converse")) {
      converse = true; stream = false; suffix = "/converse";
    } else if (p.endsWith("/converse-stream")) {
      converse = true; stream = true; suffix = "/converse-stream";
    } else if (p.endsWith("/invoke")) {
      converse = false; stream = false; suffix = "/invoke";
    } else if (p.endsWith("/invoke-with-response-stream")) {
      converse = false; stream = true; suffix = "/invoke-with-response-stream";
    } else {
      return null;
    }
    String resource = p.substring(0, p.length() - suffix.length());
    int m = resource.indexOf(MODEL);
    if (m < 0 || !(inSdkCall || isBedrockHost(host))) {
      return null;
    }
    String model = resource.substring(m + MODEL.length());
    if (model.isEmpty()) {
      return null;
    }
    model = JsonWriter.truncate(model, LlmEndpoint.MAX_MODEL_LENGTH);
    if (converse) {
      return new LlmEndpoint(PROVIDER, LlmEndpoint.CHAT, CONVERSE, model, stream);
    }
    return invoke(model, stream);
  }

  /** InvokeModel: the body's format and the operation follow the model family. */
  private static LlmEndpoint invoke(String model, boolean stream) {
    String id = model.toLowerCase(Locale.ROOT);
    WireFormat format;
    String operation = LlmEndpoint.CHAT;
    if (id.contains("anthropic.")) {
      format = stream ? ANTHROPIC_STREAM : AnthropicWire.MESSAGES;
    } else if (id.contains("amazon.titan-text")) {
      format = stream ? TITAN_STREAM : TITAN_TEXT;
      operation = LlmEndpoint.TEXT_COMPLETION;
    } else {
      // Amazon Nova; other families' bodies (Llama, Mistral, Cohere) yield no facts beyond the model,
      // and a stream of theirs ends with Bedrock's invocation metrics all the same.
      format = stream ? NOVA_STREAM : CONVERSE;
      if (id.contains("embed")) {
        operation = LlmEndpoint.EMBEDDINGS;
      }
    }
    return new LlmEndpoint(PROVIDER, operation, format, model, stream);
  }

  static boolean isBedrockHost(String h) {
    if (h == null) {
      return false;
    }
    return (h.startsWith("bedrock-runtime.") || h.startsWith("bedrock-runtime-fips.") || h.contains(".bedrock-runtime."))
        && (h.endsWith(".amazonaws.com") || h.endsWith(".amazonaws.com.cn"));
  }

  /** Converse's inferenceConfig (Nova's also spells max_new_tokens). */
  private static final JsonSchema CONVERSE_REQUEST = RequestParameters.common()
      .field("inferenceConfig.maxTokens", RequestParameters.MAX_TOKENS)
      .field("inferenceConfig.max_new_tokens", RequestParameters.MAX_TOKENS_ALT)
      .field("inferenceConfig.temperature", RequestParameters.TEMPERATURE).field("inferenceConfig.topP", RequestParameters.TOP_P)
      .field("inferenceConfig.topK", RequestParameters.TOP_K)
      .field("inferenceConfig.stopSequences", RequestParameters.STOP, RequestParameters.SHORT)
      .field("inferenceConfig.stopSequences[]", RequestParameters.STOP_ITEM, RequestParameters.SHORT)
      .build();

  /** Titan text's textGenerationConfig. */
  private static final JsonSchema TITAN_REQUEST = RequestParameters.common()
      .field("textGenerationConfig.maxTokenCount", RequestParameters.MAX_TOKENS)
      .field("textGenerationConfig.temperature", RequestParameters.TEMPERATURE)
      .field("textGenerationConfig.topP", RequestParameters.TOP_P)
      .field("textGenerationConfig.stopSequences", RequestParameters.STOP, RequestParameters.SHORT)
      .field("textGenerationConfig.stopSequences[]", RequestParameters.STOP_ITEM, RequestParameters.SHORT)
      .build();

  /** A Bedrock body's parameters, at the paths its schema names; the stream is the path's. */
  private static final class Request extends RequestParameters {
    private final JsonSchema schema;

    Request(JsonSchema schema) {
      this.schema = schema;
    }

    @Override
    JsonSchema schema() {
      return schema;
    }

    @Override
    void interpretFormat(LlmEndpoint endpoint, LlmRequest r) {
      r.stream = endpoint.streamFromPath();
      r.maxTokens = first(whole(MAX_TOKENS), whole(MAX_TOKENS_ALT));
    }
  }
}
