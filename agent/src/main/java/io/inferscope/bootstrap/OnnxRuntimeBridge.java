package io.inferscope.bootstrap;

import java.util.Set;

/**
 * What the ONNX Runtime advice calls. Static entry points tolerate the agent not being ready yet
 * (delegate null) and never throw: advice already suppresses, this is the second guard.
 */
public abstract class OnnxRuntimeBridge {
  private static volatile OnnxRuntimeBridge delegate;

  public static void install(OnnxRuntimeBridge bridge) {
    delegate = bridge;
  }

  /** @param source the model: a path String, byte[] or ByteBuffer */
  public static Object startLoad(Object source, Object sessionOptions) {
    OnnxRuntimeBridge d = delegate;
    return d == null ? null : d.onLoadStart(source, sessionOptions);
  }

  public static void endLoad(Object load, Object session, Throwable error) {
    OnnxRuntimeBridge d = delegate;
    if (d != null && load != null) {
      d.onLoadEnd(load, session, error);
    }
  }

  public static void sessionClosed(Object session) {
    OnnxRuntimeBridge d = delegate;
    if (d != null) {
      d.onSessionClosed(session);
    }
  }

  /** @param pinnedOutputs the run's third argument: its pinned outputs (a Map, 1.17+) or, before, its RunOptions */
  public static InferenceScope startRun(Object sessionState, Set<String> requestedOutputs, Object pinnedOutputs) {
    OnnxRuntimeBridge d = delegate;
    return d == null ? null : d.onRunStart(sessionState, requestedOutputs, pinnedOutputs);
  }

  public static void providerAdded(Object sessionOptions, String methodName) {
    OnnxRuntimeBridge d = delegate;
    if (d != null) {
      d.onProviderAdded(sessionOptions, methodName);
    }
  }

  protected abstract Object onLoadStart(Object source, Object sessionOptions);

  protected abstract void onLoadEnd(Object load, Object session, Throwable error);

  protected abstract void onSessionClosed(Object session);

  protected abstract InferenceScope onRunStart(Object sessionState, Set<String> requestedOutputs, Object pinnedOutputs);

  protected abstract void onProviderAdded(Object sessionOptions, String methodName);
}
