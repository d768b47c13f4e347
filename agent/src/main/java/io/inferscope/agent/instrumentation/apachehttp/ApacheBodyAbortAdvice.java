package io.inferscope.agent.instrumentation.apachehttp;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code EofSensorInputStream.abort()} (HttpClient 5) and {@code abortConnection()}
 * (4.5): the application gave up on the body and dropped the connection, an early close.
 */
final class ApacheBodyAbortAdvice {
  private ApacheBodyAbortAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.FieldValue("eofWatcher") Object watcher) {
    if (watcher instanceof InstrumentedObject) {
      HttpExchangeBridge.bodyClosed(InstrumentedObjects.stateOf(watcher));
    }
  }
}
