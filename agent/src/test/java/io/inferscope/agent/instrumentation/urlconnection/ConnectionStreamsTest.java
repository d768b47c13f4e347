package io.inferscope.agent.instrumentation.urlconnection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.inferscope.agent.http.HttpExchange;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The streams handed to the application in place of the JDK's: what the application gets is exactly
 * what the JDK's stream gives, and the exchange is shown every byte once, in order, whatever the
 * reading pattern (skips, mark and reset); the request copy is bounded.
 */
class ConnectionStreamsTest {
  private static final byte[] BODY = "data: {\"a\":1}\n\ndata: {\"b\":2}\n\ndata: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  /** Records what an exchange is told. */
  private static final class RecordingExchange implements HttpExchange {
    final ByteArrayOutputStream shown = new ByteArrayOutputStream();
    final List<String> events = new ArrayList<>();
    byte[] request;

    @Override
    public Context context() {
      return Context.root();
    }

    @Override
    public Scope enter() {
      return Scope.noop();
    }

    @Override
    public void requestBody(byte[] body, int length) {
      request = java.util.Arrays.copyOf(body, length);
    }

    @Override
    public void responseStarted(int statusCode, String contentType, String contentEncoding) {
      events.add("response " + statusCode);
    }

    @Override
    public boolean hasResponse() {
      return events.stream().anyMatch(e -> e.startsWith("response "));
    }

    @Override
    public void demanded(long n) {}

    @Override
    public void delivered() {}

    @Override
    public void readerWaiting(boolean waiting) {}

    @Override
    public void responseBytes(ByteBuffer view) {
      throw new AssertionError("the JDK's streams give arrays");
    }

    @Override
    public void responseBytes(byte[] bytes, int offset, int length) {
      shown.write(bytes, offset, length);
    }

    @Override
    public OutputStream bodyStream() {
      throw new AssertionError("not used");
    }

    @Override
    public void completed() {
      events.add("completed");
    }

    @Override
    public void failed(Throwable error) {
      events.add("failed " + error.getClass().getSimpleName());
    }

    @Override
    public void cancelled() {
      events.add("cancelled");
    }
  }

  private final RecordingExchange exchange = new RecordingExchange();
  private final OpenConnections connections = new OpenConnections(10);
  private final Object connection = new Object();
  private final ObservedConnection state = new ObservedConnection(exchange, 16, connections);

  ConnectionStreamsTest() {
    connections.put(connection, state);
  }

  @Test
  void everyByteIsShownOnceInOrderWhateverTheReadingPattern() throws IOException {
    InputStream in = state.responseStream(new ByteArrayInputStream(BODY));
    ByteArrayOutputStream app = new ByteArrayOutputStream();
    app.write(in.read());
    in.mark(100);
    byte[] some = new byte[5];
    app.write(some, 0, in.read(some));
    in.reset(); // the application reads those 5 bytes again; the exchange must not see them twice
    app.reset();
    app.write(BODY, 0, 1);
    assertEquals(3, in.skip(3));
    app.write(BODY, 1, 3);
    app.write(in.readAllBytes());
    assertArrayEquals(BODY, app.toByteArray(), "the application's bytes");
    assertArrayEquals(BODY, exchange.shown.toByteArray(), "the exchange's: each byte once, in order");
    assertEquals(List.of("completed"), exchange.events);
    assertNull(connections.get(connection), "an ended exchange leaves the open connections");
  }

  @Test
  void theSameJdkStreamGetsTheSameStreamOfOursAndAClosedOneEndsTheExchangeOnce() throws IOException {
    ByteArrayInputStream jdk = new ByteArrayInputStream(BODY);
    InputStream first = state.responseStream(jdk);
    assertSame(first, state.responseStream(jdk));
    first.read(new byte[4]);
    first.close();
    first.close();
    state.closed();
    assertEquals(List.of("cancelled"), exchange.events);
    assertSame(jdk, state.responseStream(jdk), "after the end the JDK's stream is handed out as it is");
  }

  @Test
  void aFailedReadFailsTheExchangeAndReachesTheApplicationUnchanged() {
    IOException broken = new IOException("connection reset");
    InputStream in = state.responseStream(new InputStream() {
      @Override
      public int read() throws IOException {
        throw broken;
      }
    });
    assertSame(broken, assertThrows(IOException.class, in::read));
    assertEquals(List.of("failed IOException"), exchange.events);
  }

  @Test
  void theRequestCopyIsBoundedAndWhatTheJdkGetsIsUnchanged() throws IOException {
    ByteArrayOutputStream jdk = new ByteArrayOutputStream();
    OutputStream out = state.requestStream(jdk);
    assertSame(out, state.requestStream(jdk));
    out.write("{\"model\":".getBytes(StandardCharsets.US_ASCII));
    out.write('"');
    out.write("m\"}".getBytes(StandardCharsets.US_ASCII));
    state.requestDone();
    assertEquals("{\"model\":\"m\"}", jdk.toString(StandardCharsets.US_ASCII));
    assertArrayEquals(jdk.toByteArray(), exchange.request);

    RecordingExchange tooLarge = new RecordingExchange();
    ObservedConnection small = new ObservedConnection(tooLarge, 16, connections);
    ByteArrayOutputStream jdk2 = new ByteArrayOutputStream();
    small.requestStream(jdk2).write(new byte[17]);
    small.requestDone();
    assertEquals(17, jdk2.size(), "the JDK got every byte");
    assertNull(tooLarge.request, "past the limit nothing is kept: a cut JSON document says nothing");
  }

  @Test
  void aWriteTheJdkRefusesIsNotCopied() {
    IOException refused = new IOException("insufficient data written");
    OutputStream out = state.requestStream(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw refused;
      }
    });
    assertSame(refused, assertThrows(IOException.class, () -> out.write(1)));
    state.requestDone();
    assertNull(exchange.request);
  }
}
