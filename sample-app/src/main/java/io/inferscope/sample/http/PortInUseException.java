package io.inferscope.sample.http;

/** The port asked for is taken; the message names it and says how to choose another. */
public final class PortInUseException extends RuntimeException {
  PortInUseException(String message, Throwable cause) {
    super(message, cause);
  }
}
