package io.inferscope.agent.genai.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The eight-at-a-time searches find exactly what a byte-by-byte search finds, at every offset. */
class ByteScanTest {
  private static int naiveStringEnd(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '"' || b[i] == '\\' || (b[i] >= 0 && b[i] < 0x20)) {
        return i;
      }
    }
    return to;
  }

  private static int naiveLineEnd(byte[] b, int from, int to, boolean crToo) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n' || (crToo && b[i] == '\r')) {
        return i;
      }
    }
    return to;
  }

  @Test
  void agreesWithAByteByByteSearch() {
    Random random = new Random(3);
    byte[] interesting = {'"', '\\', '\n', '\r', 0, 0x1F, 0x20, 0x7F, (byte) 0x80, (byte) 0xA2, (byte) 0xDC, (byte) 0xFF, 'a', 0x21, 0x5B};
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[1 + random.nextInt(40)];
      for (int i = 0; i < b.length; i++) {
        b[i] = random.nextInt(4) == 0 ? interesting[random.nextInt(interesting.length)] : (byte) ('a' + random.nextInt(26));
      }
      int from = random.nextInt(b.length);
      int to = from + random.nextInt(b.length - from + 1);
      assertEquals(naiveStringEnd(b, from, to), ByteScan.stringContentEnd(b, from, to));
      assertEquals(naiveLineEnd(b, from, to, true), ByteScan.lineEnd(b, from, to));
      assertEquals(naiveLineEnd(b, from, to, false), ByteScan.lineFeed(b, from, to));
    }
  }
}
