package io.inferscope.agent.http;

import io.inferscope.agent.logging.HookErrors;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * The trace headers an outgoing model call carries, so that the server's own traces (vLLM, TGI,
 * Triton and others export OTLP) join the caller's: what the configured propagators write
 * ({@code OTEL_PROPAGATORS}, by default W3C {@code traceparent}/{@code tracestate} and {@code baggage};
 * {@code none} writes nothing) for the call's own span.
 *
 * <p>A request that already carries any header these propagators write is left as it is: the
 * application (or another agent) propagates for itself, and half of its headers replaced by ours
 * would describe two different traces.
 */
public final class TracePropagation {
  private static final String[] NONE = new String[0];
  private static final TextMapSetter<List<String>> PAIRS = (pairs, name, value) -> {
    if (pairs != null) {
      pairs.add(name);
      pairs.add(value);
    }
  };

  private final TextMapPropagator propagator;
  private final String[] fields;

  public TracePropagation(TextMapPropagator propagator) {
    this.propagator = propagator;
    Collection<String> names = propagator.fields();
    this.fields = names.toArray(String[]::new);
  }

  /** The header names the propagators may write: a request carrying one of them is left alone. */
  public String[] fields() {
    return fields.clone();
  }

  /** Whether a request already carries one of the propagators' headers ({@code present} answers for a name). */
  public boolean carriesAny(Predicate<String> present) {
    for (String field : fields) {
      if (present.test(field)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The headers to add to a request sent within {@code context}, as name, value, name, value...;
   * empty when nothing is to be written. Ask {@link #carriesAny} first. Never throws.
   */
  public String[] headers(Context context) {
    if (fields.length == 0) {
      return NONE;
    }
    try {
      List<String> pairs = new ArrayList<>(6);
      propagator.inject(context, pairs, PAIRS);
      return pairs.toArray(String[]::new);
    } catch (Throwable t) {
      HookErrors.report("trace propagation", t);
      return NONE;
    }
  }
}
