package io.inferscope.agent.instrumentation.awsbedrock;

import io.inferscope.bootstrap.AwsSdkBridge;
import io.inferscope.bootstrap.InstrumentedObjects;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.Function;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import org.reactivestreams.Publisher;
import software.amazon.awssdk.core.async.SdkPublisher;

/**
 * Inlined into the handler's {@code onStream(Publisher)}: the attempt's body publisher is replaced by
 * the SDK's own operators over it, which show each buffer to the exchange (unchanged, in place) and
 * tell it how the body ended: completed, failed, or cancelled by the SDK or the application.
 */
final class AsyncStreamAdvice {
  private AsyncStreamAdvice() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(
      @Advice.This Object handler,
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object publisher) {
    Object execution = InstrumentedObjects.stateOf(handler);
    Object[] observers = execution == null || publisher == null ? null : AwsSdkBridge.bodyObservers(execution);
    if (observers != null) {
      publisher = SdkPublisher.adapt((Publisher<ByteBuffer>) publisher).map((Function) observers[0])
          .doAfterOnComplete((Runnable) observers[1])
          .doAfterOnError((Consumer) observers[2])
          .doAfterOnCancel((Runnable) observers[3]);
    }
  }
}
