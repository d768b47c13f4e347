package io.inferscope.tests.apps.transport;

/**
 * The scenarios {@link ReactiveCallsApp} runs, and the models they ask for (the behaviour before the
 * colon, as the fake server reads it; the tag after it tells the tests each scenario's span and
 * requests apart). Free of any client library, so that the test JVM, which has none, can name them.
 */
public enum ReactiveScenario {
  /** A Reactor Netty SSE stream with an operator that makes an LLM call on the first chunk. */
  OPERATORS("gpt-4o-mini:operators", true),
  /** The same through WebClient's {@code bodyToFlux(String)}. */
  WEBCLIENT_OPERATORS("gpt-4o-mini:webclient-operators", true),
  /** {@code take(1)} on a stream that stalls after its first chunk. */
  TAKE("stall:take", true),
  /** {@code dispose()} 100 ms into a call whose answer comes 500 ms late. */
  DISPOSE("slow:dispose", false),
  /** Reactor's {@code retry(1)} after a 429. */
  RETRY("error-429:retry", false),
  /** A request carrying the application's own traceparent. */
  OWN_TRACEPARENT("gpt-4o-mini:own-traceparent", false),
  /** A call to a server that answers 307 to the LLM server, the client following redirects. */
  REDIRECT("gpt-4o-mini:redirect", false),
  /** A request body sent as a Flux of three buffers (as Spring's RestClient on Reactor Netty streams its body). */
  FLUX_BODY("gpt-4o-mini:flux-body", false);

  /** What the application sends as its own traceparent in {@link #OWN_TRACEPARENT}. */
  public static final String APPLICATION_TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  public final String model;
  public final boolean streamed;

  ReactiveScenario(String model, boolean streamed) {
    this.model = model;
    this.streamed = streamed;
  }

  /** The model of the LLM call an operator of the scenario makes. */
  public String operatorModel() {
    return "embedder-" + name().toLowerCase();
  }

  /** The chat request the scenario sends. */
  public String chat() {
    return "{\"model\":\"" + model + "\","
        + (streamed ? "\"stream\":true,\"stream_options\":{\"include_usage\":true}," : "")
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  }
}
