package io.inferscope.agent.instrumentation.awsbedrock;

import io.inferscope.bootstrap.AwsSdkBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import java.io.InputStream;
import net.bytebuddy.asm.Advice;
import software.amazon.awssdk.core.http.ExecutionContext;
import software.amazon.awssdk.core.interceptor.InterceptorContext;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Inlined at the end of the constructor of the async response handler the AWS SDK makes once per
 * execution ({@code AsyncAfterTransmissionInterceptorCallingResponseHandler}), on the thread that
 * called the client, after the request was marshalled, its endpoint resolved: inside an LLM SDK call,
 * the request is read (its JSON body replayed from the SDK's own bytes) and the execution's state kept
 * on the handler. Any other AWS call costs the one check. The execution's attributes go along: the
 * OpenTelemetry Java agent keeps its own span of the call there, which then is the call's GenAI span.
 */
final class AsyncHandlerCreatedAdvice {
  private AsyncHandlerCreatedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Object handler, @Advice.Argument(1) Object context) {
    if (!AwsSdkBridge.inLlmCall() || !(handler instanceof InstrumentedObject)) {
      return;
    }
    ExecutionContext execution = (ExecutionContext) context;
    InterceptorContext sent = execution.interceptorContext();
    SdkHttpRequest request = sent.httpRequest();
    String method = request.method().name();
    long max = AwsSdkBridge.requestBytes(method, request.host(), request.port(), request.encodedPath());
    if (max < 0) {
      return;
    }
    InputStream body = null;
    if (max > 0 && request instanceof SdkHttpFullRequest && ((SdkHttpFullRequest) request).contentStreamProvider().isPresent()) {
      body = ((SdkHttpFullRequest) request).contentStreamProvider().get().newStream();
    } else if (max > 0 && sent.requestBody().isPresent()) {
      body = sent.requestBody().get().contentStreamProvider().newStream();
    }
    ((InstrumentedObject) handler).inferscope$setState(
        AwsSdkBridge.execution(method, request.host(), request.port(), request.encodedPath(), body,
            execution.executionAttributes().getAttributes().values()));
  }
}
