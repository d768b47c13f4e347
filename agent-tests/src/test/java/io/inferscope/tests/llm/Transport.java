package io.inferscope.tests.llm;

import java.nio.file.Path;

/**
 * The HTTP clients {@link LlmTransportSuiteTest} runs against. Adding a client: an
 * {@link io.inferscope.tests.apps.transport.LlmTransport} adapter in {@code apps/transport}, an
 * execution in agent-tests/pom.xml copying the client's jars to a folder of their own (passed to the
 * tests as a system property), and one entry here.
 */
enum Transport {
  /** sendAsync's continuations run where the client completes the future: no name to expect (Java 25: the common pool). */
  JDK_HTTP_CLIENT("JDK HttpClient", "JdkHttpTransport", null, "java.net.http", true, null),
  OKHTTP_4("OkHttp 4.12", "OkHttpTransport", "inferscope.okhttp4.libs", "okhttp-4.12.0.jar", true, "OkHttp "),
  OKHTTP_3("OkHttp 3.14", "OkHttpTransport", "inferscope.okhttp3.libs", "okhttp-3.14.9.jar", true, "OkHttp ");

  private static final String ADAPTERS = "io.inferscope.tests.apps.transport.";

  private final String label;
  /**
   * The adapter's class name; a name, not a class literal, because the test JVM has none of the
   * clients' jars and must not load the adapters.
   */
  final String adapterClass;
  /** The system property naming the folder of the client's jars; null for a client in the JDK. */
  private final String libsProperty;
  /** What the application prints as its client library: the jar's file name or the JDK module. */
  final String library;
  /** Whether the client has an asynchronous API with a callback. */
  private final boolean async;
  /** How the client's own threads that run asynchronous callbacks are named; null when not by the client. */
  final String callbackThreadPrefix;

  Transport(String label, String adapter, String libsProperty, String library, boolean async, String callbackThreadPrefix) {
    this.label = label;
    this.adapterClass = ADAPTERS + adapter;
    this.libsProperty = libsProperty;
    this.library = library;
    this.async = async;
    this.callbackThreadPrefix = callbackThreadPrefix;
  }

  /** The client's jars, for the application's class path. */
  Path[] jars() {
    return libsProperty == null ? new Path[0] : LlmRuns.jarsIn(libsProperty);
  }

  boolean hasAsync() {
    return async;
  }

  /** The client's name, which the suite's reports show for each test. */
  @Override
  public String toString() {
    return label;
  }
}
