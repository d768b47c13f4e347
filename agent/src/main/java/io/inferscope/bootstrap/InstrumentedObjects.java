package io.inferscope.bootstrap;

/**
 * Reads the state {@link InstrumentedObject} adds, from advice and from the agent. A class, not a
 * static method of the interface: advice is inlined into library classes of any class-file version,
 * and a Java 6 class (HttpClient 4.5's) may not call a static interface method, which fails its
 * verification (a VerifyError on the first HTTP call, for every request of the application).
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
