package io.inferscope.agent.ml.remote;

import io.inferscope.agent.http.HttpExchange;
import io.inferscope.agent.http.HttpExchangeKind;
import io.inferscope.agent.ml.InferenceCall;
import io.inferscope.agent.ml.InferenceTelemetry;
import io.inferscope.agent.ml.MlAttributes;
import io.inferscope.agent.ml.ModelIdentity;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import java.util.function.Supplier;

/**
 * Remote classic inference, as the HTTP client hooks see it: predictions a model server runs for this
 * process ({@link ModelServerEndpoint}), recorded as {@code predict {model}} CLIENT spans and the same
 * {@code ml.inference.*} metrics a local ONNX Runtime or DJL prediction gets, with {@code ml.framework}
 * naming the protocol ({@code kserve}, {@code tfserving}). Their anomaly baselines are kept per model
 * and operation like a local model's; their values are not read for drift.
 */
public final class ModelServerExchanges implements HttpExchangeKind {
  private final RemoteModels models;
  private final InferenceTelemetry telemetry;
  private final ModelServerSettings settings;

  public ModelServerExchanges(OpenTelemetry openTelemetry, String version, ModelServerSettings settings) {
    this(RemoteModels.shared(openTelemetry, version), settings);
  }

  ModelServerExchanges(InferenceTelemetry telemetry, ModelServerSettings settings) {
    this(new RemoteModels(telemetry), settings);
  }

  private ModelServerExchanges(RemoteModels models, ModelServerSettings settings) {
    this.models = models;
    this.telemetry = models.telemetry();
    this.settings = settings;
  }

  @Override
  public boolean observes(String method, String host, int port, String path) {
    return ModelServerEndpoint.classify(method, path) != null;
  }

  @Override
  public int maxRequestBytes() {
    return settings.maxBodyBytes();
  }

  @Override
  public HttpExchange start(Context parent, String method, String host, int port, String path, Supplier<byte[]> requestBody) {
    ModelServerEndpoint endpoint = ModelServerEndpoint.classify(method, path);
    if (endpoint == null) {
      return null;
    }
    byte[] body = requestBody.get();
    // No body now: a client that sends the headers first (HttpURLConnection) may give it later.
    InferRequest request = body == null ? null : InferRequest.read(endpoint.protocol(), bounded(body.length) ? body : null, body.length);
    InferRequest described = request == null ? InferRequest.read(endpoint.protocol(), null, 0) : request;
    AttributesBuilder spanAttributes = Attributes.builder();
    if (host != null && !host.isEmpty()) {
      spanAttributes.put(MlAttributes.SERVER_ADDRESS, host);
      if (port > 0) {
        spanAttributes.put(MlAttributes.SERVER_PORT, (long) port);
      }
    }
    if (endpoint.version() != null) {
      spanAttributes.put(MlAttributes.MODEL_VERSION, endpoint.version());
    }
    InferenceCall call = telemetry.startRemote(parent, identity(endpoint), described.requestedOutputs(), spanAttributes.build());
    described.describe(call);
    return new ModelServerExchange(endpoint, call, parent, request, settings.maxBodyBytes());
  }

  /** Whether a body of this size may be read (the hooks never give a larger one; if one did, it stays unread). */
  private boolean bounded(int length) {
    return length <= settings.maxBodyBytes();
  }

  /** The model's identity (names, metric attributes, anomaly key), built once per protocol and model. */
  private ModelIdentity identity(ModelServerEndpoint endpoint) {
    return models.identity(endpoint.protocol(), endpoint.model());
  }
}
