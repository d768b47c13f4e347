package io.inferscope.bootstrap;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * What the DJL advice calls. Like {@link OnnxRuntimeBridge}: static entry points that tolerate the
 * agent not being ready and never throw.
 */
public abstract class DjlBridge {
  private static volatile DjlBridge delegate;
  /** Recorded (sampled) DJL calls in progress in the JVM: the phase markers matter only while > 0. */
  private static final AtomicInteger recordingCalls = new AtomicInteger();

  public static void install(DjlBridge bridge) {
    delegate = bridge;
  }

  public static void predictorCreated(Object predictor, String modelName, String engine, String device, String translator) {
    DjlBridge d = delegate;
    if (d != null) {
      d.onPredictorCreated(predictor, modelName, engine, device, translator);
    }
  }

  /** @return the call to end, or null when not traced (agent not ready, or nested in a traced call) */
  public static InferenceScope startCall(Object predictorState, boolean batch, int batchSize) {
    DjlBridge d = delegate;
    return d == null ? null : d.onCallStart(predictorState, batch, batchSize);
  }

  /** @return the streaming call to end when {@code streamingPredict} returns, or null when not traced */
  public static InferenceScope startStreamingCall(Object predictorState) {
    DjlBridge d = delegate;
    return d == null ? null : d.onStreamingCallStart(predictorState);
  }

  /**
   * The result of {@code StreamingBlock.forwardStream}: the model's output as a lazy stream, which the
   * agent wraps to see it end when a streaming call is active on this thread. Returns its argument
   * otherwise, or when the agent is not ready.
   */
  public static Stream<?> streamProduced(Stream<?> stream) {
    DjlBridge d = delegate;
    return d == null || stream == null ? stream : d.onStream(stream);
  }

  public static boolean anyRecordingCall() {
    return recordingCalls.get() > 0;
  }

  /** A recorded call started ({@code +1}) or ended ({@code -1}). */
  public static void recordingCall(int delta) {
    recordingCalls.addAndGet(delta);
  }

  /** @param method the Predictor method that marks a phase end: preprocessEnd, predictEnd, postProcessEnd */
  public static void phaseEnd(String method) {
    DjlBridge d = delegate;
    if (d != null) {
      d.onPhaseEnd(method);
    }
  }

  public static Object startLoad(String modelName, String engine) {
    DjlBridge d = delegate;
    return d == null ? null : d.onLoadStart(modelName, engine);
  }

  /** @param model the loaded ZooModel, or null when loading failed */
  public static void endLoad(
      Object load, Object model, String modelName, String engine, String device, String location, Throwable error) {
    DjlBridge d = delegate;
    if (d != null && load != null) {
      d.onLoadEnd(load, model, modelName, engine, device, location, error);
    }
  }

  public static void modelClosed(Object model) {
    DjlBridge d = delegate;
    if (d != null) {
      d.onModelClosed(model);
    }
  }

  protected abstract void onModelClosed(Object model);

  protected abstract void onPredictorCreated(Object predictor, String modelName, String engine, String device, String translator);

  protected abstract InferenceScope onCallStart(Object predictorState, boolean batch, int batchSize);

  protected abstract InferenceScope onStreamingCallStart(Object predictorState);

  /** Must return {@code stream} itself when it does not wrap it, and never throw. */
  protected abstract Stream<?> onStream(Stream<?> stream);

  protected abstract void onPhaseEnd(String method);

  protected abstract Object onLoadStart(String modelName, String engine);

  protected abstract void onLoadEnd(Object load, Object model, String modelName, String engine, String device, String location, Throwable error);
}
