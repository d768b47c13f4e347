package io.inferscope.tests.llm;

/** The transport suite on Spring's {@code WebClient} 7.0.10 (Spring Boot 4's) over Reactor Netty 1.3.7. */
class WebClient70LlmTest extends LlmTransportSuite implements AsyncLlmTransportSuite {
  WebClient70LlmTest() {
    super(Transport.WEBCLIENT_7_0);
  }
}
