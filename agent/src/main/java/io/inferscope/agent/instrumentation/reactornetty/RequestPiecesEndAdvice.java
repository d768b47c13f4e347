package io.inferscope.agent.instrumentation.reactornetty;

import io.inferscope.bootstrap.InstrumentedObjects;
import java.io.OutputStream;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code MonoSendMany$SendManyInner.onComplete()}: the body's source completed, every
 * piece went through {@link RequestPieceAdvice}, so the exchange reads the body now. A body whose send
 * failed or was cancelled is not read.
 */
final class RequestPiecesEndAdvice {
  private RequestPiecesEndAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Object inner) throws java.io.IOException {
    Object pieces = InstrumentedObjects.stateOf(inner);
    if (pieces instanceof OutputStream) {
      ((OutputStream) pieces).close();
    }
  }
}
