package io.inferscope.tests.apps.transport;

import java.io.IOException;
import reactor.core.Exceptions;

/**
 * How the reactive adapters report a failure through {@link LlmTransport}'s blocking methods: the I/O
 * error underneath (Reactor wraps a checked exception thrown through {@code block()}, WebClient wraps
 * a transport error in its {@code WebClientRequestException}), as an application that catches it
 * would see it; anything else as it is.
 */
final class ReactiveErrors {
  private ReactiveErrors() {}

  static IOException asIoException(RuntimeException e) {
    Throwable cause = ioCause(e);
    if (cause instanceof IOException io) {
      return io;
    }
    throw e;
  }

  /** The first I/O error in the chain, or the unwrapped error itself. */
  static Throwable ioCause(Throwable error) {
    Throwable unwrapped = Exceptions.unwrap(error);
    for (Throwable t = unwrapped; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return t;
      }
    }
    return unwrapped;
  }
}
