package io.inferscope.agent.ml.remote;

import io.inferscope.agent.ml.InferenceTelemetry;
import io.inferscope.agent.ml.ModelIdentity;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models this process calls on model servers, whatever the transport (HTTP or gRPC): one
 * {@link InferenceTelemetry} and one identity per protocol and model, so that a model called both ways
 * has one {@code ml.inference.active} series, one anomaly baseline and one set of metric attributes.
 */
final class RemoteModels {
  /** Models whose identity is kept; past it, each call builds its own (memory stays bounded). */
  static final int MAX_MODELS = 1_000;

  private static RemoteModels shared;

  private final InferenceTelemetry telemetry;
  private final Map<String, ModelIdentity> models = new ConcurrentHashMap<>();

  RemoteModels(InferenceTelemetry telemetry) {
    this.telemetry = telemetry;
  }

  /** The instance the HTTP client hooks and the gRPC hook share. */
  static synchronized RemoteModels shared(OpenTelemetry openTelemetry, String version) {
    if (shared == null) {
      shared = new RemoteModels(new InferenceTelemetry(openTelemetry, version));
    }
    return shared;
  }

  InferenceTelemetry telemetry() {
    return telemetry;
  }

  /** The model's identity (names, metric attributes, anomaly key), built once per protocol and model. */
  ModelIdentity identity(ModelServerEndpoint.Protocol protocol, String modelName) {
    String framework = protocol.framework();
    String key = framework + '/' + modelName;
    ModelIdentity model = models.get(key);
    if (model == null) {
      // No engine or device: the server's own, unknown here (absent attributes, not "unknown").
      model = new ModelIdentity(modelName, framework, null, null);
      if (models.size() < MAX_MODELS) {
        ModelIdentity first = models.putIfAbsent(key, model);
        model = first == null ? model : first;
      }
    }
    return model;
  }
}
