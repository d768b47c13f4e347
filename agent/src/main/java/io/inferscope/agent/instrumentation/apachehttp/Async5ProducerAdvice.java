package io.inferscope.agent.instrumentation.apachehttp;

import io.inferscope.bootstrap.InstrumentedObject;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of HttpCore 5's {@code BasicRequestProducer} constructors (what
 * {@code SimpleRequestProducer.create} and {@code BasicRequestProducer}'s own users build): the
 * producer keeps its request where the async client's entry finds it, since a producer has no getter.
 */
final class Async5ProducerAdvice {
  private Async5ProducerAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Object producer, @Advice.FieldValue("request") Object request) {
    if (producer instanceof InstrumentedObject) {
      ((InstrumentedObject) producer).inferscope$setState(request);
    }
  }
}
