package io.inferscope.tests.apps.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;

/**
 * A reactive answer read the blocking way, as {@link LlmTransport} reads one: the application's
 * {@code Flux} of the status followed by the body's chunks, pulled one item at a time
 * ({@code toStream(1)}: demand for one chunk after each chunk taken, so that an application that stops
 * reading stops asking) and cut into lines; {@link #close} cancels the subscription. Shared by the
 * Reactor Netty and WebClient adapters.
 */
final class ReactiveLines implements LlmTransport.LineStream {
  private final Stream<Object> items;
  private final Iterator<Object> iterator;
  private final int status;
  private byte[] chunk = new byte[0];
  private int position;
  private boolean ended;

  /** Subscribes to {@code answer} (an Integer status, then byte[] chunks) and waits for its status. */
  ReactiveLines(Flux<Object> answer) throws IOException {
    this.items = answer.toStream(1);
    this.iterator = items.iterator();
    Object first = next();
    if (!(first instanceof Integer)) {
      items.close();
      throw new IOException("no status: " + first);
    }
    this.status = (Integer) first;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      while (position < chunk.length) {
        byte b = chunk[position++];
        if (b == '\n') {
          return text(line);
        }
        line.write(b);
      }
      if (ended) {
        return line.size() == 0 ? null : text(line);
      }
      Object item = next();
      if (item == null) {
        ended = true;
      } else {
        chunk = (byte[]) item;
        position = 0;
      }
    }
  }

  private static String text(ByteArrayOutputStream line) {
    String text = line.toString(StandardCharsets.UTF_8);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  /** The next item, null at the end; a failure as the application's IOException. */
  private Object next() throws IOException {
    try {
      return iterator.hasNext() ? iterator.next() : null;
    } catch (RuntimeException e) {
      throw ReactiveErrors.asIoException(e);
    }
  }

  @Override
  public void close() {
    items.close();
  }
}
