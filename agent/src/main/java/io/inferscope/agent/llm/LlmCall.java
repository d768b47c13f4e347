package io.inferscope.agent.llm;

import io.inferscope.agent.anomaly.AnomalyKey;
import io.inferscope.agent.genai.LlmRequest;
import io.inferscope.agent.logging.HookErrors;
import io.inferscope.agent.sampling.AnomalySampling;
import io.inferscope.agent.stream.StreamAttributes;
import io.inferscope.agent.stream.StreamOutcome;
import io.inferscope.agent.stream.StreamTracker;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;

/**
 * One logical LLM call: its span and metrics. It ends exactly once, whichever of the response's
 * end, a failure, an early close by the application or the abandonment watchdog comes first, on
 * whatever thread that happens; the facts are gathered then, from the {@link ResultSource}.
 */
public final class LlmCall implements StreamTracker.Listener {
  /** Supplies what the response said, once the call has ended. */
  @FunctionalInterface
  public interface ResultSource {
    LlmResult result(StreamOutcome outcome, Throwable error);
  }

  private final GenAiTelemetry telemetry;
  private final Span span;
  private final Context context;
  // Final but for a request learnt after the span started (requested): written once, then only read.
  private volatile Attributes metricBase;
  private final long startNanos;
  private final StreamTracker tracker = new StreamTracker(this);
  private volatile ResultSource source = (outcome, error) -> LlmResult.NOTHING;
  private volatile boolean streamed;
  // Written by the one thread delivering the response, as reactive streams and readers guarantee.
  private long previousChunkNanos;

  LlmCall(GenAiTelemetry telemetry, Span span, Context context, Attributes metricBase, long startNanos) {
    this.telemetry = telemetry;
    this.span = span;
    this.context = context;
    this.metricBase = metricBase;
    this.startNanos = startNanos;
  }

  /** The call's context: work done for it (callbacks, nested calls) should run in it. */
  public Context context() {
    return context;
  }

  public Span span() {
    return span;
  }

  public StreamTracker tracker() {
    return tracker;
  }

  public GenAiSettings settings() {
    return telemetry.settings();
  }

  public void resultFrom(ResultSource resultSource) {
    this.source = resultSource;
  }

  /**
   * What the request asked for, learnt after the span started (a client that sends the headers before
   * the application writes the body): the request attributes, and the model in the span's name and
   * in the metrics' attributes unless the endpoint already named one.
   */
  void requested(LlmRequest request) {
    String model = request.model();
    Attributes base = metricBase;
    if (model != null && base.get(GenAiAttributes.REQUEST_MODEL) == null) {
      span.updateName(GenAiTelemetry.spanName(base.get(GenAiAttributes.OPERATION_NAME), model));
      span.setAttribute(GenAiAttributes.REQUEST_MODEL, model);
      metricBase = base.toBuilder().put(GenAiAttributes.REQUEST_MODEL, model).build();
    }
    GenAiRequestAttributes.set(span, request, telemetry.settings());
  }

  /** The response is a stream: chunk timing is recorded, and how it ended. */
  public void streamed() {
    streamed = true;
  }

  /** One chunk with content reached the application at {@code now} ({@link System#nanoTime}). */
  public void chunk(long now) {
    if (previousChunkNanos != 0) {
      telemetry.timePerOutputChunk.record((now - previousChunkNanos) / 1e9, metricBase, Context.root());
    }
    previousChunkNanos = now;
    tracker.chunk(now);
  }

  /** Ends the call unless it already ended; never throws. */
  public void finish(StreamOutcome outcome, Throwable error) {
    tracker.finish(outcome, error);
  }

  /**
   * Ends the span with what the response said. Runs on whatever thread ended the call (often an HTTP
   * client's own): whatever fails in here, the span still ends and nothing escapes.
   */
  @Override
  public void streamEnded(StreamTracker stream, StreamOutcome outcome, Throwable error) {
    try {
      describe(stream, outcome, error);
    } catch (Throwable t) {
      HookErrors.report("llm span end", t);
      try {
        span.setAttribute(GenAiAttributes.ERROR_TYPE, GenAiResponseAttributes.INSPECTION_FAILED);
        span.setStatus(StatusCode.ERROR, "InferScope could not finish describing this call (" + t.getClass().getName() + ")");
      } catch (Throwable ignored) {
        // ending the span below matters more
      }
    } finally {
      try {
        span.end();
      } catch (Throwable t) {
        HookErrors.report("llm span end", t);
      }
    }
  }

