package io.inferscope.tests.llm;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The HTTP clients {@link LlmTransportSuiteTest} runs against. Adding a client: an
 * {@link io.inferscope.tests.apps.transport.LlmTransport} adapter in {@code apps/transport}, an
 * execution in agent-tests/pom.xml copying the client's jars to a folder of their own (passed to the
 * tests as a system property), and one entry here.
 */
enum Transport {
  /** sendAsync's continuations run where the client completes the future: no name to expect (Java 25: the common pool). */
  JDK_HTTP_CLIENT("JDK HttpClient", "JdkHttpTransport", () -> new Path[0], "java.net.http", true, null, "java.net.ConnectException"),
  OKHTTP_4("OkHttp 4.12", "OkHttpTransport", () -> LlmRuns.jarsIn("inferscope.okhttp4.libs"), "okhttp-4.12.0.jar", true,
      "OkHttp ", "java.net.ConnectException"),
  OKHTTP_3("OkHttp 3.14", "OkHttpTransport", () -> LlmRuns.jarsIn("inferscope.okhttp3.libs"), "okhttp-3.14.9.jar", true,
      "OkHttp ", "java.net.ConnectException"),
  /** The classic client for whole and streamed answers, the async one for the asynchronous call. */
  APACHE_HTTP_CLIENT_5("Apache HttpClient " + ApacheRuns.NEWEST_5, "ApacheHttpClient5Transport",
      () -> ApacheRuns.jarsFor(ApacheRuns.NEWEST_5), "httpclient5-" + ApacheRuns.NEWEST_5 + ".jar", true, "httpclient-dispatch-",
      "org.apache.hc.client5.http.HttpHostConnectException"),
  APACHE_HTTP_CLIENT_4("Apache HttpClient " + ApacheRuns.V4, "ApacheHttpClient4Transport", () -> ApacheRuns.jarsFor(ApacheRuns.V4),
      "httpclient-" + ApacheRuns.V4 + ".jar", false, null, "org.apache.http.conn.HttpHostConnectException"),
  HTTP_URL_CONNECTION("HttpURLConnection", "UrlConnectionTransport", () -> new Path[0], "java.base", false, null, "java.net.ConnectException"),
  /** The consumer of the asynchronous call runs on Reactor Netty's event loop. */
  REACTOR_NETTY_1_2("Reactor Netty 1.2.11", "ReactorNettyTransport", () -> reactorNetty("1.2.11"), "reactor-netty-http-1.2.11.jar",
      true, "reactor-http-", Transport.NETTY_REFUSED),
  REACTOR_NETTY_1_3("Reactor Netty 1.3.7", "ReactorNettyTransport", () -> reactorNetty("1.3.7"), "reactor-netty-http-1.3.7.jar",
      true, "reactor-http-", Transport.NETTY_REFUSED),
  WEBCLIENT_6_2("Spring WebClient 6.2.12 on Reactor Netty 1.2.11", "WebClientTransport", () -> reactorNetty("1.2.11"),
      "spring-webflux-6.2.12.jar", true, "reactor-http-", Transport.NETTY_REFUSED),
  WEBCLIENT_7_0("Spring WebClient 7.0.10 on Reactor Netty 1.3.7", "WebClientTransport", () -> reactorNetty("1.3.7"),
      "spring-webflux-7.0.10.jar", true, "reactor-http-", Transport.NETTY_REFUSED),
  /** The web client for whole answers and the asynchronous call, the core HttpClient for streams; Netty names the refused address. */
  VERTX_4_5_14("Vert.x 4.5.14", "VertxTransport", () -> LlmRuns.jarsIn("inferscope.vertx.libs", "vertx-4.5.14"),
      "vertx-web-client-4.5.14.jar", true, "vert.x-eventloop-thread-", Transport.NETTY_REFUSED),
  VERTX_4_5_27("Vert.x 4.5.27", "VertxTransport", () -> LlmRuns.jarsIn("inferscope.vertx.libs", "vertx-4.5.27"),
      "vertx-web-client-4.5.27.jar", true, "vert.x-eventloop-thread-", Transport.NETTY_REFUSED),
  VERTX_5_0_7("Vert.x 5.0.7", "VertxTransport", () -> LlmRuns.jarsIn("inferscope.vertx.libs", "vertx-5.0.7"),
      "vertx-web-client-5.0.7.jar", true, "vert.x-eventloop-thread-", Transport.NETTY_REFUSED);


  /** What Netty throws for a refused connection: a ConnectException that names the address. */
  private static final String NETTY_REFUSED = "io.netty.channel.AbstractChannel$AnnotatedConnectException";

  private static final String ADAPTERS = "io.inferscope.tests.apps.transport.";

  private final String label;
  /**
   * The adapter's class name; a name, not a class literal, because the test JVM has none of the
   * clients' jars and must not load the adapters.
   */
  final String adapterClass;
  /** The client's jars (none for a client in the JDK), from a folder the build copied them to. */
  private final Supplier<Path[]> jars;
  /** What the application prints as its client library: the jar's file name or the JDK module. */
  final String library;
  /** Whether the client has an asynchronous API with a callback. */
  private final boolean async;
  /** How the client's own threads that run asynchronous callbacks are named; null when not by the client. */
  final String callbackThreadPrefix;
  /** The exception the application gets, and the span records, for a refused connection. */
  final String refusedException;

  Transport(String label, String adapter, Supplier<Path[]> jars, String library, boolean async, String callbackThreadPrefix,
      String refusedException) {
    this.label = label;
    this.adapterClass = ADAPTERS + adapter;
    this.jars = jars;
    this.refusedException = refusedException;
    this.library = library;
    this.async = async;
    this.callbackThreadPrefix = callbackThreadPrefix;
  }

  /**
   * Whether a call refused at connect has already seen its request body. HttpURLConnection connects
   * when the application opens the body's stream, before it writes the body; Reactor Netty writes it
   * (the application's send function runs) only once connected: their spans then know the endpoint,
   * not the model.
   */
  boolean seesTheBodyBeforeConnecting() {
    return switch (this) {
      case HTTP_URL_CONNECTION, REACTOR_NETTY_1_2, REACTOR_NETTY_1_3, WEBCLIENT_6_2, WEBCLIENT_7_0 -> false;
      default -> true;
    };
  }

  /** One Reactor Netty version's jars (with Spring WebFlux), from its folder under the Reactor Netty folder. */
  private static Path[] reactorNetty(String version) {
    return LlmRuns.jarsIn("inferscope.reactor.netty.libs", "reactor-netty-" + version);
  }

  /** The client's jars, for the application's class path. */
  Path[] jars() {
    return jars.get();
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
