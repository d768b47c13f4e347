package io.inferscope.agent.instrumentation.djl;

import io.inferscope.bootstrap.DjlBridge;
import java.util.stream.Stream;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the default {@code StreamingBlock.forwardStream} methods: inside a traced
 * {@code streamingPredict}, the model's output stream is replaced by one that reports its end. The
 * three-argument method calls the four-argument one; the stream is wrapped once.
 */
final class DjlForwardStreamAdvice {
  private DjlForwardStreamAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.Return(readOnly = false) Stream<?> stream) {
    stream = DjlBridge.streamProduced(stream);
  }
}
