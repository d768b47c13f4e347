package io.inferscope.agent.instrumentation.apachehttp;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;
import org.apache.http.HttpEntity;
import org.apache.http.HttpResponse;

/**
 * Inlined into HttpClient 4.5's {@code HttpResponseProxy.close()}: closing the response drops its
 * connection without touching the body stream, so an unread body is closed early here.
 */
final class Classic4ResponseCloseAdvice {
  private Classic4ResponseCloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.FieldValue("original") Object original) {
    HttpEntity entity = ((HttpResponse) original).getEntity();
    if (entity instanceof InstrumentedObject) {
      HttpExchangeBridge.bodyClosed(InstrumentedObjects.stateOf(entity));
    }
  }
}
