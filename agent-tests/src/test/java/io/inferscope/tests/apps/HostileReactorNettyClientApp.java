package io.inferscope.tests.apps;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.InputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Calls a hostile LLM server through Reactor Netty's {@code HttpClient} from many threads (see
 * {@link HostileCalls}), each body read as the stream of its chunks ({@code asByteArray}, a few chunks
 * asked for ahead) and closed (the subscription cancelled) once {@code MAX_BYTES} were read. Usage:
 * {@code HostileReactorNettyClientApp URL MODEL THREADS CALLS MAX_BYTES}.
 */
public final class HostileReactorNettyClientApp {
  private HostileReactorNettyClientApp() {}

  public static void main(String[] args) throws Exception {
    HttpClient client = HttpClient.create().responseTimeout(Duration.ofSeconds(60))
        .headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json"));
    String json = "{\"model\":\"" + args[1] + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    HostileCalls.run(
        () -> chunks(client.post().uri(args[0]).send((request, out) -> out.sendString(Mono.just(json)))
            .responseContent().asByteArray().toStream(4)),
        Integer.parseInt(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]));
  }

  /** The chunks as one stream of bytes; closing it cancels the subscription. */
  private static InputStream chunks(Stream<byte[]> items) {
    Iterator<byte[]> iterator = items.iterator();
    return new InputStream() {
      private byte[] chunk = new byte[0];
      private int position;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] bytes, int offset, int length) {
        while (position >= chunk.length) {
          if (!iterator.hasNext()) {
            return -1;
          }
          chunk = iterator.next();
          position = 0;
        }
        int n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, bytes, offset, n);
        position += n;
        return n;
      }

      @Override
      public void close() {
        items.close();
      }
    };
  }
}
