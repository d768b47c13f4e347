package io.inferscope.agent.instrumentation.awsbedrock;

import io.inferscope.agent.logging.HookErrors;
import java.io.InputStream;

/** Reads a request body the SDK can replay (its marshalled JSON), bounded, and closes the copy. */
final class RequestBodies {
  private RequestBodies() {}

  /** Up to {@code max} bytes, or null when there is no body, reading is off or it fails. */
  static byte[] read(InputStream body, long max) {
    if (body == null) {
      return null;
    }
    try (InputStream in = body) {
      return max <= 0 ? null : in.readNBytes((int) Math.min(max, Integer.MAX_VALUE - 8));
    } catch (Throwable t) {
      HookErrors.report("aws sdk request body", t);
      return null;
    }
  }
}
