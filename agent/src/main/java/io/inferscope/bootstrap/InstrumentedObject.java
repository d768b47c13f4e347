package io.inferscope.bootstrap;

/**
 * Added to instrumented library classes (e.g. {@code OrtSession}) together with a field, so per-object
 * agent state (model name, pre-built attributes) is one field read away on the hot path instead of a
 * map lookup.
 */
public interface InstrumentedObject {
  String STATE_FIELD = "inferscope$state";

  Object inferscope$getState();

  void inferscope$setState(Object state);
}
