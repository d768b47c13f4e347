package io.inferscope.tests.llm;

/**
 * The transport suite on Spring's {@code WebClient} 6.2.12 (Spring Boot 3.5's) over Reactor Netty
 * 1.2.11: the same hooks, reached through WebClient's connector, its {@code bodyValue} and decoders.
 */
class WebClient62LlmTest extends LlmTransportSuite implements AsyncLlmTransportSuite {
  WebClient62LlmTest() {
    super(Transport.WEBCLIENT_6_2);
  }
}
