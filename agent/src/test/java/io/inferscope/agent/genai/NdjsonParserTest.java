package io.inferscope.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonParserTest {
  private final Streams.Collector collector = new Streams.Collector();

  private List<String> lines() {
    return collector.events.stream().map(e -> e[1]).toList();
  }

  @Test
  void splitsLinesInAnyPieces() {
    String stream = "\uFEFF{\"a\":\"é👋\"}\r\n\n  \n{\"b\":2}\n{\"c\":3}\n";
    for (int piece : new int[] {1, 2, 3, 5, 1000}) {
      collector.events.clear();
      NdjsonParser p = new NdjsonParser(1000, collector);
      Streams.feed(p, Streams.utf8(stream), piece);
      p.finish();
      // Empty lines are skipped; a CR and blank lines are whitespace, left to the JSON reader.
      assertEquals(List.of("{\"a\":\"é👋\"}\r", "  ", "{\"b\":2}", "{\"c\":3}"), lines(), "piece " + piece);
      assertFalse(p.endedMidLine());
      assertEquals(4, p.lines());
    }
  }

  @Test
  void lastLineWithoutNewlineIsDeliveredAtFinish() {
    NdjsonParser p = new NdjsonParser(1000, collector);
    byte[] b = Streams.utf8("{\"a\":1}\n{\"done\":true}");
    p.feed(b, 0, b.length);
    assertEquals(List.of("{\"a\":1}"), lines());
    p.finish();
    assertEquals(List.of("{\"a\":1}", "{\"done\":true}"), lines());
    assertTrue(p.endedMidLine());
  }

  @Test
  void oversizedLineIsDroppedAndCounted() {
    NdjsonParser p = new NdjsonParser(16, collector);
    byte[] b = Streams.utf8("{\"ok\":1}\n{\"big\":\"" + "x".repeat(100_000) + "\"}\n{\"ok\":2}\n");
    p.feed(b, 0, b.length);
    p.finish();
    assertEquals(List.of("{\"ok\":1}", "<dropped>", "{\"ok\":2}"), lines());
    assertEquals(1, p.droppedLines());
    NdjsonParser q = new NdjsonParser(4, collector);
    byte[] c = Streams.utf8("123456789");
    q.feed(c, 0, c.length);
    q.finish();
    assertEquals(1, q.droppedLines(), "an oversized unterminated last line");
    assertTrue(q.endedMidLine());
  }

  @Test
  void listenerFailuresAndBadArguments() {
    NdjsonParser p = new NdjsonParser(100, new Streams.Collector() {
      @Override
      public void line(boolean dropped) {
        super.line(dropped);
        collector.events.add(events.get(events.size() - 1));
        throw new RuntimeException("bug");
      }
    });
    byte[] b = Streams.utf8("a\nb\n");
    p.feed(null, 0, 1);
    p.feed(b, 3, 5);
    p.feed(b, 0, b.length);
    assertEquals(List.of("a", "b"), lines());
    assertEquals(2, p.listenerFailures());
  }
}
