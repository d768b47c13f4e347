package io.inferscope.bootstrap;

/**
 * One traced inference call, as seen by advice code. Advice runs inside library classes and can only
 * reach types visible from every class loader, so it talks to the agent through this abstract type;
 * the implementation lives in the agent's isolated loader.
 */
public abstract class InferenceScope {
  /** True when the span is recorded, so detail (names, shapes) is worth extracting. */
  public abstract boolean wantsDetail();

  /** One input tensor; {@code shape} may be null when the value is not a tensor. */
  public abstract void input(String name, long[] shape);

  /** Ends the call exactly once; later calls are ignored. */
  public abstract void end(Throwable error);
}
