package io.inferscope.agent.instrumentation.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.inferscope.agent.logging.CapturedStderr;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The README's "never throws into your code": a hook whose own work fails (here it has no telemetry to
 * record to) returns as if the agent were absent, and says so once per hook, not once per call.
 */
class OnnxRuntimeHooksTest {
  @Test
  void aFailingHookNeverThrowsAndIsReportedOncePerHook() {
    OnnxRuntimeHooks broken = new OnnxRuntimeHooks(null);
    String err = CapturedStderr.of(() -> {
      for (int call = 0; call < 3; call++) {
        assertNull(broken.onLoadStart("/models/bert/model.onnx", null));
        assertDoesNotThrow(() -> broken.onLoadEnd(null, null, null));
        assertNull(broken.onRunStart(null, Set.of(), Map.of("Y", "pinned")));
      }
    });
    assertEquals(1, CapturedStderr.lines(err, "WARN", "internal error in the onnxruntime load hook"), err);
    assertEquals(1, CapturedStderr.lines(err, "WARN", "internal error in the onnxruntime run hook"), err);
  }
}
