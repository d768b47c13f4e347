package io.inferscope.agent.instrumentation.reactornetty;

import io.inferscope.bootstrap.InstrumentedObjects;
import io.inferscope.bootstrap.ReactorNettyBridge;
import net.bytebuddy.asm.Advice;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * Inlined into {@code HttpClientConnect$MonoHttpConnect.subscribe(CoreSubscriber)}: on the wrapper
 * {@link ConnectEntryAdvice} made (its state is the entry), the request's exchange is entered, the real
 * connection {@code Mono} subscribed in its context, and the wrapper's own body skipped; every other
 * {@code MonoHttpConnect} runs as written. Not woven with the exception handler that swallows an
 * advice's failures: what the application's subscription throws must reach the caller once, not be
 * swallowed and then followed by the wrapper's own connect. The bridge calls never throw.
 */
final class EntrySubscribeAdvice {
  private EntrySubscribeAdvice() {}

  @SuppressWarnings("unchecked")
  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
  static boolean enter(@Advice.This Object connect, @Advice.Argument(0) Object actual) {
    Object entry = InstrumentedObjects.stateOf(connect);
    Object inner = ReactorNettyBridge.inner(entry);
    if (inner == null) {
      return false;
    }
    Object entered = ReactorNettyBridge.enter(entry);
    try {
      ((Mono<Object>) inner).subscribe((CoreSubscriber<Object>) actual);
    } finally {
      ReactorNettyBridge.exit(entered);
    }
    return true;
  }
}
