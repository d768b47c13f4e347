package io.inferscope.agent.ml;

import io.inferscope.agent.drift.ModelWatch;

/**
 * How one framework's call values reach drift watching: the call's first argument and its result, read in
 * place on the calling thread and never kept. Only called for calls chosen for inspection (one in N).
 * May throw: the caller reports it once and the application's call is unaffected.
 */
public interface ValueReader {
  void read(ModelWatch watch, Object input, Object result);
}
