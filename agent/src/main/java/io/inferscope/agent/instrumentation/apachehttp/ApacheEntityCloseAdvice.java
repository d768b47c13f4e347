package io.inferscope.agent.instrumentation.apachehttp;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the response entity proxy's {@code streamClosed(InputStream)}, which its body stream
 * calls when closed before its end, and HttpClient 5's {@code close()}, which closing the response
 * calls (also when the client's own retry drops a response it will send again). A body already read
 * to its end is unaffected; before its end, this is an early close. Reported on entry: closing may
 * then read and discard the rest of the body, which the application never sees.
 */
final class ApacheEntityCloseAdvice {
  private ApacheEntityCloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object exchange) {
    HttpExchangeBridge.bodyClosed(exchange);
  }
}
