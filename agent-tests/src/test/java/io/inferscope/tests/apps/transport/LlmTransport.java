package io.inferscope.tests.apps.transport;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link TransportSuiteApp} needs of an HTTP client to call an LLM the way applications do,
 * with no agent-specific code: one small adapter per client library implements it, so that the same
 * cases run against every client the agent instruments. An adapter has a public no-argument
 * constructor and uses only the client's ordinary API.
 */
public interface LlmTransport extends Closeable {
  /**
   * The client library as loaded (its jar's file name, or the JDK module), printed so that a test
   * can see the application ran on the version it meant to.
   */
  String library();

  /** POSTs {@code json} with {@code headers} and reads the whole answer the client's usual way. */
  Answer post(String url, Map<String, String> headers, String json) throws IOException, InterruptedException;

  /**
   * POSTs {@code json} with {@code headers} and returns once the status line and headers are in;
   * the application then reads the body line by line, as SSE and NDJSON readers do, and may close
   * it at any point.
   */
  LineStream open(String url, Map<String, String> headers, String json) throws IOException, InterruptedException;

  /** Whether the client has an asynchronous API with a callback; {@link #postAsync} only then. */
  default boolean hasAsync() {
    return false;
  }

  /**
   * POSTs {@code json} with the client's asynchronous API and returns at once; {@code callback}
   * runs where the client completes the call (its own thread), after the whole answer was read.
   */
  default void postAsync(String url, Map<String, String> headers, String json, AsyncCallback callback) {
    throw new UnsupportedOperationException(library() + " has no asynchronous API");
  }

  /** The file name of the jar {@code type} was loaded from: what {@link #library()} reports for a library client. */
  static String jarOf(Class<?> type) {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().getPath()).getFileName().toString();
  }

  /** Stops the client's threads and drops its pooled connections, so that the JVM can exit. */
  @Override
  void close();

  /** A whole answer: the status and the exact body bytes the application got. */
  record Answer(int status, byte[] body) {}

  /** A streamed answer, read one line at a time (without its line terminator). */
  interface LineStream extends Closeable {
    int status();

    /** The next line, or {@code null} at the end of the body. */
    String readLine() throws IOException;
  }

  /** Where an asynchronous call ends: exactly one of the two methods is called, once. */
  interface AsyncCallback {
    void answered(Answer answer);

    void failed(Throwable error);
  }
}
