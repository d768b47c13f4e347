package io.inferscope.agent.instrumentation.urlconnection;

import io.inferscope.agent.http.HttpExchange;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * One observed connection while its exchange is open: the copy of the request body the application
 * writes (at most the exchange's limit; past it nothing is kept) and the streams handed out for it.
 * Nothing here holds the connection: the JDK's streams are inner objects of the connection, so they
 * are only reached through the agent's streams, which this holds weakly; the application holds them.
 * Methods are synchronized: one application thread does everything in the usual flow (uncontended),
 * but a close or the watchdog may come from another.
 */
final class ObservedConnection {
  private final HttpExchange exchange;
  private final OpenConnections connections;
  private final int maxRequestBytes;
  private Object key;
  private byte[] request;
  private int requestLength;
  private boolean requestTooLarge;
  private boolean requestDone;
  private WeakReference<RequestBodyCopy> requestStream;
  private WeakReference<ResponseBodyStream> responseStream;
  private boolean responded;
  private boolean ended;
  /** getInputStream calls in progress: the JDK calls it within itself (getResponseCode, getHeaderField). */
  private int receiving;

  ObservedConnection(HttpExchange exchange, int maxRequestBytes, OpenConnections connections) {
    this.exchange = exchange;
    this.maxRequestBytes = maxRequestBytes;
    this.connections = connections;
  }

  HttpExchange exchange() {
    return exchange;
  }

  synchronized void enteredAs(Object mapKey) {
    this.key = mapKey;
  }

  /** The stream to give the application for the request body {@code out} (the same one each time). */
  synchronized OutputStream requestStream(OutputStream out) {
    if (requestDone || ended) {
      return out;
    }
    RequestBodyCopy current = requestStream == null ? null : requestStream.get();
    if (current != null) {
      return current.writesTo(out) ? current : out;
    }
    RequestBodyCopy copy = new RequestBodyCopy(out, this);
    requestStream = new WeakReference<>(copy);
    return copy;
  }

  /** Bytes the application wrote, and its stream took: kept up to the limit, else all dropped. */
  synchronized void requestBytes(byte[] bytes, int offset, int length) {
    if (requestDone || requestTooLarge || length <= 0) {
      return;
    }
    if (requestLength + length > maxRequestBytes) {
      requestTooLarge = true; // a cut JSON document says nothing: keep none of it
      request = null;
      return;
    }
    int needed = requestLength + length;
    if (request == null || request.length < needed) {
      int size = Math.min(maxRequestBytes, Math.max(needed, request == null ? 1024 : request.length * 2));
      request = request == null ? new byte[size] : Arrays.copyOf(request, size);
    }
    System.arraycopy(bytes, offset, request, requestLength, length);
    requestLength = needed;
  }

  /** The request is complete (the response is asked for, or the call ends): its body goes to the exchange, once. */
  void requestDone() {
    byte[] body;
    int length;
    synchronized (this) {
      if (requestDone) {
        return;
      }
      requestDone = true;
      body = request;
      length = requestLength;
      request = null;
    }
    if (body != null && length > 0) {
      exchange.requestBody(body, length);
    }
  }

  synchronized void receiving() {
    receiving++;
  }

  /** A getInputStream call returned: true when it was the outermost one. */
  synchronized boolean received() {
    receiving = Math.max(0, receiving - 1);
    return receiving == 0;
  }

  /** True for the first response (status line and headers) only. */
  synchronized boolean respond() {
    if (responded || ended) {
      return false;
    }
    responded = true;
    return true;
  }

  synchronized boolean responded() {
    return responded;
  }

  /** The stream to give the application for the response body {@code in} (the same one each time). */
  synchronized InputStream responseStream(InputStream in) {
    if (ended) {
      return in;
    }
    ResponseBodyStream current = responseStream == null ? null : responseStream.get();
    if (current != null) {
      return current.readsFrom(in) ? current : in;
    }
    ResponseBodyStream body = new ResponseBodyStream(in, this);
    responseStream = new WeakReference<>(body);
    return body;
  }

  /** The body was read to its end. */
  void completed() {
    if (end()) {
      exchange.completed();
    }
  }

  /** The application closed the body or disconnected (before the end: an early close). */
  void closed() {
    requestDone();
    if (end()) {
      exchange.cancelled();
    }
  }

  /** The request or the body failed. */
  void failed(Throwable error) {
    requestDone();
    if (end()) {
      exchange.failed(error);
    }
  }

  /** The application dropped the connection without reading its answer to the end or disconnecting. */
  void dropped() {
    closed();
  }

  private boolean end() {
    Object mapKey;
    synchronized (this) {
      if (ended) {
        return false;
      }
      ended = true;
      mapKey = key;
      request = null;
    }
    if (mapKey != null) {
      connections.remove(mapKey, this);
    }
    return true;
  }
}
