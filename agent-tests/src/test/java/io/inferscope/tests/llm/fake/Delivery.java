package io.inferscope.tests.llm.fake;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Puts a {@link Reply} on the wire the way its {@link Behaviour} says: whole, slowly, truncated or
 * stalled. Formats never deal with misbehaving, so every format misbehaves the same way.
 */
final class Delivery {
  private Delivery() {}

  /**
   * Sends the reply; returns whether the connection can serve another request.
   *
   * @param in the connection's input, read while stalling to notice the client hanging up
   * @param close whether the client asked for the connection to close after this response
   */
  static boolean deliver(Reply reply, ResponseWriter out, InputStream in, boolean close)
      throws IOException, InterruptedException {
    if (reply.behaviour() == Behaviour.LATE) {
      Thread.sleep(FakeAnswer.LATE_ANSWER_DELAY_MILLIS);
    }
    return reply.isStream() ? stream(reply, out, in, close) : whole(reply, out, in, close);
  }

  private static boolean whole(Reply reply, ResponseWriter out, InputStream in, boolean close)
      throws IOException, InterruptedException {
    byte[] body = reply.body;
    switch (reply.behaviour()) {
      case SLOW -> Thread.sleep(FakeAnswer.SLOW_RESPONSE_DELAY_MILLIS);
      case STALL -> {
        awaitHangUp(in);
        return false;
      }
      case TRUNCATE -> {
        // Declares the full length but sends half: the client meets EOF before Content-Length.
        out.head(reply.status, reply.contentType, reply.headers, body.length, false);
        out.body(body, body.length / 2);
        out.abort();
        return false;
      }
      default -> {}
    }
    out.head(reply.status, reply.contentType, reply.headers, body.length, close);
    out.body(body, body.length);
    return !close;
  }

  private static boolean stream(Reply reply, ResponseWriter out, InputStream in, boolean close)
      throws IOException, InterruptedException {
    List<byte[]> frames = reply.frames;
    out.head(reply.status, reply.contentType, reply.headers, -1, close);
    switch (reply.behaviour()) {
      case TRUNCATE -> {
        // Two chunks, then a FIN: no final event, no [DONE], no "0\r\n\r\n" terminator.
        for (int i = 0; i < Math.min(2, frames.size()); i++) {
          out.chunk(frames.get(i));
        }
        // A client reading as data arrives should see both chunks before the end: the JDK client's
        // InputStream, for one, drops unread data once it learns the connection failed.
        Thread.sleep(FakeAnswer.TRUNCATE_PAUSE_MILLIS);
        out.abort();
        return false;
      }
      case STALL -> {
        out.chunk(frames.get(0));
        awaitHangUp(in);
        return false;
      }
      default -> {
        for (int i = 0; i < frames.size(); i++) {
          if (i > 0 && reply.behaviour() == Behaviour.SLOW) {
            Thread.sleep(FakeAnswer.SLOW_CHUNK_DELAY_MILLIS);
          }
          out.chunk(frames.get(i));
        }
        out.endChunks();
        return !close;
      }
    }
  }

  /**
   * Blocks until the client closes the connection (read returns -1) or the server closes the
   * socket (read throws). No thread is left behind either way, and no timer is needed.
   */
  private static void awaitHangUp(InputStream in) {
    try {
      while (in.read() != -1) {
        // A client does not send a new request while waiting for this response; discard noise.
      }
    } catch (IOException e) {
      // Socket closed by FakeLlmServer.close(): that is the other way for a stall to end.
    }
  }
}
