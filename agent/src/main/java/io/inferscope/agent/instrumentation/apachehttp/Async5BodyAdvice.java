package io.inferscope.agent.instrumentation.apachehttp;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.InstrumentedObjects;
import java.nio.ByteBuffer;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code consume(ByteBuffer)} of HttpClient 5's async exchange handlers: the bytes are
 * shown to the exchange in place before the application's consumer takes them (its position
 * untouched), and the consumer runs with the call's context current, so its work, streaming callbacks
 * included, joins the call's trace.
 */
final class Async5BodyAdvice {
  private Async5BodyAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.FieldValue("val$execRuntime") Object runtime, @Advice.Argument(0) ByteBuffer bytes) {
    Object exchange = InstrumentedObjects.stateOf(runtime);
    if (exchange == null) {
      return null;
    }
    HttpExchangeBridge.bodyBuffer(exchange, bytes);
    return HttpExchangeBridge.enterContext(exchange);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Enter Object context, @Advice.FieldValue("val$execRuntime") Object runtime, @Advice.Thrown Throwable error) {
    HttpExchangeBridge.exitContext(context);
    if (error != null && runtime instanceof InstrumentedObject) {
      HttpExchangeBridge.failed(InstrumentedObjects.stateOf(runtime), error);
    }
  }
}
