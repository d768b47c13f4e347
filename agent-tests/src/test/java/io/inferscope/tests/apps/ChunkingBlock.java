package io.inferscope.tests.apps;

import ai.djl.inference.streaming.StreamingBlock;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A streaming "model" that produces its output in chunks, the way a token generator does: chunk i is
 * the input scaled by i + 1. With {@code failAt} set, producing that chunk throws, like an engine
 * failing mid-stream.
 */
public final class ChunkingBlock extends AbstractBlock implements StreamingBlock {
  private final int chunks;
  private final int failAt;

  /** @param failAt the 1-based chunk whose production fails, or 0 for none */
  public ChunkingBlock(int chunks, int failAt) {
    this.chunks = chunks;
    this.failAt = failAt;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(scaled(inputs.head(), chunks));
  }

  @Override
  public Iterator<NDList> forwardStreamIter(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray input = inputs.head();
    return new Iterator<>() {
      private int produced;

      @Override
      public boolean hasNext() {
        return produced < chunks;
      }

      @Override
      public NDList next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        produced++;
        if (produced == failAt) {
          throw new IllegalStateException("chunk " + produced + " failed");
        }
        return new NDList(scaled(input, produced));
      }
    };
  }

  private static NDArray scaled(NDArray input, int factor) {
    float[] values = input.toFloatArray();
    for (int i = 0; i < values.length; i++) {
      values[i] *= factor;
    }
    return input.getManager().create(values);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }
}
