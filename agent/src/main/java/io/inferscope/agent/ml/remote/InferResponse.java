package io.inferscope.agent.ml.remote;

import io.inferscope.agent.genai.json.JsonScanner;
import io.inferscope.agent.genai.json.JsonSchema;
import io.inferscope.agent.genai.json.JsonSink;
import io.inferscope.agent.ml.MlAttributes;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a model server's answer says, read while its bytes pass ({@link #bytes}), building nothing and
 * keeping none of the tensors' data: the model version it ran and the outputs it returned (Open
 * Inference Protocol), the server's error message (both protocols, the first {@link #MAX_ERROR_LENGTH}
 * chars only), and whether the body was one whole JSON object.
 *
 * <p>Fixed memory, whatever the body. A JSON answer followed by binary tensor data (Triton's binary
 * extension) is whole: its JSON part ended before the binary part. Not thread-safe: the exchange that
 * owns it serialises access.
 */
final class InferResponse implements JsonSink {
  /** The longest part of a server's error message kept, for the span status: it may quote the request. */
  static final int MAX_ERROR_LENGTH = 120;

  private static final int ROOT = 0;
  private static final int VERSION = 1;
  private static final int OUTPUT_NAME = 2;
  private static final int ERROR = 3;

  private static final JsonSchema KSERVE = JsonSchema.builder()
      .field("", ROOT)
      .field("model_version", VERSION, ModelServerEndpoint.MAX_VERSION_LENGTH)
      .field("outputs[].name", OUTPUT_NAME, MlAttributes.MAX_ITEM_LENGTH)
      .field("error", ERROR, MAX_ERROR_LENGTH)
      .build();
  private static final JsonSchema TF_SERVING = JsonSchema.builder()
      .field("", ROOT)
      .field("error", ERROR, MAX_ERROR_LENGTH)
      .build();

  private final JsonScanner scanner;
  private boolean object;
  private boolean whole;
  private String version;
  private String error;
  private final Set<String> outputs = new LinkedHashSet<>();

  InferResponse(ModelServerEndpoint.Protocol protocol) {
    scanner = new JsonScanner(protocol == ModelServerEndpoint.Protocol.TF_SERVING ? TF_SERVING : KSERVE, this, false, 0);
  }

  /** Body bytes (decoded), in order. */
  void bytes(byte[] bytes, int offset, int length) {
    scanner.feed(bytes, offset, length);
  }

  /** Whether the body held one whole JSON object (the rest, if any, is not JSON's). */
  boolean whole() {
    return whole && object;
  }

  /** Given up for nesting deeper than the scanner follows: not known to be malformed. */
  boolean tooDeep() {
    return scanner.tooDeep();
  }

  /** The version the server says it ran, or null. */
  String version() {
    return version;
  }

  /** The outputs the answer holds, in order (at most {@link MlAttributes#MAX_LIST_ITEMS}). */
  Set<String> outputs() {
    return outputs;
  }

  /** The start of the server's error message, or null. */
  String error() {
    return error;
  }

  // ---- JsonSink.

  @Override
  public void begin(int tag, boolean array, long index) {
    if (tag == ROOT) {
      object = !array;
    }
  }

  @Override
  public void document() {
    whole = true;
  }

  @Override
  public void string(int tag, CharSequence text, long length) {
    switch (tag) {
      case VERSION -> version = text.toString();
      case OUTPUT_NAME -> {
        if (outputs.size() < MlAttributes.MAX_LIST_ITEMS) {
          outputs.add(text.toString());
        }
      }
      case ERROR -> error = text.toString();
      default -> { }
    }
  }

  /** Some servers give the version as a number. */
  @Override
  public void integer(int tag, long value) {
    if (tag == VERSION) {
      version = Long.toString(value);
    }
  }
}
