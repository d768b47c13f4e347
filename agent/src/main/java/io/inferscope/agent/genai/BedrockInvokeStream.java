package io.inferscope.agent.genai;

import io.inferscope.agent.genai.json.JsonScanner;
import io.inferscope.agent.genai.json.JsonSchema;
import java.util.Base64;

/**
 * InvokeModelWithResponseStream: an event stream of {@code chunk} events whose payload is
 * {@code {"bytes": "<base64>"}}, each decoding to one streamed document of the model provider's own
 * format (Anthropic's message_start ... message_stop, Titan's outputText chunks). Each chunk is
 * decoded (bounded by the event cap) and read by that format's reader; the last one also carries
 * Bedrock's {@code amazon-bedrock-invocationMetrics} (token counts), which ends the stream whatever
 * the model.
 */
final class BedrockInvokeStream extends WireFormat {
  /** A chunk's base64 text kept for decoding; a larger one is not read. */
  static final int MAX_CHUNK_CHARS = 256 * 1024;

  private final WireFormat inner;

  BedrockInvokeStream(WireFormat inner) {
    super(inner + ".stream", inner.inputContent(), inner.systemContent());
    this.inner = inner;
  }

  @Override
  RequestParameters requestParameters() {
    return inner.requestParameters();
  }

  @Override
  ResponseReader reader(LlmResponse response) {
    return new ChunkReader(response, inner.reader(response));
  }

  @Override
  boolean inputTokensExcludeCache() {
    return inner.inputTokensExcludeCache();
  }

  /** Reads a chunk event's base64 payload, then the decoded document with the inner format's reader. */
  private static final class ChunkReader extends ResponseReader {
    private static final int BYTES = FIRST_FORMAT_TAG;
    private static final JsonSchema SCHEMA = JsonSchema.builder().field("", ROOT).field("bytes", BYTES, MAX_CHUNK_CHARS).build();

    private final ResponseReader inner;
    private final JsonScanner innerScanner;
    private final Metrics metrics;
    private final JsonScanner metricsScanner;

    ChunkReader(LlmResponse response, ResponseReader inner) {
      super(response);
      this.inner = inner;
      this.innerScanner = new JsonScanner(inner.schema(), inner, false, response.maxContentLength());
      this.metrics = new Metrics(response);
      this.metricsScanner = new JsonScanner(Metrics.SCHEMA, metrics, false, 0);
    }

    @Override
    JsonSchema schema() {
      return SCHEMA;
    }

    @Override
    void commit(CharSequence event, boolean streamed) {
      CharSequence encoded = text(BYTES);
      if (!same(event, "chunk") || encoded == null || length(BYTES) > MAX_CHUNK_CHARS) {
        return;
      }
      byte[] decoded;
      try {
        decoded = Base64.getDecoder().decode(encoded.toString());
      } catch (IllegalArgumentException e) {
        response.markMalformed();
        return;
      }
      read(innerScanner, inner, decoded);
      read(metricsScanner, metrics, decoded);
    }

    private void read(JsonScanner scanner, ResponseReader reader, byte[] document) {
      try {
        scanner.feed(document, 0, document.length);
        if (scanner.finish() == JsonScanner.Outcome.VALUE) {
          reader.commitDocument(null, true);
        } else {
          response.markMalformed();
          reader.discard();
        }
      } finally {
        scanner.reset();
      }
    }
  }

  /** Bedrock's own token counts, added to the last chunk of every model's stream. */
  private static final class Metrics extends ResponseReader {
    private static final String PREFIX = "amazon-bedrock-invocationMetrics.";
    static final JsonSchema SCHEMA = JsonSchema.builder().field("", ROOT)
        .field(PREFIX + "inputTokenCount", INPUT_TOKENS).field(PREFIX + "outputTokenCount", OUTPUT_TOKENS).build();

    Metrics(LlmResponse response) {
      super(response);
    }

    @Override
    JsonSchema schema() {
      return SCHEMA;
    }

    @Override
    void commit(CharSequence event, boolean streamed) {
      if (anyNumber(INPUT_TOKENS) || anyNumber(OUTPUT_TOKENS)) {
        response.usage().set(tokenCount(INPUT_TOKENS), tokenCount(OUTPUT_TOKENS));
        response.markCompleted();
      }
    }
  }
}
