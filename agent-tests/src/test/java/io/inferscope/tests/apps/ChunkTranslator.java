package io.inferscope.tests.apps;

import ai.djl.inference.streaming.StreamingTranslator;
import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslatorContext;
import java.util.stream.Stream;

/** Streams the chunks of {@link ChunkingBlock} to the application as float arrays, lazily. */
public final class ChunkTranslator implements StreamingTranslator<float[], Stream<float[]>> {

  @Override
  public NDList processInput(TranslatorContext ctx, float[] input) {
    return new NDList(ctx.getNDManager().create(input));
  }

  @Override
  public Stream<float[]> processOutput(TranslatorContext ctx, NDList list) {
    return Stream.<float[]>of(list.head().toFloatArray());
  }

  @Override
  public StreamOutput<Stream<float[]>> processStreamOutput(TranslatorContext ctx, Stream<NDList> stream) {
    return new StreamOutput<>() {
      @Override
      protected Stream<float[]> buildAsyncOutput() {
        throw new UnsupportedOperationException("iterative only");
      }

      @Override
      protected void computeAsyncOutputInternal(Stream<float[]> output) {
        throw new UnsupportedOperationException("iterative only");
      }

      @Override
      public Stream<float[]> getIterativeOutputInternal() {
        return stream.map(chunk -> chunk.head().toFloatArray());
      }
    };
  }

  @Override
  public Support getSupport() {
    return Support.ITERATIVE;
  }

  // No batching: the chunks go straight from the block to the reader.
  @Override
  public Batchifier getBatchifier() {
    return null;
  }
}
