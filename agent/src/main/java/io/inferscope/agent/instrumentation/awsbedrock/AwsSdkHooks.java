package io.inferscope.agent.instrumentation.awsbedrock;

import io.inferscope.agent.http.HttpExchanges;
import io.inferscope.agent.llm.ForeignGenAiSpan;
import io.inferscope.agent.llm.LlmBoundary;
import io.inferscope.agent.logging.HookErrors;
import io.inferscope.bootstrap.AwsSdkBridge;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import java.io.InputStream;

/**
 * The AWS SDK's async executions made inside an LLM SDK call (Bedrock's async client), reported as
 * HTTP exchanges of the one exchange core every HTTP client hook uses: the SDK's own response
 * handler is the hook, whatever async HTTP client it runs on. Each entry point contains its failures.
 */
final class AwsSdkHooks extends AwsSdkBridge {
  private final HttpExchanges exchanges;

  private AwsSdkHooks(HttpExchanges exchanges) {
    this.exchanges = exchanges;
  }

  static void install(OpenTelemetry openTelemetry, String agentVersion) {
    AwsSdkBridge.install(new AwsSdkHooks(HttpExchanges.shared(openTelemetry, agentVersion)));
  }

  @Override
  protected boolean onInLlmCall() {
    try {
      return LlmBoundary.onThisThread() != null;
    } catch (Throwable t) {
      HookErrors.report("aws sdk call", t);
      return false;
    }
  }

  @Override
  protected long onRequestBytes(String method, String host, int port, String path) {
    try {
      return exchanges.observes(method, host, port, path) ? exchanges.maxRequestBytes(method, host, port, path) : -1;
    } catch (Throwable t) {
      HookErrors.report("aws sdk classify", t);
      return -1;
    }
  }

  @Override
  protected Object onExecution(String method, String host, int port, String path, InputStream body, Iterable<?> attributes) {
    try {
      if (ForeignGenAiSpan.inAny(attributes)) {
        RequestBodies.read(body, 0); // closes it
        return null; // the OpenTelemetry Java agent's AWS SDK span is this call's GenAI span
      }
      long max = exchanges.maxRequestBytes(method, host, port, path);
      return new AsyncExecution(exchanges, Context.current(), method, host, port, path, RequestBodies.read(body, max));
    } catch (Throwable t) {
      HookErrors.report("aws sdk execution", t);
      return null;
    }
  }

  @Override
  protected void onResponded(Object execution, int status, String contentType, String contentEncoding) {
    if (execution instanceof AsyncExecution ours) {
      ours.responded(status, contentType, contentEncoding);
    }
  }

  @Override
  protected Object[] onBodyObservers(Object execution) {
    return execution instanceof AsyncExecution ours ? ours.bodyObservers() : null;
  }

  @Override
  protected void onFailed(Object execution, Throwable error) {
    if (execution instanceof AsyncExecution ours) {
      ours.failed(error);
    }
  }
}
