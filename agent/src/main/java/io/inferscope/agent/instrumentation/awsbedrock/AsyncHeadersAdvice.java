package io.inferscope.agent.instrumentation.awsbedrock;

import io.inferscope.bootstrap.AwsSdkBridge;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;
import software.amazon.awssdk.http.SdkHttpResponse;

/** Inlined into the handler's {@code onHeaders}: an attempt's status and headers (each retry's too). */
final class AsyncHeadersAdvice {
  private AsyncHeadersAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Object handler, @Advice.Argument(0) Object received) {
    Object execution = InstrumentedObjects.stateOf(handler);
    if (execution != null) {
      SdkHttpResponse response = (SdkHttpResponse) received;
      AwsSdkBridge.responded(execution, response.statusCode(),
          response.firstMatchingHeader("Content-Type").orElse(null), response.firstMatchingHeader("Content-Encoding").orElse(null));
    }
  }
}
