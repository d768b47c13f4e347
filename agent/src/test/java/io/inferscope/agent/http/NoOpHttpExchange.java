package io.inferscope.agent.http;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/** An exchange that is told everything and does nothing: tests of a hook's pieces override what they watch. */
public class NoOpHttpExchange implements HttpExchange {
  @Override
  public Context context() {
    return Context.root();
  }

  @Override
  public Scope enter() {
    return Scope.noop();
  }

  @Override
  public void requestBody(byte[] body, int length) {}

  @Override
  public void responseStarted(int statusCode, String contentType, String contentEncoding) {}

  @Override
  public boolean hasResponse() {
    return true;
  }

  @Override
  public void demanded(long n) {}

  @Override
  public void delivered() {}

  @Override
  public void readerWaiting(boolean waiting) {}

  @Override
  public void responseBytes(ByteBuffer view) {}

  @Override
  public void responseBytes(byte[] bytes, int offset, int length) {}

  @Override
  public OutputStream bodyStream() {
    return OutputStream.nullOutputStream();
  }

  @Override
  public void completed() {}

  @Override
  public void failed(Throwable error) {}

  @Override
  public void cancelled() {}
}
