package io.inferscope.agent.instrumentation.reactornetty;

import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.InstrumentedObjects;
import io.inferscope.bootstrap.ReactorNettyBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientConnect$HttpClientHandler.get()}, which the connection provider calls
 * for the address of each attempt (the first on the subscribing thread, inside the connection's entry
 * when the request has one; a redirect's or a retry's where the previous attempt ended): an LLM
 * request's attempt takes its exchange here, before connecting, so that a connection refused is a
 * failed call too. The first attempt takes the exchange the entry started; later ones start their own.
 * The handler keeps it until the attempt ends or is handed its connection.
 */
final class AttemptStartAdvice {
  private AttemptStartAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(
      @Advice.This Object handler, @Advice.FieldValue("toURI") Object target, @Advice.FieldValue("method") Object method) {
    if (InstrumentedObjects.stateOf(handler) != null) {
      return; // this attempt's exchange started at an earlier ask
    }
    Object exchange = ReactorNettyBridge.startAttempt(method, target);
    if (exchange != null) {
      ((InstrumentedObject) handler).inferscope$setState(exchange);
    }
  }
}
