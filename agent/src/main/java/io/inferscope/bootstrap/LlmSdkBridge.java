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
   */
  public static void exit(Object boundary, Object returned, Throwable error, boolean stream) {
    LlmSdkBridge d = delegate;
    if (d != null && boundary != null) {
      d.onExit(boundary, returned, error, stream);
    }
  }

  protected abstract Object onEnter();

  protected abstract void onExit(Object boundary, Object returned, Throwable error, boolean stream);
}
