package io.inferscope.agent.instrumentation.vertx;

import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.ReadDemand;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientResponseImpl}'s {@code pause()}, {@code resume()} and {@code fetch(n)}:
 * what the application asks of the body, so that a paused stream left alone is abandoned after the idle
 * timeout while one it waits on, however slow, is not.
 */
final class VertxDemandAdvice {
  private VertxDemandAdvice() {}

  static final class Pause {
    private Pause() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object state) {
      if (state instanceof ReadDemand) {
        ((ReadDemand) state).paused();
      }
    }
  }

  static final class Resume {
    private Resume() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object state) {
      if (state instanceof ReadDemand) {
        ((ReadDemand) state).resumed();
      }
    }
  }

  static final class Fetch {
    private Fetch() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object state, @Advice.Argument(0) long chunks) {
      if (state instanceof ReadDemand) {
        ((ReadDemand) state).fetched(chunks);
      }
    }
  }
}
