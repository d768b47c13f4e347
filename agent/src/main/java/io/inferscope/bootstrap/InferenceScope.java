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

  /**
   * True when this call's values are to be read for drift (one call in N, decided at start): only then
   * does the exit advice hand them to {@link #inspect}.
   */
  public boolean inspectsValues() {
    return false;
  }

  /**
   * The call's values, once it has ended and before its method returns: its first argument (ONNX Runtime's
   * input map, DJL's input) and what it returned. Read in place, never kept; never throws.
   */
  public void inspect(Object input, Object result) {}

  /** Ends the call exactly once; later calls are ignored. */
  public abstract void end(Throwable error);
}
