package io.inferscope.agent.ml;

/** Renders a tensor shape as {@code [2,4]}; a negative dimension (dynamic) as {@code ?}. */
final class ShapeFormat {
  private ShapeFormat() {}

  static String format(long[] shape) {
    StringBuilder out = new StringBuilder(2 + shape.length * 4).append('[');
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      if (shape[i] < 0) {
        out.append('?');
      } else {
        out.append(shape[i]);
      }
    }
    return out.append(']').toString();
  }
}
