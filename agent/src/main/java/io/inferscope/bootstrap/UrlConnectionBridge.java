package io.inferscope.bootstrap;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;

/**
 * What the advice inlined into the JDK's {@code HttpURLConnection} (plain and, through its delegate,
 * HTTPS) calls. The connection's lifecycle is implicit: its first {@code connect},
 * {@code getOutputStream} or {@code getInputStream} starts the request, the streams those return
 * carry the bodies, {@code disconnect} ends it. The agent's loader sees {@code java.net} types, so
 * the work is done there; every entry point passes the application's values through unchanged when
 * the agent is not ready, and never throws.
 */
public abstract class UrlConnectionBridge {
  private static volatile UrlConnectionBridge delegate;

  public static void install(UrlConnectionBridge bridge) {
    delegate = bridge;
  }

  /**
   * The connection's first call: an observed request's exchange starts, its trace headers are set
   * (the request's headers are still open), and its context is current until {@link #exit}.
   *
   * @param writing whether the request will have a body (its method turns from GET to POST)
   * @return what to pass to {@link #exit}, or null when nothing started
   */
  public static Object opened(HttpURLConnection connection, boolean writing) {
    UrlConnectionBridge d = delegate;
    return d == null ? null : d.onOpened(connection, writing);
  }

  /**
   * Entering {@code getInputStream}, which the JDK also calls within itself (its status and header
   * getters go through it): the exchange starts here if this is the connection's first call, and
   * only the outermost call's return reports the response.
   *
   * @return what to pass to {@link #exit}, or null
   */
  public static Object receiving(HttpURLConnection connection, boolean first) {
    UrlConnectionBridge d = delegate;
    return d == null ? null : d.onReceiving(connection, first);
  }

  /** The first call returned or threw: the exchange's context is no longer current. */
  public static void exit(Object opened) {
    UrlConnectionBridge d = delegate;
    if (d != null && opened != null) {
      d.onExit(opened);
    }
  }

  /** The stream the application writes the request body to: returns the one to give it instead, or {@code out}. */
  public static OutputStream requestStream(HttpURLConnection connection, OutputStream out) {
    UrlConnectionBridge d = delegate;
    return d == null || out == null ? out : d.onRequestStream(connection, out);
  }

  /**
   * {@code getInputStream} returned the response body: returns the stream to give the application
   * instead (it reports every byte, passed through unchanged), or {@code in}. Called on every return,
   * nested ones included (see {@link #receiving}).
   */
  public static InputStream responseStream(HttpURLConnection connection, InputStream in, int responseCode) {
    UrlConnectionBridge d = delegate;
    return d == null || in == null ? in : d.onResponseStream(connection, in, responseCode);
  }

  /**
   * {@code connect}, {@code getOutputStream} or {@code getInputStream} threw (called on every such
   * exit, nested ones included): with an error status
   * ({@code responseCode} of 400 or more) the response arrived and its body is the error stream;
   * otherwise the request failed.
   */
  public static void failed(HttpURLConnection connection, Throwable error, int responseCode) {
    UrlConnectionBridge d = delegate;
    if (d != null && error != null) {
      d.onFailed(connection, error, responseCode);
    }
  }

  /** {@code getErrorStream} returned an error response's body: as {@link #responseStream}. */
  public static InputStream errorStream(HttpURLConnection connection, InputStream in) {
    UrlConnectionBridge d = delegate;
    return d == null || in == null ? in : d.onErrorStream(connection, in);
  }

  /** The application let the connection go: an exchange still open ends here. */
  public static void disconnected(HttpURLConnection connection) {
    UrlConnectionBridge d = delegate;
    if (d != null) {
      d.onDisconnected(connection);
    }
  }

  protected abstract Object onOpened(HttpURLConnection connection, boolean writing);

  protected abstract Object onReceiving(HttpURLConnection connection, boolean first);

  protected abstract void onExit(Object opened);

  protected abstract OutputStream onRequestStream(HttpURLConnection connection, OutputStream out);

  protected abstract InputStream onResponseStream(HttpURLConnection connection, InputStream in, int responseCode);

  protected abstract void onFailed(HttpURLConnection connection, Throwable error, int responseCode);

  protected abstract InputStream onErrorStream(HttpURLConnection connection, InputStream in);

  protected abstract void onDisconnected(HttpURLConnection connection);
}
