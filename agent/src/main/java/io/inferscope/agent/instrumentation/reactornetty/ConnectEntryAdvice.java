package io.inferscope.agent.instrumentation.reactornetty;

import io.inferscope.bootstrap.ReactorNettyBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import reactor.netty.http.client.HttpClient;

/**
 * Inlined into {@code HttpClientConnect.connect()}, after it applied the configured connectors
 * ({@code mapConnect}: the OpenTelemetry Java agent's takes the current context there when subscribed):
 * for an LLM request, the returned {@code Mono} is wrapped once more, outermost, so that its exchange
 * is current before any of them runs (see {@link ReactorNettyEntries}).
 */
final class ConnectEntryAdvice {
  private ConnectEntryAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(
      @Advice.This Object client, @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object mono) {
    mono = ReactorNettyBridge.connect(((HttpClient) client).configuration(), mono);
  }
}
