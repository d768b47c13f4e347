package io.inferscope.tests.llm;

/** The transport suite on Reactor Netty's {@code HttpClient} 1.3.7 (Netty 4.2), the newest tested. */
class ReactorNetty13LlmTest extends LlmTransportSuite implements AsyncLlmTransportSuite {
  ReactorNetty13LlmTest() {
    super(Transport.REACTOR_NETTY_1_3);
  }
}
