package io.inferscope.tests.llm;

/**
 * The transport suite ({@link LlmTransportSuite}, blocking and subscribed) on Reactor Netty's
 * {@code HttpClient} 1.2.11 (Netty 4.1), the oldest the hooks claim. The reactive behaviours of its own
 * (early cancel, operators' context, retries) are {@link ReactorNettyReactiveTest}'s.
 */
class ReactorNetty12LlmTest extends LlmTransportSuite implements AsyncLlmTransportSuite {
  ReactorNetty12LlmTest() {
    super(Transport.REACTOR_NETTY_1_2);
  }
}
