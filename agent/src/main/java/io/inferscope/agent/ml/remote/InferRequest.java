package io.inferscope.agent.ml.remote;

import io.inferscope.agent.genai.json.JsonScanner;
import io.inferscope.agent.genai.json.JsonSchema;
import io.inferscope.agent.genai.json.JsonSink;
import io.inferscope.agent.ml.InferenceCall;
import io.inferscope.agent.ml.MlAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a prediction request body says about the call, read by one scan that builds nothing and keeps
 * none of the tensors' data: the batch size, and for the Open Inference Protocol the inputs' names and
 * shapes and the outputs asked for.
 *
 * <ul>
 *   <li>Open Inference Protocol: {@code inputs[].name}, {@code inputs[].shape}; the batch is the first
 *       dimension of the first input; {@code outputs[].name}.
 *   <li>TensorFlow Serving: row format {@code {"instances": [...]}}, one instance per item, so the batch
 *       is the length of {@code instances}; columnar format {@code {"inputs": ...}}, the batch is the
 *       first dimension of the first input ({@code inputs} itself when it is one unnamed tensor, else its
 *       first member). Input names are the document's own member names there, which are not kept.
 * </ul>
 *
 * Memory is fixed: at most {@link MlAttributes#MAX_LIST_ITEMS} inputs and outputs are kept, each name cut
 * at {@link MlAttributes#MAX_ITEM_LENGTH} chars, each shape at {@link #MAX_DIMS} dimensions. What was read
 * before the body turned out malformed (or was followed by binary tensor data, Triton's binary extension)
 * is kept: it is what the client sent. Not thread-safe; made and read on the thread that sends the request.
 */
final class InferRequest implements JsonSink {
  static final int MAX_DIMS = 32;

  // Open Inference Protocol.
  private static final int INPUT = 0;
  private static final int INPUT_NAME = 1;
  private static final int INPUT_SHAPE = 2;
  private static final int INPUT_DIM = 3;
  private static final int OUTPUT_NAME = 4;
  // TensorFlow Serving.
  private static final int INSTANCES = 5;
  private static final int COLUMNS = 6;
  private static final int FIRST_COLUMN = 7;

  private static final JsonSchema KSERVE = JsonSchema.builder()
      .field("inputs[]", INPUT)
      .field("inputs[].name", INPUT_NAME, MlAttributes.MAX_ITEM_LENGTH)
      .field("inputs[].shape", INPUT_SHAPE)
      .field("inputs[].shape[]", INPUT_DIM)
      .field("outputs[].name", OUTPUT_NAME, MlAttributes.MAX_ITEM_LENGTH)
      .build();
  private static final JsonSchema TF_SERVING = JsonSchema.builder()
      .field("instances", INSTANCES)
      .field("inputs", COLUMNS)
      .field("inputs.*", FIRST_COLUMN)
      .build();

  /** One input as the request describes it; {@code shape} null when it gave none we can read. */
  record Input(String name, long[] shape) {}

  private final List<Input> inputs = new ArrayList<>(2);
  private final Set<String> outputs = new LinkedHashSet<>();
  private long batch = -1;

  // The input being read.
  private String name;
  private final long[] dims = new long[MAX_DIMS];
  private int dimCount;
  private boolean shapeSeen;
  private boolean shapeValid;

  // TensorFlow Serving's columns: 0 none seen yet, 1 the first one is open, 2 decided.
  private int firstColumn;

  private InferRequest() {}

  /** Reads a request body of the protocol; null or empty gives an empty description. Never throws. */
  static InferRequest read(ModelServerEndpoint.Protocol protocol, byte[] body) {
    return read(protocol, body, body == null ? 0 : body.length);
  }

  /** Reads the first {@code length} bytes of {@code body} (bounded by its size). Never throws. */
  static InferRequest read(ModelServerEndpoint.Protocol protocol, byte[] body, int length) {
    InferRequest request = new InferRequest();
    int n = body == null ? 0 : Math.max(0, Math.min(length, body.length));
    if (n == 0) {
      return request;
    }
    try {
      JsonScanner scanner = new JsonScanner(protocol == ModelServerEndpoint.Protocol.TF_SERVING ? TF_SERVING : KSERVE, request, false, 0);
      scanner.feed(body, 0, n);
    } catch (RuntimeException e) {
      // The scanner does not throw on input; keep whatever was read if it ever did.
    }
    return request;
  }

  /**
   * The batch size, or -1 when the body does not say: as for a local model, the first dimension of the
   * first input that has a shape.
   */
  long batchSize() {
    for (Input input : inputs) {
      if (input.shape() != null && input.shape().length > 0) {
        return input.shape()[0];
      }
    }
    return batch;
  }

  List<Input> inputs() {
    return inputs;
  }

  /** The outputs asked for, in order (none: the server returns every output). */
  Set<String> requestedOutputs() {
    return outputs;
  }

  /** Tells the call what the request said: inputs (names, shapes, so the batch) or the batch alone. */
  void describe(InferenceCall call) {
    if (inputs.isEmpty()) {
      if (batch >= 0) {
        call.batchSize(batch);
      }
      return;
    }
    for (Input input : inputs) {
      call.input(input.name() == null ? "?" : input.name(), input.shape()); // the batch too, as batchSize() says
    }
  }

  // ---- JsonSink.

  @Override
  public void begin(int tag, boolean array, long index) {
    switch (tag) {
      case INPUT -> {
        name = null;
        shapeSeen = false;
        dimCount = 0;
      }
      case INPUT_SHAPE -> {
        shapeSeen = true;
        shapeValid = array;
        dimCount = 0;
      }
      case INPUT_DIM -> shapeValid = false; // a dimension that is a list or an object
      case FIRST_COLUMN -> column(array ? 1 : 2);
      default -> { }
    }
  }

  @Override
  public void end(int tag, boolean array, long size, long index) {
    switch (tag) {
      case INPUT -> {
        if (inputs.size() < MlAttributes.MAX_LIST_ITEMS) {
          inputs.add(new Input(name, shapeSeen && shapeValid ? Arrays.copyOf(dims, dimCount) : null));
        }
      }
      case INSTANCES -> {
        if (array) {
          batch = size; // the row format wins over the columnar one, which may not be sent with it
        }
      }
      case COLUMNS -> {
        if (array && batch < 0) {
          batch = size; // one unnamed input: its first dimension
        }
      }
      case FIRST_COLUMN -> {
        if (firstColumn == 1) {
          firstColumn = 2;
          if (array && batch < 0) {
            batch = size;
          }
        }
      }
      default -> { }
    }
  }

  @Override
  public void string(int tag, CharSequence text, long length) {
    if (tag == INPUT_NAME) {
      name = text.toString();
    } else if (tag == OUTPUT_NAME && outputs.size() < MlAttributes.MAX_LIST_ITEMS) {
      outputs.add(text.toString());
    } else {
      notADimension(tag);
    }
  }

  @Override
  public void integer(int tag, long value) {
    if (tag != INPUT_DIM) {
      notADimension(tag);
    } else if (value < 0) {
      shapeValid = false; // a request's shape is concrete
    } else if (dimCount < MAX_DIMS) {
      dims[dimCount++] = value;
    }
  }

  @Override
  public void decimal(int tag, double value) {
    notADimension(tag);
  }

  @Override
  public void bool(int tag, boolean value) {
    notADimension(tag);
  }

  @Override
  public void nul(int tag) {
    notADimension(tag);
  }

  private void notADimension(int tag) {
    if (tag == INPUT_DIM) {
      shapeValid = false;
    } else if (tag == FIRST_COLUMN) {
      column(2); // a scalar first input: no batch dimension
    }
  }

  /** TensorFlow Serving's first column: only the first member of {@code inputs} decides. */
  private void column(int state) {
    if (firstColumn == 0) {
      firstColumn = state;
    }
  }
}
