package io.inferscope.sample.http;

/** A request the client must fix; its message is sent back as the error (400 unless said otherwise). */
public final class BadRequestException extends RuntimeException {
  private final int status;

  public BadRequestException(String message) {
    this(400, message);
  }

  public BadRequestException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