  private void describe(StreamTracker stream, StreamOutcome outcome, Throwable error) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    LlmResult result;
    try {
      result = source.result(outcome, error);
    } catch (Throwable e) {
      // The span must end even if reading the response failed (a bug of ours): with what is known.
      HookErrors.report("llm response", e);
      result = LlmResult.inspectionFailed(e);
    }
    span.setAllAttributes(result.spanAttributes());
    if (result.responseModel() != null) {
      span.setAttribute(GenAiAttributes.RESPONSE_MODEL, result.responseModel());
    }
    if (result.inputTokens() != null) {
      span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, result.inputTokens());
    }
    if (result.outputTokens() != null) {
      span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, result.outputTokens());
    }
    boolean isStream = streamed;
    if (isStream || outcome != StreamOutcome.COMPLETED) {
      span.setAttribute(StreamAttributes.OUTCOME, outcome.attributeValue());
    }
    if (isStream) {
      span.setAttribute(StreamAttributes.CHUNKS, stream.chunks());
      double ttfc = stream.timeToFirstChunkSeconds();
      if (ttfc >= 0) {
        span.setAttribute(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK, ttfc);
      }
    }
    String errorType = errorType(outcome, error, result);
    if (errorType != null) {
      span.setAttribute(GenAiAttributes.ERROR_TYPE, errorType);
      span.setStatus(StatusCode.ERROR, statusMessage(outcome, error, result));
      if (error != null) {
        span.recordException(error);
      }
    }
    record(seconds, result, errorType, isStream ? stream.timeToFirstChunkSeconds() : -1);
    spend(result);
    if (outcome == StreamOutcome.COMPLETED && errorType == null) {
      // Only a complete answer: a cancelled stream's usage can be partial (Anthropic reports output tokens
      // at the start and again at the end), and a failure is counted by error.type already.
      telemetry.behaviour.observe(metricBase.get(GenAiAttributes.PROVIDER_NAME), metricBase.get(GenAiAttributes.REQUEST_MODEL),
          metricBase.get(GenAiAttributes.OPERATION_NAME), result);
    }
    if (telemetry.anomalies != null) {
      judge(telemetry.anomalies, seconds, result, errorType != null, isStream, stream);
    }
  }

  /**
   * Streams are judged on time to first chunk and time per output token (chunks when the usage is not
   * reported), other calls on duration for their output length: a long answer is not a slow one.
   */
  private void judge(AnomalySampling anomalies, double seconds, LlmResult result, boolean failed, boolean isStream,
      StreamTracker stream) {
    String model = metricBase.get(GenAiAttributes.REQUEST_MODEL);
    if (model == null) {
      model = result.responseModel() == null ? "unknown" : result.responseModel();
    }
    AnomalyKey key = new AnomalyKey(metricBase.get(GenAiAttributes.PROVIDER_NAME), model,
        metricBase.get(GenAiAttributes.OPERATION_NAME), isStream);
    double ttfc = isStream ? stream.timeToFirstChunkSeconds() : -1;
    long outputs = result.outputTokens() != null ? result.outputTokens() : isStream ? stream.chunks() : 0;
    anomalies.judge(span, key, seconds, ttfc >= 0 ? ttfc : Double.NaN, outputs, failed);
  }

  private void record(double seconds, LlmResult result, String errorType, double ttfc) {
    AttributesBuilder builder = metricBase.toBuilder();
    if (result.responseModel() != null) {
      builder.put(GenAiAttributes.RESPONSE_MODEL, result.responseModel());
    }
    if (errorType != null) {
      builder.put(GenAiAttributes.ERROR_TYPE, errorType);
    }
    Attributes attributes = builder.build();
    Context exemplar = span.getSpanContext().isSampled() ? Context.root().with(span) : Context.root();
    telemetry.operationDuration.record(seconds, attributes, exemplar);
    if (ttfc >= 0) {
      telemetry.timeToFirstChunk.record(ttfc, attributes, Context.root());
    }
    if (telemetry.tokenCounters != null) {
      Attributes details = result.spanAttributes();
      telemetry.tokenCounters.record(
          attributes, result.inputTokens(), result.outputTokens(), details.get(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS),
          details.get(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS), details.get(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS));
      return;
    }
    if (result.inputTokens() != null) {
      telemetry.tokenUsage.record(
          result.inputTokens(), attributes.toBuilder().put(GenAiAttributes.TOKEN_TYPE, GenAiAttributes.TOKEN_INPUT).build(), Context.root());
    }
    if (result.outputTokens() != null) {
      telemetry.tokenUsage.record(
          result.outputTokens(), attributes.toBuilder().put(GenAiAttributes.TOKEN_TYPE, GenAiAttributes.TOKEN_OUTPUT).build(), Context.root());
    }
  }

  /** What the call cost, from the usage it reported (a failed call may have used tokens too); never throws. */
  private void spend(LlmResult result) {
    Attributes details = result.spanAttributes();
    telemetry.spend.record(span, metricBase.get(GenAiAttributes.PROVIDER_NAME), metricBase.get(GenAiAttributes.REQUEST_MODEL),
        result.responseModel(), result.inputTokens(), result.outputTokens(),
        details.get(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS), details.get(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS),
        details.get(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS));
  }

  /** A provider-reported failure first, then the exception, then how the stream ended. */
  private static String errorType(StreamOutcome outcome, Throwable error, LlmResult result) {
    if (result.errorType() != null) {
      return result.errorType();
    }
    if (error != null) {
      return error.getClass().getName();
    }
    return outcome == StreamOutcome.ABANDONED ? StreamOutcome.ABANDONED.attributeValue() : null;
  }

  private static String statusMessage(StreamOutcome outcome, Throwable error, LlmResult result) {
    if (result.errorMessage() != null) {
      return result.errorMessage();
    }
    if (error != null) {
      return String.valueOf(error.getMessage());
    }
    return outcome == StreamOutcome.ABANDONED ? "response neither read to the end nor closed (idle timeout, or still open at JVM exit)" : "";
  }
}
