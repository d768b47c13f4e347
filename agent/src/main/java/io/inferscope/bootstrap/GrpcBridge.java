package io.inferscope.bootstrap;

/**
 * What the grpc-java advice calls around an Open Inference Protocol {@code ModelInfer} call. The advice
 * checks the method name itself (one string comparison for every other call) and hands plain objects
 * here; entry points tolerate the agent not being ready (delegate null) and never throw.
 */
public abstract class GrpcBridge {
  /** The one gRPC method recorded: {@code inference.GRPCInferenceService/ModelInfer}. */
  public static final String MODEL_INFER = "inference.GRPCInferenceService/ModelInfer";

  private static volatile GrpcBridge delegate;

  public static void install(GrpcBridge bridge) {
    delegate = bridge;
  }

  /**
   * A blocking call that names its method ({@code ClientCalls.blockingUnaryCall(Channel, ...)}) starts.
   *
   * @return the call to pass to {@link #exit}, or null (agent not ready, or already inside a call of ours)
   */
  public static Object enterWithMethod(String authority, Object request) {
    GrpcBridge d = delegate;
    return d == null ? null : d.onEnterWithMethod(authority, request);
  }

  /** A channel created a {@code ModelInfer} call ({@code modelInfer}) or another one; the next ClientCalls call on this thread uses it. */
  public static void callCreated(boolean modelInfer, String authority) {
    GrpcBridge d = delegate;
    if (d != null) {
      d.onCallCreated(modelInfer, authority);
    }
  }

  /**
   * A ClientCalls method given a call the stub created just before starts: recorded when that call was
   * a {@code ModelInfer} one ({@link #callCreated}).
   *
   * @return the call to end through {@link #exit}, {@link #exitWithFuture} or {@link #observing}, or null
   */
  public static Object enterWithCall(Object request) {
    GrpcBridge d = delegate;
    return d == null ? null : d.onEnterWithCall(request);
  }

  /** The hooked method returned {@code response} or threw {@code error}; the call ends now. */
  public static void exit(Object call, Object response, Throwable error) {
    GrpcBridge d = delegate;
    if (d != null && call != null) {
      d.onExit(call, response, error);
    }
  }

  /**
   * The hooked method returned {@code future} (a {@code ListenableFuture}) or threw {@code error}.
   *
   * @return a {@code Runnable} to add to the future as a listener (it ends the call), or null
   */
  public static Runnable exitWithFuture(Object call, Object future, Throwable error) {
    GrpcBridge d = delegate;
    return d != null && call != null ? d.onExitWithFuture(call, future, error) : null;
  }

  /**
   * The response observer to give the call instead of {@code observer}: it records what reaches it and
   * passes everything on unchanged; null to keep {@code observer}.
   *
   * @param observerType the public interface the stand-in implements ({@code StreamObserver}, or
   *     {@code ClientResponseObserver} when the application's observer is one)
   */
  public static Object observing(Object call, Object observer, Class<?> observerType) {
    GrpcBridge d = delegate;
    return d != null && call != null && observer != null ? d.onObserving(call, observer, observerType) : null;
  }

  /** The async method returned (the observer ends the call) or threw {@code error}. */
  public static void exitAsync(Object call, Throwable error) {
    GrpcBridge d = delegate;
    if (d != null && call != null) {
      d.onExitAsync(call, error);
    }
  }

  /**
   * The trace headers for the call this thread is starting, as name, value, name, value..., followed by
   * nothing; null when there is nothing to write (no call of ours, or written already). The advice writes
   * them only if the metadata holds none of {@link #propagationFields}.
   */
  public static String[] traceHeaders() {
    GrpcBridge d = delegate;
    return d == null ? null : d.onTraceHeaders();
  }

  /** The header names the propagators write (present already: the application propagates itself). */
  public static String[] propagationFields() {
    GrpcBridge d = delegate;
    return d == null ? new String[0] : d.onPropagationFields();
  }

  protected abstract Object onEnterWithMethod(String authority, Object request);

  protected abstract void onCallCreated(boolean modelInfer, String authority);

  protected abstract Object onEnterWithCall(Object request);

  protected abstract void onExit(Object call, Object response, Throwable error);

  protected abstract Runnable onExitWithFuture(Object call, Object future, Throwable error);

  protected abstract Object onObserving(Object call, Object observer, Class<?> observerType);

  protected abstract void onExitAsync(Object call, Throwable error);

  protected abstract String[] onTraceHeaders();

  protected abstract String[] onPropagationFields();
}
