package io.inferscope.agent.ml.remote;

import io.inferscope.agent.logging.HookErrors;
import io.inferscope.agent.ml.InferenceCall;
import io.inferscope.agent.ml.MlAttributes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Remote predictions over gRPC: the Open Inference Protocol's {@code GRPCInferenceService/ModelInfer}
 * (Triton, KServe, Seldon MLServer, OpenVINO Model Server), recorded as the HTTP path records its
 * {@code /v2/models/{model}/infer}: a {@code predict {model}} CLIENT span with {@code ml.framework=kserve}
 * (the protocol, not the product) and the metrics and anomaly baseline of that model
 * ({@link RemoteModels}, shared with the HTTP path).
 *
 * <p>From the request message: {@code model_name}, {@code model_version}, the inputs' {@code name} and
 * {@code shape} (the batch is the first input's first dimension) and the requested outputs' names, capped
 * as the HTTP path caps them. Tensor data ({@code contents}, {@code raw_input_contents}) is never read.
 */
public final class GrpcInferCalls {
  private final RemoteModels models;

  public GrpcInferCalls(OpenTelemetry openTelemetry, String version) {
    this(RemoteModels.shared(openTelemetry, version));
  }

  GrpcInferCalls(RemoteModels models) {
    this.models = models;
  }

  /**
   * Starts the call of {@code request} (a protobuf {@code ModelInferRequest}) to the server at
   * {@code authority} ({@code host:port}, may be null), a child of {@code parent}.
   *
   * @return null when the request cannot be read (no protobuf message, no model name) or on any failure
   *     of ours (reported once): the call then goes unrecorded, unchanged
   */
  public GrpcInferCall start(Context parent, String authority, Object request) {
    try {
      ProtobufFields fields = ProtobufFields.of(request);
      if (!fields.readable()) {
        return null;
      }
      String model = fields.string(request, "model_name");
      if (model == null || model.isEmpty()) {
        return null;
      }
      model = ModelServerEndpoint.cap(model, MlAttributes.MAX_ITEM_LENGTH);
      String version = fields.string(request, "model_version");
      boolean versionKnown = version != null && !version.isEmpty();
      List<InferRequest.Input> inputs = inputs(fields, request);
      Set<String> outputs = fields.names(request, "outputs");

      AttributesBuilder spanAttributes = Attributes.builder();
      serverAddress(authority, spanAttributes);
      if (versionKnown) {
        spanAttributes.put(MlAttributes.MODEL_VERSION, ModelServerEndpoint.cap(version, ModelServerEndpoint.MAX_VERSION_LENGTH));
      }
      InferenceCall call = models.telemetry().startRemote(
          parent, models.identity(ModelServerEndpoint.Protocol.KSERVE_V2, model), outputs, spanAttributes.build());
      for (InferRequest.Input input : inputs) {
        call.input(input.name() == null ? "?" : input.name(), input.shape());
      }
      return new GrpcInferCall(call, parent, versionKnown, !outputs.isEmpty());
    } catch (Throwable t) {
      HookErrors.report("grpc model infer request", t);
      return null;
    }
  }

  private static List<InferRequest.Input> inputs(ProtobufFields fields, Object request) throws Throwable {
    Object inputs = fields.field(request, "inputs");
    int n = Math.min(fields.count(request, inputs), MlAttributes.MAX_LIST_ITEMS);
    List<InferRequest.Input> described = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Object input = fields.element(request, inputs, i);
      ProtobufFields inputFields = ProtobufFields.of(input);
      String name = inputFields.string(input, "name");
      Object shapeField = inputFields.field(input, "shape");
      int dims = Math.min(inputFields.count(input, shapeField), InferRequest.MAX_DIMS);
      long[] shape = new long[dims];
      boolean valid = true;
      for (int d = 0; d < dims; d++) {
        Object dim = inputFields.element(input, shapeField, d);
        shape[d] = dim instanceof Number ? ((Number) dim).longValue() : -1;
        valid &= shape[d] >= 0; // a request's shape is concrete
      }
      described.add(new InferRequest.Input(name == null ? null : ModelServerEndpoint.cap(name, MlAttributes.MAX_ITEM_LENGTH),
          valid ? shape : null));
    }
    return described;
  }

  /** {@code host:port}, {@code [v6]:port} or {@code host}: the span's server.address and server.port. */
  static void serverAddress(String authority, AttributesBuilder attributes) {
    if (authority == null) {
      return;
    }
    String rest = authority.substring(authority.lastIndexOf('@') + 1); // user info is never recorded
    String host = rest;
    String port = null;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close > 0) {
        host = rest.substring(1, close);
        port = close + 1 < rest.length() && rest.charAt(close + 1) == ':' ? rest.substring(close + 2) : null;
      }
    } else if (rest.indexOf(':') > 0 && rest.indexOf(':') == rest.lastIndexOf(':')) {
      host = rest.substring(0, rest.indexOf(':'));
      port = rest.substring(rest.indexOf(':') + 1);
    }
    if (host.isEmpty()) {
      return;
    }
    attributes.put(MlAttributes.SERVER_ADDRESS, ModelServerEndpoint.cap(host, MlAttributes.MAX_ITEM_LENGTH));
    if (port != null) {
      try {
        int value = Integer.parseInt(port);
        if (value > 0 && value <= 65535) {
          attributes.put(MlAttributes.SERVER_PORT, (long) value);
        }
      } catch (NumberFormatException ignored) {
        // No port, or not a number: the address alone.
      }
    }
  }
}
