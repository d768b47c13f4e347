package io.inferscope.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A port on 127.0.0.1 that nothing listens on right now: for a server the test starts in another
 * process (whose port must be known before it starts), or for a connection that must be refused.
 */
public final class FreePort {
  private FreePort() {}

  public static int pick() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
