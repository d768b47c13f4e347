package io.inferscope.agent.llm;

import io.inferscope.agent.genai.LlmEndpoint;
import io.inferscope.agent.genai.LlmRequest;
import io.inferscope.agent.genai.LlmResponse;
import io.inferscope.agent.genai.NdjsonParser;
import io.inferscope.agent.genai.SseParser;
import io.inferscope.agent.stream.StreamOutcome;
import io.inferscope.agent.stream.StreamWatchdog;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One LLM call as an HTTP client sees it, whatever the client (JDK HttpClient, OkHttp): classifies
 * the request, reads the response bytes it is shown (never changing them) as JSON, Server-Sent
 * Events or NDJSON, and ends the call's span once. Memory is bounded by {@link GenAiSettings#maxBodyBytes}:
 * a JSON body is buffered up to it (past it, only the status is known); a stream is parsed as it
 * flows, each event at most that size.
 */
public final class LlmHttpExchange implements LlmCall.ResultSource {
  /** How the response body is read; UNREADABLE: an encoding the agent does not decode, left alone. */
  private enum Format { JSON, GZIP_JSON, SSE, NDJSON, UNREADABLE }

  private final LlmEndpoint endpoint;
  /** The SDK call this exchange is one attempt of, or null when the exchange is the whole call. */
  private final LlmBoundary boundary;
  private LlmCall call;
  private final int maxBodyBytes;
  private final LlmResponse response;
  // Parse state: written by the thread delivering the response; an early close or the watchdog may
  // end the call from another thread, so the methods touching it are synchronized (uncontended in
  // the normal flow, where one thread does everything).
  private int status;
  private Format format = Format.JSON;
  private byte[] body;
  private int bodyLength;
  private boolean bodyTooLarge;
  private SseParser sse;
  private NdjsonParser ndjson;
  private final AtomicLong outstanding = new AtomicLong();
  // How this attempt ended, kept for a boundary that hands the call's end over later.
  private volatile StreamOutcome endedOutcome;
  private volatile Throwable endedError;

  private LlmHttpExchange(LlmEndpoint endpoint, LlmBoundary boundary, GenAiSettings settings) {
    this.endpoint = endpoint;
    this.boundary = boundary;
    this.maxBodyBytes = settings.maxBodyBytes();
    this.response = new LlmResponse(endpoint.api(), settings.captureContent() ? settings.maxContentLength() : 0);
  }

  /**
   * Starts an exchange for a request to a known LLM endpoint; null for any other request.
   *
   * @param requestBody reads the request body, or returns null; asked only for LLM requests
   */
  public static LlmHttpExchange start(
      GenAiTelemetry telemetry, Context parent, String method, URI uri, Supplier<byte[]> requestBody) {
    return start(telemetry, parent, method, uri.getHost(), port(uri), uri.getRawPath(), uri.getRawQuery(), requestBody);
  }

  /** As {@link #start(GenAiTelemetry, Context, String, URI, Supplier)}, from the URL's parts (path and query encoded). */
  public static LlmHttpExchange start(
      GenAiTelemetry telemetry, Context parent, String method, String host, int port, String path, String query,
      Supplier<byte[]> requestBody) {
    LlmEndpoint endpoint = LlmEndpoint.classify(method, host, port, path, query);
    if (endpoint == null) {
      return null;
    }
    byte[] body = requestBody.get();
    LlmRequest request = LlmRequest.parse(endpoint, body, body == null ? 0 : body.length);
    LlmBoundary boundary = LlmBoundary.current(parent);
    LlmHttpExchange exchange = new LlmHttpExchange(endpoint, boundary, telemetry.settings());
    if (boundary == null) {
      exchange.call = startCall(telemetry, parent, endpoint, request, host, port, 0, System.nanoTime());
    } else {
      exchange.call = boundary.attempt(exchange, () -> startCall(
          telemetry, boundary.context(), endpoint, request, host, port, boundary.startEpochNanos(), boundary.startNanos()));
    }
    exchange.call.resultFrom(exchange);
    return exchange;
  }

  private static LlmCall startCall(
      GenAiTelemetry telemetry, Context parent, LlmEndpoint endpoint, LlmRequest request, String host, int port,
      long startEpochNanos, long startNanos) {
    LlmCall call = telemetry.start(
        parent, endpoint.operation(), endpoint.provider(), request.model(), host, port, SpanKind.CLIENT, startEpochNanos, startNanos);
    GenAiRequestAttributes.set(call.span(), request, telemetry.settings());
    return call;
  }

  /** Whether a request goes to a known LLM endpoint; lets a hook skip reading other requests' bodies. */
  public static boolean isLlmRequest(String method, String host, int port, String path, String query) {
    return LlmEndpoint.classify(method, host, port, path, query) != null;
  }

