package io.inferscope.agent.llm;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadableSpan;

/**
 * Another instrumentation's GenAI span is open around an LLM request: the call already has its span,
 * and the HTTP exchange under it must not become a second one. This happens inside the OpenTelemetry
 * Java agent when its openai-java instrumentation is on (it started before InferScope could switch it
 * off, or the user switched it on): that agent then owns those calls. Only spans of the same SDK are
 * visible here, so InferScope on its own never sees one.
 */
public final class ForeignGenAiSpan {
  private ForeignGenAiSpan() {}

  /**
   * Whether one of {@code values} is a context holding another instrumentation's GenAI span: an SDK
   * that keeps its tracer's context with the call rather than current (the OpenTelemetry Java agent's
   * AWS SDK instrumentation keeps it in the execution's attributes, where an async attempt's thread
   * cannot see it as current).
   */
  public static boolean inAny(Iterable<?> values) {
    for (Object value : values) {
      if (value instanceof Context context && around(context)) {
        return true;
      }
    }
    return false;
  }

  static boolean around(Context parent) {
    Span span = Span.fromContext(parent);
    return span instanceof ReadableSpan readable
        && !GenAiTelemetry.SCOPE.equals(readable.getInstrumentationScopeInfo().getName())
        && readable.getAttribute(GenAiAttributes.OPERATION_NAME) != null;
  }
}
