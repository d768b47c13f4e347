package io.inferscope.agent.instrumentation.onnxruntime;

import io.inferscope.agent.logging.HookErrors;
import io.inferscope.agent.ml.InferenceTelemetry;
import io.inferscope.agent.ml.MlAttributes;
import io.inferscope.agent.ml.ModelIdentity;
import io.inferscope.bootstrap.InferenceScope;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.InstrumentedObjects;
import io.inferscope.bootstrap.OnnxRuntimeBridge;
import io.opentelemetry.api.common.Attributes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns ONNX Runtime hook events into {@code ml.*} spans and metrics. Never throws into the caller. */
final class OnnxRuntimeHooks extends OnnxRuntimeBridge {
  static final String FRAMEWORK = "onnxruntime";
  // Sessions created before the agent started, or by paths we do not hook, still get spans.
  private static final ModelIdentity UNKNOWN = ModelIdentity.unknown(FRAMEWORK, "CPU", "cpu");

  private final InferenceTelemetry telemetry;

  OnnxRuntimeHooks(InferenceTelemetry telemetry) {
    this.telemetry = telemetry;
  }

  @Override
  protected Object onLoadStart(Object source, Object sessionOptions) {
    try {
      String modelName = OnnxModelName.of(source);
      List<String> providers =
          ExecutionProviders.of(InstrumentedObjects.stateOf(sessionOptions));
      ModelIdentity model = new ModelIdentity(modelName, FRAMEWORK, providers.get(0), ExecutionProviders.device(providers));
      Attributes details =
          Attributes.builder()
              .put(MlAttributes.MODEL_SOURCE, OnnxModelName.sourceKind(source))
              .put(MlAttributes.EXECUTION_PROVIDERS, providers)
              .build();
      return new PendingLoad(telemetry.startLoad(FRAMEWORK, modelName, details, false), model);
    } catch (Throwable t) {
      HookErrors.report("onnxruntime load", t);
      return null;
    }
  }

  @Override
  protected void onLoadEnd(Object load, Object session, Throwable error) {
    try {
      PendingLoad pending = (PendingLoad) load;
      if (error == null && session instanceof InstrumentedObject) {
        ((InstrumentedObject) session).inferscope$setState(pending.model);
      }
      telemetry.endLoad(pending.load, pending.model, pending.model.attributes(MlAttributes.OP_LOAD), error);
      if (error == null && session != null) {
        telemetry.modelLoaded(session, pending.model);
      }
    } catch (Throwable t) {
      HookErrors.report("onnxruntime load", t);
    }
  }

  @Override
  protected void onSessionClosed(Object session) {
    telemetry.modelClosed(session, FRAMEWORK);
  }

  @Override
  protected InferenceScope onRunStart(Object sessionState, Set<String> requestedOutputs, Object pinnedOutputs) {
    try {
      ModelIdentity model = sessionState instanceof ModelIdentity ? (ModelIdentity) sessionState : UNKNOWN;
      return telemetry.startPredict(model, outputNames(requestedOutputs, pinnedOutputs));
    } catch (Throwable t) {
      HookErrors.report("onnxruntime run", t);
      return null;
    }
  }

  /** A run produces the outputs it returns and those it writes into pinned (preallocated) tensors. */
  private static Set<String> outputNames(Set<String> requested, Object pinned) {
    if (!(pinned instanceof Map<?, ?> pinnedByName) || pinnedByName.isEmpty()) {
      return requested;
    }
    Set<String> names = new LinkedHashSet<>(requested == null ? Set.of() : requested);
    pinnedByName.keySet().forEach(name -> names.add(String.valueOf(name)));
    return names;
  }

  @Override
  protected void onProviderAdded(Object sessionOptions, String method) {
    try {
      if (sessionOptions instanceof InstrumentedObject) {
        InstrumentedObject options = (InstrumentedObject) sessionOptions;
        options.inferscope$setState(ExecutionProviders.with(options.inferscope$getState(), method));
      }
    } catch (Throwable t) {
      HookErrors.report("onnxruntime execution provider", t);
    }
  }

  private record PendingLoad(InferenceTelemetry.ModelLoad load, ModelIdentity model) {}
}
