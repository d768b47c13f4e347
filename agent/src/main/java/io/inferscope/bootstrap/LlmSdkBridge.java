package io.inferscope.bootstrap;

/**
 * What the LLM client SDK advice (openai-java, LangChain4j) calls around one logical call. Entry
 * points tolerate the agent not being ready and never throw.
 */
public abstract class LlmSdkBridge {
  private static volatile LlmSdkBridge delegate;

  public static void install(LlmSdkBridge bridge) {
    delegate = bridge;
  }

  /** @return the call boundary to pass to {@link #exit}, or null (agent not ready, or nested in another SDK call) */
  public static Object enter() {
    LlmSdkBridge d = delegate;
    return d == null ? null : d.onEnter();
  }

  /**
   * The SDK method returned {@code returned} (a value, a future, or a stream when {@code stream}) or
   * threw {@code error}.
   *
   * @return what the method should return instead (a future that completes like the SDK's, with the
   *     call's context current for the application's continuations), or null to keep {@code returned}
   */
  public static Object exit(Object boundary, Object returned, Throwable error, boolean stream) {
    LlmSdkBridge d = delegate;
    return d != null && boundary != null ? d.onExit(boundary, returned, error, stream) : null;
  }

  /**
   * The SDK method returned a lazy publisher (a Reactor {@code Flux}) or threw {@code error}.
   *
   * @return an executor that runs each task at once on the calling thread with the call's context
   *     current, for the publisher's subscription to run through (a {@code java.util.concurrent.Executor}),
   *     or null to leave the publisher as it is
   */
  public static Object exitWithPublisher(Object boundary, Throwable error) {
    LlmSdkBridge d = delegate;
    return d != null && boundary != null ? d.onExitWithPublisher(boundary, error) : null;
  }

  /** The SDK call being made on this thread, or null: for objects the SDK creates inside it. */
  public static Object currentCall() {
    LlmSdkBridge d = delegate;
    return d == null ? null : d.onCurrentCall();
  }

  /**
   * An executor that runs {@code executor}'s tasks with {@code call}'s context current (for SDK
   * callbacks dispatched to the SDK's own threads), or null to keep {@code executor}.
   */
  public static Object inCallContext(Object call, Object executor) {
    LlmSdkBridge d = delegate;
    return d == null || call == null || executor == null ? null : d.onInCallContext(call, executor);
  }

  protected abstract Object onCurrentCall();

  protected abstract Object onInCallContext(Object call, Object executor);

  protected abstract Object onEnter();

  protected abstract Object onExit(Object boundary, Object returned, Throwable error, boolean stream);

  protected abstract Object onExitWithPublisher(Object boundary, Throwable error);
}
