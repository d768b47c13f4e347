package io.inferscope.tests.llm;

/**
 * The transport suite on Vert.x ({@code apps/transport/VertxTransport}: the web client for whole and
 * asynchronous answers, the core {@code HttpClient} for streams read by fetching chunk by chunk), one
 * subclass per version so that each runs in JVMs of its own.
 */
abstract class VertxWebClientLlmSuite extends LlmTransportSuite implements AsyncLlmTransportSuite {
  VertxWebClientLlmSuite(Transport transport) {
    super(transport);
  }
}
