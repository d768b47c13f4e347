package io.inferscope.agent.instrumentation.reactornetty;

import io.inferscope.bootstrap.ReactorNettyBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the OpenTelemetry Java agent's WebClient filter ({@code MonoWebClientTrace.subscribe}, a
 * class that agent adds to the application): an LLM request's exchange is entered before that agent
 * starts its WebClient span, whose parent is what is current there, and is current while the request
 * is subscribed. Its span is then the GenAI span's child, as the HTTP span of every other client. Only
 * for the connectors whose hooks take that exchange for the same request further down (Reactor Netty's
 * entry, the JDK HttpClient's send): on any other, what the filter calls is left as it was.
 */
final class AgentWebClientEntryAdvice {
  private AgentWebClientEntryAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.FieldValue("request") Object request, @Advice.FieldValue("next") Object next) {
    return ReactorNettyBridge.enterWebClient(request, next);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object entered) {
    ReactorNettyBridge.exit(entered);
  }
}
