package io.inferscope.agent.genai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
  private final Streams.Collector collector = new Streams.Collector();
  private final List<String[]> events = collector.events;
  private final SseParser parser = new SseParser(1024, collector);

  private void feed(String s) {
    byte[] b = Streams.utf8(s);
    parser.feed(b, 0, b.length);
  }

  private void feed(byte... b) {
    parser.feed(b, 0, b.length);
  }

  @Test
  void eventNamesMultiLineDataAndComments() {
    feed("""
        : this is a comment
        event: message_start
        data: {"a":
        data:1}

        data:no space
        data:  two spaces
        data
        id: 7
        retry: 1000

        """);
    assertEquals(2, events.size());
    assertArrayEquals(new String[] {"message_start", "{\"a\":\n1}"}, events.get(0));
    assertArrayEquals(new String[] {null, "no space\n two spaces\n"}, events.get(1), "event name resets; one leading space removed");
    parser.finish();
    assertFalse(parser.endedMidEvent());
    assertEquals(2, parser.events());
  }

  @Test
  void eventsWithoutDataAreNotDispatched() {
    feed("event: ping\n\n: comment only\n\n\n\ndata: x\n\n");
    assertEquals(1, events.size());
    assertArrayEquals(new String[] {null, "x"}, events.get(0), "the ping's name does not leak into the next event");
  }

  @Test
  void allLineEndingsAndSplitsGiveTheSameEvents() {
    String lf = "event: a\ndata: 1\ndata: 2\n\ndata: 👋 é 日本\n\nevent: b\ndata: end\n\n";
    List<String[]> expected = Streams.events(lf, 100_000);
    assertEquals(3, expected.size());
    for (String stream : new String[] {lf, lf.replace("\n", "\r\n"), lf.replace("\n", "\r")}) {
      for (int piece : new int[] {1, 2, 3, 4, 5, 100_000, 0}) {
        List<String[]> got = Streams.events(stream, piece);
        assertEquals(expected.size(), got.size(), "piece " + piece);
        for (int i = 0; i < expected.size(); i++) {
          assertArrayEquals(expected.get(i), got.get(i), "piece " + piece);
        }
      }
    }
  }

  @Test
  void crlfSplitBetweenCrAndLfIsOneLineEnd() {
    feed("data: a\r");
    feed("\ndata: b\r");
    feed("\n\r");
    feed("\n");
    assertEquals(1, events.size(), "CR|LF across pieces must not count as a blank line");
    assertArrayEquals(new String[] {null, "a\nb"}, events.get(0));
  }

  @Test
  void multiByteCharactersSplitAcrossPieces() {
    byte[] b = Streams.utf8("data: 👋é\n\n");
    for (int i = 0; i < b.length; i++) {
      parser.feed(b, i, 1);
    }
    assertEquals("👋é", events.get(0)[1]);
    events.clear();
    byte[] c = Streams.utf8("data: 日本\n\n");
    parser.feed(c, 0, 7); // ends after the first byte of 日
    parser.feed(c, 7, c.length - 7);
    assertEquals("日本", events.get(0)[1]);
  }

  @Test
  void byteOrderMarkAtStartIsSkippedEvenWhenSplit() {
    feed((byte) 0xEF);
    feed((byte) 0xBB, (byte) 0xBF, (byte) 'd');
    feed("ata: x\n\n");
    assertArrayEquals(new String[] {null, "x"}, events.get(0));
    events.clear();
    SseParser other = new SseParser(100, collector);
    byte[] noBom = {(byte) 0xEF, 'd', 'a', 't', 'a', ':', 'y', '\n', '\n'};
    other.feed(noBom, 0, noBom.length);
    assertEquals(0, events.size(), "a partial BOM is content: the field name is then not 'data'");
  }

  @Test
  void oversizedEventIsDroppedAndCountedThenParsingContinues() {
    feed("data: small\n\n");
    feed("event: big\n");
    byte[] line = Streams.utf8("data: " + "x".repeat(500) + "\n");
    for (int i = 0; i < 20_000; i++) { // 10 MB through a 1 KB parser
      parser.feed(line, 0, line.length);
    }
    feed("\ndata: after\n\n");
    assertEquals(3, events.size());
    assertEquals("small", events.get(0)[1]);
    assertArrayEquals(new String[] {"big", "<dropped>"}, events.get(1), "dispatched as dropped, so the reader can forget it");
    assertArrayEquals(new String[] {null, "after"}, events.get(2), "the dropped event's name does not leak");
    assertEquals(1, parser.droppedEvents());
  }

  @Test
  void eventExactlyAtTheCapIsKept() {
    SseParser small = new SseParser(9, collector);
    byte[] ok = Streams.utf8("data: 1234\ndata: 1234\n\n"); // 9 bytes of data, the joining newline included
    small.feed(ok, 0, ok.length);
    byte[] tooBig = Streams.utf8("data: 12345\ndata: 1234\n\n");
    small.feed(tooBig, 0, tooBig.length);
    assertEquals(2, events.size());
    assertEquals("1234\n1234", events.get(0)[1]);
    assertEquals("<dropped>", events.get(1)[1]);
    assertEquals(1, small.droppedEvents());
  }

  @Test
  void finishReportsAStreamThatEndedMidEvent() {
    feed("data: complete\n\ndata: partial");
    parser.finish();
    assertTrue(parser.endedMidEvent());
    assertEquals(1, events.size(), "the partial event is not delivered");

    SseParser fieldsOnly = new SseParser(100, collector);
    byte[] b = Streams.utf8("data: x\n");
    fieldsOnly.feed(b, 0, b.length);
    fieldsOnly.finish();
    assertTrue(fieldsOnly.endedMidEvent(), "a data line without the closing blank line");

    SseParser clean = new SseParser(100, null);
    byte[] c = Streams.utf8("data: x\n\n: trailing comment\n");
    clean.feed(c, 0, c.length);
    clean.finish();
    assertFalse(clean.endedMidEvent());
    assertEquals(1, clean.events());
  }

  @Test
  void finishDuringAnOversizedEventCountsIt() {
    SseParser small = new SseParser(8, null);
    byte[] b = Streams.utf8("data: far too long for eight bytes");
    small.feed(b, 0, b.length);
    small.finish();
    assertTrue(small.endedMidEvent());
    assertEquals(1, small.droppedEvents());
    small.feed(b, 0, b.length); // ignored after finish
    assertEquals(1, small.droppedEvents());
  }

  @Test
  void aFailingListenerDoesNotStopParsing() {
    List<String> seen = new ArrayList<>();
    SseParser p = new SseParser(100, new Streams.Collector() {
      @Override
      public void dispatch(CharSequence event, boolean dropped) {
        super.dispatch(event, dropped);
        String d = events.get(events.size() - 1)[1];
        seen.add(d);
        if (d.equals("boom")) {
          throw new IllegalStateException("listener bug");
        }
      }
    });
    byte[] b = Streams.utf8("data: boom\n\ndata: next\n\n");
    p.feed(b, 0, b.length);
    assertEquals(List.of("boom", "next"), seen);
    assertEquals(1, p.listenerFailures());
  }

  @Test
  void badArgumentsAreIgnored() {
    feed("data: a");
    parser.feed(null, 0, 5);
    parser.feed(new byte[4], -1, 2);
    parser.feed(new byte[4], 3, 2);
    parser.feed(new byte[4], 0, -1);
    feed("\n\n");
    assertEquals(1, events.size());
    assertEquals("a", events.get(0)[1]);
  }
}