  private static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
  }

  public Context context() {
    return call.context();
  }

  /** Status line and headers arrived. From now on the body may be abandoned, so it is watched. */
  public synchronized void responseStarted(int statusCode, String contentType, String contentEncoding) {
    status = statusCode;
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    String encoding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    boolean stream = type.startsWith("text/event-stream") || type.startsWith("application/x-ndjson")
        || type.startsWith("application/ndjson");
    if (!encoding.equals("identity") && !encoding.isEmpty()) {
      // Compressed bytes as the application's client receives them (it may decompress above the hook):
      // a gzip JSON body is buffered and decoded at the end; anything else is not inspected.
      format = encoding.equals("gzip") && !stream ? Format.GZIP_JSON : Format.UNREADABLE;
      if (stream) {
        call.streamed();
      }
    } else if (type.startsWith("text/event-stream")) {
      format = Format.SSE;
      sse = new SseParser(maxBodyBytes, response::acceptEvent);
      call.streamed();
    } else if (type.startsWith("application/x-ndjson") || type.startsWith("application/ndjson")) {
      format = Format.NDJSON;
      ndjson = new NdjsonParser(maxBodyBytes, response::acceptNdjsonLine);
      call.streamed();
    }
    StreamWatchdog.watch(call.tracker());
  }

  /** The application's subscriber asked for {@code n} more items: it is reading, or waiting to. */
  public void demanded(long n) {
    long left = outstanding.accumulateAndGet(n, (have, more) -> have > Long.MAX_VALUE - more ? Long.MAX_VALUE : have + more);
    call.tracker().readerWaiting(left > 0);
  }

  /** One item of demand was met (one onNext). */
  public void delivered() {
    long left = outstanding.updateAndGet(have -> have == Long.MAX_VALUE ? have : Math.max(0, have - 1));
    call.tracker().readerWaiting(left > 0);
  }

  /** The application is blocked in a read of the body ({@code true}) or got bytes ({@code false}). */
  public void readerWaiting(boolean waiting) {
    call.tracker().readerWaiting(waiting);
  }

  /** A read-only view of body bytes on their way to the application. */
  public synchronized void responseBytes(ByteBuffer view) {
    call.tracker().touch();
    int length = view.remaining();
    boolean buffered = format == Format.JSON || format == Format.GZIP_JSON;
    if (length == 0 || format == Format.UNREADABLE || (buffered && bodyTooLarge)) {
      return; // nothing more will be read from this body: no copy either
    }
    byte[] bytes;
    int offset;
    if (view.hasArray()) {
      bytes = view.array();
      offset = view.arrayOffset() + view.position();
    } else {
      bytes = new byte[length];
      view.duplicate().get(bytes);
      offset = 0;
    }
    if (buffered) {
      buffer(bytes, offset, length);
      return;
    }
    // Each event with new content is one chunk: its arrival time feeds the chunk metrics.
    int before = response.chunks();
    if (format == Format.SSE) {
      sse.feed(bytes, offset, length);
    } else {
      ndjson.feed(bytes, offset, length);
    }
    for (int i = before; i < response.chunks(); i++) {
      call.chunk();
    }
  }

  private void buffer(byte[] bytes, int offset, int length) {
    if (bodyTooLarge) {
      return;
    }
    if ((long) bodyLength + length > maxBodyBytes) {
      bodyTooLarge = true;
      body = null;
      return;
    }
    if (body == null || body.length < bodyLength + length) {
      int size = Math.min(maxBodyBytes, Math.max(bodyLength + length, body == null ? 4096 : body.length * 2));
      byte[] grown = new byte[size];
      if (body != null) {
        System.arraycopy(body, 0, grown, 0, bodyLength);
      }
      body = grown;
    }
    System.arraycopy(bytes, offset, body, bodyLength, length);
    bodyLength += length;
  }

  public void completed() {
    ended(StreamOutcome.COMPLETED, null);
  }

  public void failed(Throwable error) {
    ended(StreamOutcome.ERROR, error);
  }

  /**
   * The application closed the body. Readers often close once they have what they need without
   * reading past the end (a JSON parser stops at the closing brace, an SSE reader at [DONE]), so a
   * response already complete in its own format counts as completed.
   */
  public void cancelled() {
    parseBody();
    ended(response.completed() ? StreamOutcome.COMPLETED : StreamOutcome.CANCELLED, null);
  }

  /** Parses a buffered JSON body once (decoding gzip, bounded like the body itself). */
  private synchronized void parseBody() {
    byte[] buffered = body;
    if (buffered == null || bodyTooLarge) {
      return;
    }
    body = null;
    if (format == Format.JSON) {
      response.acceptBody(buffered, bodyLength);
    } else if (format == Format.GZIP_JSON) {
      byte[] decoded = Gzip.decode(buffered, bodyLength, maxBodyBytes);
      if (decoded == null) {
        bodyTooLarge = true; // corrupt or larger than the cap decoded: report what is known
      } else {
        response.acceptBody(decoded, decoded.length);
      }
    }
  }

  /** Ends the call, unless an SDK call owns it and has not handed its end to this attempt. */
  private void ended(StreamOutcome outcome, Throwable error) {
    if (endedOutcome != null) {
      return;
    }
    endedError = error;
    endedOutcome = outcome;
    if (boundary == null || boundary.attemptEndsCall(this)) {
      call.finish(outcome, error);
    }
  }

  /** The owning SDK call returned a stream: if this attempt already ended, so does the call. */
  void endCallIfDone() {
    StreamOutcome outcome = endedOutcome;
    if (outcome != null) {
      call.finish(outcome, endedError);
    }
  }

  @Override
  public synchronized LlmResult result(StreamOutcome outcome, Throwable error) {
    if (outcome == StreamOutcome.COMPLETED) {
      parseBody();
    }
    if (sse != null) {
      sse.finish();
    } else if (ndjson != null) {
      ndjson.finish();
    }
    boolean uninspected = bodyTooLarge || format == Format.UNREADABLE;
    return GenAiResponseAttributes.result(endpoint, response, status, outcome, error, uninspected, call.settings());
  }
}
