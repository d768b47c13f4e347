package io.inferscope.agent.ml;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/** The project's {@code ml.*} names for classic inference (see README, "Emitted telemetry"). */
public final class MlAttributes {
  public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("ml.operation");
  public static final AttributeKey<String> FRAMEWORK = AttributeKey.stringKey("ml.framework");
  public static final AttributeKey<String> ENGINE = AttributeKey.stringKey("ml.engine");
  public static final AttributeKey<String> MODEL_NAME = AttributeKey.stringKey("ml.model.name");
  /** The version a model server says it ran (remote inference), span only. */
  public static final AttributeKey<String> MODEL_VERSION = AttributeKey.stringKey("ml.model.version");
  public static final AttributeKey<String> DEVICE = AttributeKey.stringKey("ml.device");
  public static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("ml.batch.size");
  public static final AttributeKey<List<String>> INPUT_NAMES = AttributeKey.stringArrayKey("ml.input.names");
  public static final AttributeKey<List<String>> INPUT_SHAPES = AttributeKey.stringArrayKey("ml.input.shapes");
  public static final AttributeKey<List<String>> OUTPUT_NAMES = AttributeKey.stringArrayKey("ml.output.names");
  public static final AttributeKey<String> MODEL_SOURCE = AttributeKey.stringKey("ml.model.source");
  public static final AttributeKey<List<String>> EXECUTION_PROVIDERS =
      AttributeKey.stringArrayKey("ml.onnxruntime.execution_providers");
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  /** Where a remote prediction ran (a model server), span only. */
  public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  public static final AttributeKey<String> MODEL_LOCATION = AttributeKey.stringKey("ml.model.location");
  public static final AttributeKey<String> DJL_TRANSLATOR = AttributeKey.stringKey("ml.djl.translator");
  public static final AttributeKey<String> PHASE = AttributeKey.stringKey("ml.djl.phase");

  public static final String OP_LOAD = "load";
  public static final String OP_PREDICT = "predict";

  /** Span-only list attributes are capped: a model with thousands of inputs must not bloat spans. */
  public static final int MAX_LIST_ITEMS = 16;
  public static final int MAX_ITEM_LENGTH = 128;

  private MlAttributes() {}
}
