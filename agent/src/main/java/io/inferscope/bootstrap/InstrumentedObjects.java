package io.inferscope.bootstrap;

/**
 * Reads {@link InstrumentedObject} state from advice. A class, not a static method of that interface:
 * advice is inlined into library classes, some compiled for Java 6 (HttpClient 4.5), whose class
 * files cannot call a static interface method (the JVM rejects the class).
 */
public final class InstrumentedObjects {
  private InstrumentedObjects() {}

  /**
   * The object's state, or null when its class was not changed: a class loaded before the agent's
   * transformer (by another agent, say) is left as it was while its neighbours are hooked.
   */
  public static Object stateOf(Object instance) {
    return instance instanceof InstrumentedObject ? ((InstrumentedObject) instance).inferscope$getState() : null;
  }
}
