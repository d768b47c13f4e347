package io.inferscope.agent.instrumentation.vertx;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import net.bytebuddy.asm.Advice;

/**
 * The caller's context, carried across the web client's hop to the event loop: inlined into
 * {@code HttpContext.prepareRequest(...)}, which runs on the caller's thread, it is captured once per
 * call; inlined into {@code HttpContext.sendRequest(request)}, which writes the request later on the
 * event loop, it is current again while the head is written, so the call's span is the caller's child.
 */
final class VertxWebCaptureAdvice {
  private VertxWebCaptureAdvice() {}

  static final class Prepare {
    private Prepare() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object context) {
      InstrumentedObject call = (InstrumentedObject) context;
      if (call.inferscope$getState() == null) {
        call.inferscope$setState(HttpExchangeBridge.captureContext());
      }
    }
  }

  static final class Send {
    private Send() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object caller) {
      return HttpExchangeBridge.enterCaptured(caller);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object scope) {
      HttpExchangeBridge.exitContext(scope);
    }
  }
}
