package io.inferscope.agent.instrumentation.apachehttp;

import io.inferscope.bootstrap.HttpBodyTee;
import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import java.io.OutputStream;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the response entity proxy's {@code writeTo(OutputStream)} ({@code BufferedHttpEntity},
 * an application copying the body to a file): the body is copied without passing the hooked stream,
 * so the application's stream is swapped for a tee that writes to it first, unchanged, then shows the
 * exchange the same bytes. The copy ends at the body's end, or fails.
 */
final class ApacheEntityWriteToAdvice {
  private ApacheEntityWriteToAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(
      @Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object exchange,
      @Advice.Argument(value = 0, readOnly = false) OutputStream out) {
    if (exchange != null) {
      out = HttpBodyTee.of(exchange, out);
    }
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object exchange, @Advice.Argument(0) OutputStream out,
      @Advice.Thrown Throwable error) {
    if (exchange == null) {
      return;
    }
    if (error != null) {
      HttpExchangeBridge.failed(exchange, error);
    } else if (out == null) {
      HttpExchangeBridge.bodyClosed(exchange); // no stream to copy to: the body was dropped unseen
    } else {
      HttpExchangeBridge.bodyEnded(exchange);
    }
  }
}
