package io.inferscope.bootstrap;

import java.io.InputStream;

/**
 * What the AWS SDK for Java 2.x advice calls around an async client's execution (its response
 * handler, transport-independent: Netty, CRT or any other {@code SdkAsyncHttpClient}). Only an
 * execution made inside an LLM SDK call (Bedrock's) is followed; every other AWS call costs one check.
 * Entry points tolerate the agent not being ready and never throw.
 */
public abstract class AwsSdkBridge {
  private static volatile AwsSdkBridge delegate;

  public static void install(AwsSdkBridge bridge) {
    delegate = bridge;
  }

  /** Whether an LLM SDK call is current on this thread: only then is an execution looked at. */
  public static boolean inLlmCall() {
    AwsSdkBridge d = delegate;
    return d != null && d.onInLlmCall();
  }

  /** The largest request body worth reading for this request, or -1 when it is not an LLM call. */
  public static long requestBytes(String method, String host, int port, String path) {
    AwsSdkBridge d = delegate;
    return d == null ? -1 : d.onRequestBytes(method, host, port, path);
  }

  /**
   * The execution's request is known: returns its state, to keep with the response handler and pass
   * below, or null to leave it alone.
   *
   * @param body the request body (read up to the bound, then closed), or null
   * @param attributes the execution's attribute values, where another tracer may keep the call's context
   */
  public static Object execution(String method, String host, int port, String path, InputStream body, Iterable<?> attributes) {
    AwsSdkBridge d = delegate;
    return d == null ? null : d.onExecution(method, host, port, path, body, attributes);
  }

  /** An attempt's status and headers arrived (each retry's too). */
  public static void responded(Object execution, int status, String contentType, String contentEncoding) {
    AwsSdkBridge d = delegate;
    if (d != null && execution != null) {
      d.onResponded(execution, status, contentType, contentEncoding);
    }
  }

  /**
   * What watches the attempt's body as it flows to the SDK: a {@code Function<ByteBuffer, ByteBuffer>}
   * that returns each buffer unchanged, then runnables for its completion and cancellation and a
   * {@code Consumer<Throwable>} for its failure; null to leave the body alone.
   */
  public static Object[] bodyObservers(Object execution) {
    AwsSdkBridge d = delegate;
    return d == null || execution == null ? null : d.onBodyObservers(execution);
  }

  /** The attempt failed (before or after its response began). */
  public static void failed(Object execution, Throwable error) {
    AwsSdkBridge d = delegate;
    if (d != null && execution != null) {
      d.onFailed(execution, error);
    }
  }

  protected abstract boolean onInLlmCall();

  protected abstract long onRequestBytes(String method, String host, int port, String path);

  protected abstract Object onExecution(String method, String host, int port, String path, InputStream body, Iterable<?> attributes);

  protected abstract void onResponded(Object execution, int status, String contentType, String contentEncoding);

  protected abstract Object[] onBodyObservers(Object execution);

  protected abstract void onFailed(Object execution, Throwable error);
}
