package io.inferscope.agent.instrumentation.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inferscope.agent.http.NoOpHttpExchange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A body sent in pieces reaches its exchange whole, once, when closed; past the cap, never. */
class RequestBodyPiecesTest {
  private static final class Recording extends NoOpHttpExchange {
    final List<String> bodies = new ArrayList<>();

    @Override
    public void requestBody(byte[] body, int length) {
      bodies.add(new String(Arrays.copyOf(body, length), StandardCharsets.UTF_8));
    }
  }

  private static void write(RequestBodyPieces pieces, String text) {
    byte[] bytes = ("xx" + text + "yy").getBytes(StandardCharsets.UTF_8);
    pieces.write(bytes, 2, bytes.length - 4); // an offset into a larger buffer, as a client's may be
  }

  @Test
  void piecesAreGivenWholeOnceWhenClosed() {
    Recording exchange = new Recording();
    RequestBodyPieces pieces = new RequestBodyPieces(exchange, 64);
    write(pieces, "{\"model\":");
    write(pieces, "\"gpt-4o-mini\"");
    pieces.write('}');
    assertEquals(List.of(), exchange.bodies, "nothing before the body's end");
    pieces.close();
    pieces.close();
    assertEquals(List.of("{\"model\":\"gpt-4o-mini\"}"), exchange.bodies);
  }

  @Test
  void aBodyPastTheCapIsNotRead() {
    Recording exchange = new Recording();
    RequestBodyPieces pieces = new RequestBodyPieces(exchange, 10);
    write(pieces, "0123456");
    write(pieces, "789a");
    write(pieces, "b");
    pieces.close();
    assertEquals(List.of(), exchange.bodies);
  }

  @Test
  void aBodyOfExactlyTheCapIsRead() {
    Recording exchange = new Recording();
    RequestBodyPieces pieces = new RequestBodyPieces(exchange, 10);
    write(pieces, "01234");
    write(pieces, "56789");
    pieces.close();
    assertEquals(List.of("0123456789"), exchange.bodies);
  }

  @Test
  void anEmptyBodyIsNotRead() {
    Recording exchange = new Recording();
    new RequestBodyPieces(exchange, 10).close();
    assertEquals(List.of(), exchange.bodies);
  }
}
