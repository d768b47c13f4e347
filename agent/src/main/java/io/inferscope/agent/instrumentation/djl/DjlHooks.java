package io.inferscope.agent.instrumentation.djl;

import io.inferscope.agent.logging.HookErrors;
import io.inferscope.agent.ml.InferenceCall;
import io.inferscope.agent.ml.InferenceOperation;
import io.inferscope.agent.ml.InferencePhase;
import io.inferscope.agent.ml.InferenceTelemetry;
import io.inferscope.agent.ml.MlAttributes;
import io.inferscope.agent.ml.ModelIdentity;
import io.inferscope.bootstrap.DjlBridge;
import io.inferscope.bootstrap.InferenceScope;
import io.inferscope.bootstrap.InstrumentedObject;
import io.opentelemetry.api.common.Attributes;
import java.util.stream.Stream;

/**
 * Turns DJL hook events into {@code ml.*} spans and metrics. The active call is kept per thread
 * (a predictor is used by one thread at a time, but applications sometimes share one anyway), so the
 * phase markers find their call and {@code predict → batchPredict} on the same predictor is one call.
 */
final class DjlHooks extends DjlBridge implements InferenceCall.EndListener {
  static final String FRAMEWORK = "djl";
  private static final ModelIdentity UNKNOWN = ModelIdentity.unknown(FRAMEWORK, "unknown", "unknown");
  private static final ThreadLocal<InferenceCall> ACTIVE = new ThreadLocal<>();
  private static final ThreadLocal<DjlStreamingCall> STREAMING = new ThreadLocal<>();

  private final InferenceTelemetry telemetry;

  DjlHooks(InferenceTelemetry telemetry) {
    this.telemetry = telemetry;
  }

  @Override
  protected void onPredictorCreated(Object predictor, String modelName, String engine, String device, String translator) {
    try {
      if (predictor instanceof InstrumentedObject) {
        Attributes extras =
            translator == null ? Attributes.empty() : Attributes.of(MlAttributes.DJL_TRANSLATOR, DjlNames.simpleClassName(translator));
        ((InstrumentedObject) predictor).inferscope$setState(
            new ModelIdentity(DjlNames.modelName(modelName), FRAMEWORK, DjlNames.engine(engine), DjlNames.device(device), extras));
      }
    } catch (Throwable t) {
      HookErrors.report("djl predictor", t);
    }
  }

  @Override
  protected InferenceScope onCallStart(Object predictorState, boolean batch, int batchSize) {
    try {
      ModelIdentity model = predictorState instanceof ModelIdentity ? (ModelIdentity) predictorState : UNKNOWN;
      InferenceCall outer = ACTIVE.get();
      if (outer != null && !outer.isEnded() && outer.model() == model) {
        return null; // predict's own inner batchPredict: already traced
      }
      InferenceCall call =
          telemetry.startCall(model, batch ? InferenceOperation.BATCH_PREDICT : InferenceOperation.PREDICT, null, true, this);
      call.batchSize(batchSize);
      call.attach(outer);
      if (call.wantsDetail()) {
        DjlBridge.recordingCall(1);
      }
      ACTIVE.set(call);
      return call;
    } catch (Throwable t) {
      HookErrors.report("djl predict", t);
      return null;
    }
  }

  @Override
  protected InferenceScope onStreamingCallStart(Object predictorState) {
    try {
      ModelIdentity model = predictorState instanceof ModelIdentity ? (ModelIdentity) predictorState : UNKNOWN;
      InferenceCall call = telemetry.startCall(model, InferenceOperation.STREAM_PREDICT, null, true, null);
      call.batchSize(1);
      DjlStreamingCall streaming = new DjlStreamingCall(call, STREAMING.get());
      STREAMING.set(streaming);
      return streaming;
    } catch (Throwable t) {
      HookErrors.report("djl streaming predict", t);
      return null;
    }
  }

  @Override
  protected Stream<?> onStream(Stream<?> stream) {
    try {
      DjlStreamingCall streaming = STREAMING.get();
      return streaming == null ? stream : streaming.track(stream);
    } catch (Throwable t) {
      HookErrors.report("djl stream", t);
      return stream;
    }
  }

  static void streamingCallReturned(DjlStreamingCall call) {
    STREAMING.set(call.outer);
  }

  @Override
  public void ended(InferenceCall call) {
    if (call.wantsDetail()) {
      DjlBridge.recordingCall(-1);
    }
    Object outer = call.attachment();
    ACTIVE.set(outer instanceof InferenceCall && !((InferenceCall) outer).isEnded() ? (InferenceCall) outer : null);
  }

  @Override
  protected void onPhaseEnd(String method) {
    try {
      InferenceCall call = ACTIVE.get();
      // Only recorded calls keep a phase split (see InferenceCall.phaseEnd): decide before any work.
      if (call != null && call.wantsDetail() && !call.isEnded()) {
        call.phaseEnd(phase(method));
      }
    } catch (Throwable t) {
      HookErrors.report("djl phase", t);
    }
  }

  private static InferencePhase phase(String method) {
    switch (method) {
      case "preprocessEnd":
        return InferencePhase.PREPROCESS;
      case "predictEnd":
        return InferencePhase.INFERENCE;
      default:
        return InferencePhase.POSTPROCESS;
    }
  }

  @Override
  protected Object onLoadStart(String modelName, String engine) {
    try {
      String name = DjlNames.modelName(modelName);
      Attributes details = engine == null ? Attributes.empty() : Attributes.of(MlAttributes.ENGINE, engine);
      return new PendingLoad(telemetry.startLoad(FRAMEWORK, name, details, true), name, engine);
    } catch (Throwable t) {
      HookErrors.report("djl load", t);
      return null;
    }
  }

  @Override
  protected void onLoadEnd(
      Object load, Object zooModel, String modelName, String engine, String device, String location, Throwable error) {
    try {
      PendingLoad pending = (PendingLoad) load;
      if (error == null && modelName != null) {
        if (location != null) {
          pending.load.span().setAttribute(MlAttributes.MODEL_LOCATION, DjlNames.location(location));
        }
        ModelIdentity model = new ModelIdentity(DjlNames.modelName(modelName), FRAMEWORK, DjlNames.engine(engine), DjlNames.device(device));
        telemetry.endLoad(pending.load, model, null, null);
        if (zooModel != null) {
          telemetry.modelLoaded(zooModel, model);
        }
      } else {
        ModelIdentity requested = new ModelIdentity(pending.modelName, FRAMEWORK, DjlNames.engine(pending.engine), "unknown");
        telemetry.endLoad(pending.load, null, requested.attributes(MlAttributes.OP_LOAD), error);
      }
    } catch (Throwable t) {
      HookErrors.report("djl load", t);
    }
  }

  @Override
  protected void onModelClosed(Object model) {
    telemetry.modelClosed(model, FRAMEWORK);
  }

  private record PendingLoad(InferenceTelemetry.ModelLoad load, String modelName, String engine) {}
}
