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
    for (int round = 0; round < 40_000; round++) {
      // Short arrays dense with bytes of interest, and long ones (past the 32-byte blocks) where they are rare.
      boolean longArray = round % 2 == 1;
      byte[] b = new byte[1 + random.nextInt(longArray ? 300 : 40)];
      int oneIn = longArray ? 1 + random.nextInt(200) : 4;
      for (int i = 0; i < b.length; i++) {
        if (random.nextInt(oneIn) != 0) {
          b[i] = (byte) ('a' + random.nextInt(26));
        } else {
          // Any byte value, neighbours of the searched ones included (borrows between bytes).
          b[i] = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt(256);
        }
      }
      int from = random.nextInt(b.length);
      int to = from + random.nextInt(b.length - from + 1);
      assertEquals(naiveStringEnd(b, from, to), ByteScan.stringContentEnd(b, from, to));
      assertEquals(naiveLineEnd(b, from, to, true), ByteScan.lineEnd(b, from, to));
      assertEquals(naiveLineEnd(b, from, to, false), ByteScan.lineFeed(b, from, to));
    }
  }

  @Test
  void findsEveryByteValueAtEveryPlaceOfABlock() {
    for (int value = 0; value < 256; value++) {
      for (int place = 0; place < 80; place++) {
        for (byte before : new byte[] {'a', 0, (byte) 0xFF, '"' + 1, '\\' + 1, 0x20}) {
          byte[] b = new byte[80];
          java.util.Arrays.fill(b, (byte) 'a');
          if (place > 0 && naiveStringEnd(new byte[] {before}, 0, 1) == 1 && before != '\n' && before != '\r') {
            b[place - 1] = before; // a neighbour that is not itself a match, to provoke borrows
          }
          b[place] = (byte) value;
          assertEquals(naiveStringEnd(b, 0, b.length), ByteScan.stringContentEnd(b, 0, b.length), "value " + value + " at " + place);
          assertEquals(naiveLineEnd(b, 0, b.length, true), ByteScan.lineEnd(b, 0, b.length), "value " + value + " at " + place);
          assertEquals(naiveLineEnd(b, 0, b.length, false), ByteScan.lineFeed(b, 0, b.length), "value " + value + " at " + place);
        }
      }
    }
  }
}
