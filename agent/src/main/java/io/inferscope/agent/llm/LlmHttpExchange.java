package io.inferscope.agent.llm;

import io.inferscope.agent.genai.EventStreamParser;
import io.inferscope.agent.genai.Framing;
import io.inferscope.agent.genai.LlmEndpoint;
import io.inferscope.agent.genai.LlmRequest;
import io.inferscope.agent.genai.LlmResponse;
import io.inferscope.agent.genai.NdjsonParser;
import io.inferscope.agent.genai.SseParser;
import io.inferscope.agent.http.BodyStream;
import io.inferscope.agent.http.BufferViews;
import io.inferscope.agent.http.HttpExchange;
import io.inferscope.agent.http.HttpExchanges;
import io.inferscope.agent.http.InspectedBody;
import io.inferscope.agent.logging.HookErrors;
import io.inferscope.agent.stream.StreamOutcome;
import io.inferscope.agent.stream.StreamWatchdog;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One LLM call as an HTTP client sees it, whatever the client (JDK HttpClient, OkHttp): classifies
 * the request, reads the response bytes it is shown (never changing them) as JSON, Server-Sent
 * Events or NDJSON while they pass, and ends the call's span once.
 *
 * <p>Memory per call is fixed, whatever the server sends: nothing is parsed into a tree or buffered
 * (the readers extract what telemetry needs as the bytes stream by); only a gzip body is buffered
 * compressed, up to {@link GenAiSettings#maxBodyBytes}, and decoded at its end in small pieces
 * ({@link InspectedBody}). Past that cap a JSON body, or a single stream event, is not inspected.
 *
 * <p>No method throws: they run on the HTTP client's own threads (its selector, its executor, the
 * application's reading thread), where an escaping Error would kill a thread the application
 * depends on. A failure of ours, an OutOfMemoryError included, stops the inspection of this
 * response; its span still ends, marked {@code error.type=inspection_failed}, and it is reported once.
 */
public final class LlmHttpExchange implements HttpExchange, LlmCall.ResultSource {
  /** How the response body is read; UNREADABLE: an encoding the agent does not decode, left alone. */
  private enum Format { JSON, GZIP_JSON, SSE, NDJSON, EVENT_STREAM, UNREADABLE }

  private final LlmEndpoint endpoint;
  /** The SDK call this exchange is one attempt of, or null when the exchange is the whole call. */
  private final LlmBoundary boundary;
  private LlmCall call;
  /** Whether the request's body was read: given at the start, or later ({@link #requestBody}); once only. */
  private boolean requestRead;
  private final int maxBodyBytes;
  private final LlmResponse response;
  // Parse state: written by the thread delivering the response; an early close or the watchdog may
  // end the call from another thread, so the methods touching it are synchronized (uncontended in
  // the normal flow, where one thread does everything).
  private int status;
  private volatile boolean hasResponse;
  private Format format = Format.JSON;
  /** A JSON body's bytes (plain or gzip), capped; streams are framed by their own parsers. */
  private final InspectedBody body;
  private boolean bodyEnded;
  private SseParser sse;
  private NdjsonParser ndjson;
  private EventStreamParser eventStream;
  private volatile Throwable inspectionFailure;
  private OutputStream bodyStream;
  /** Where {@link BufferViews} hands a client's body buffers: made once, not per buffer. */
  private final InspectedBody.Reader reader = this::read;
  private final AtomicLong outstanding = new AtomicLong();
  // How this attempt ended, kept for a boundary that hands the call's end over later.
  private volatile StreamOutcome endedOutcome;
  private volatile Throwable endedError;

  private LlmHttpExchange(LlmEndpoint endpoint, LlmBoundary boundary, GenAiSettings settings) {
    this.endpoint = endpoint;
    this.boundary = boundary;
    this.maxBodyBytes = settings.maxBodyBytes();
    this.response = new LlmResponse(endpoint.api(), settings.captureContent() ? settings.maxContentLength() : 0);
    this.body = new InspectedBody(maxBodyBytes, response::bodyBytes);
  }

  /**
   * Starts an exchange for a request to a known LLM endpoint; null for any other request, and for one
   * inside another instrumentation's GenAI span ({@link ForeignGenAiSpan}).
   *
   * @param requestBody reads the request body, or returns null; asked only for LLM requests
   */
  public static LlmHttpExchange start(
      GenAiTelemetry telemetry, Context parent, String method, URI uri, Supplier<byte[]> requestBody) {
    return start(telemetry, parent, method, uri.getHost(), HttpExchanges.port(uri), uri.getRawPath(), requestBody);
  }

  /** As {@link #start(GenAiTelemetry, Context, String, URI, Supplier)}, from the URL's parts (the path encoded, no query). */
  public static LlmHttpExchange start(
      GenAiTelemetry telemetry, Context parent, String method, String host, int port, String path,
      Supplier<byte[]> requestBody) {
    LlmBoundary found = LlmBoundary.current(parent);
    LlmEndpoint endpoint = LlmEndpoint.classify(method, host, port, path, null, found != null);
    if (endpoint == null || ForeignGenAiSpan.around(parent)) {
      return null;
    }
    byte[] body = requestBody.get();
    LlmRequest request = LlmRequest.parse(endpoint, body, body == null ? 0 : body.length);
    // An SDK's attempts follow one another: a request made while one is still open is the application's
    // own call, made in the call's callbacks (a stream's operators), and becomes a call of its own, a child.
    LlmBoundary boundary = found != null && found.attemptOpen() ? null : found;
    LlmHttpExchange exchange = new LlmHttpExchange(endpoint, boundary, telemetry.settings());
    exchange.requestRead = body != null;
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

  @Override
  public Context context() {
    return call.context();
  }

  /** Makes the call's context current, for the application's callbacks; never throws. */
  @Override
  public Scope enter() {
    try {
      return call.context().makeCurrent();
    } catch (Throwable t) {
      failed("context", t);
      return Scope.noop();
    }
  }

  /**
   * The request's body, written by the application after the exchange started: the call learns what
   * it asked for. A failure of ours here is reported and leaves the response's inspection alone.
   */
  @Override
  public void requestBody(byte[] body, int length) {
    try {
      synchronized (this) {
        if (requestRead || length > maxBodyBytes) {
          return; // a body past the cap is not read, as at the start
        }
        requestRead = true;
      }
      call.requested(LlmRequest.parse(endpoint, body, length));
    } catch (Throwable t) {
      HookErrors.report("llm request", t);
    }
  }

  /** Status line and headers arrived. From now on the body may be abandoned, so it is watched. */
  @Override
  public boolean hasResponse() {
    return hasResponse;
  }

  @Override
  public void responseStarted(int statusCode, String contentType, String contentEncoding) {
    try {
      started(statusCode, contentType, contentEncoding);
    } catch (Throwable t) {
      failed("response", t);
    }
  }

  private synchronized void started(int statusCode, String contentType, String contentEncoding) {
    status = statusCode;
    hasResponse = true;
    InspectedBody.Encoding encoding = InspectedBody.Encoding.of(contentEncoding);
    Framing framing = endpoint.api().framing(contentType);
    if (framing.streamed()) {
      call.streamed();
    }
    if (encoding != InspectedBody.Encoding.IDENTITY) {
      // Compressed bytes as the application's client receives them (it may decompress above the hook):
      // a gzip JSON body is buffered and decoded at the end; anything else is not inspected.
      format = encoding == InspectedBody.Encoding.GZIP && !framing.streamed() ? Format.GZIP_JSON : Format.UNREADABLE;
      body.encoding(encoding);
    } else if (framing == Framing.SSE) {
      format = Format.SSE;
      sse = new SseParser(maxBodyBytes, response);
    } else if (framing == Framing.NDJSON) {
      format = Format.NDJSON;
      ndjson = new NdjsonParser(maxBodyBytes, response);
    } else if (framing == Framing.EVENT_STREAM) {
      format = Format.EVENT_STREAM;
      eventStream = new EventStreamParser(maxBodyBytes, response);
    }
    StreamWatchdog.watch(call.tracker());
  }

  /** The application's subscriber asked for {@code n} more items: it is reading, or waiting to. */
  @Override
  public void demanded(long n) {
    try {
      long left = outstanding.accumulateAndGet(n, (have, more) -> have > Long.MAX_VALUE - more ? Long.MAX_VALUE : have + more);
      call.tracker().readerWaiting(left > 0);
    } catch (Throwable t) {
      failed("demand", t);
    }
  }

  /** One item of demand was met (one onNext). */
  @Override
  public void delivered() {
    try {
      long left = outstanding.updateAndGet(have -> have == Long.MAX_VALUE ? have : Math.max(0, have - 1));
      call.tracker().readerWaiting(left > 0);
    } catch (Throwable t) {
      failed("delivery", t);
    }
  }

  /** The application is blocked in a read of the body ({@code true}) or got bytes ({@code false}). */
  @Override
  public void readerWaiting(boolean waiting) {
    try {
      call.tracker().readerWaiting(waiting);
    } catch (Throwable t) {
      failed("read", t);
    }
  }

  /** A view of body bytes on their way to the application; read in place, never changed. */
  @Override
  public void responseBytes(ByteBuffer view) {
    try {
      if (view.hasRemaining() && inspecting()) {
        BufferViews.read(view, reader);
      } else {
        call.tracker().touch();
      }
    } catch (Throwable t) {
      failed("body", t);
    }
  }

  /** Body bytes on their way to the application (OkHttp's segments), read in place. */
  @Override
  public void responseBytes(byte[] bytes, int offset, int length) {
    try {
      read(bytes, offset, length);
    } catch (Throwable t) {
      failed("body", t);
    }
  }

  /**
   * Where a client that copies body bytes out (OkHttp's okio) writes them: each write is read in
   * place as body bytes. One per exchange; never throws.
   */
  @Override
  public OutputStream bodyStream() {
    OutputStream out = bodyStream;
    if (out == null) {
      out = bodyStream = new BodyStream(this);
    }
    return out;
  }

  private boolean inspecting() {
    return format != Format.UNREADABLE && !body.gaveUp() && inspectionFailure == null;
  }

  private synchronized void read(byte[] bytes, int offset, int length) {
    // One clock read per piece, not per event: the events in a piece arrived together (and on some
    // machines a clock read costs as much as reading a small event).
    long now = System.nanoTime();
    call.tracker().touch(now);
    if (length <= 0 || !inspecting()) {
      return;
    }
    switch (format) {
      // Past the cap only the status is known: nothing more is read.
      case JSON, GZIP_JSON -> body.feed(bytes, offset, length);
      default -> {
        // Each event with new content is one chunk: its arrival time feeds the chunk metrics.
        int before = response.chunks();
        if (format == Format.SSE) {
          sse.feed(bytes, offset, length);
        } else if (format == Format.EVENT_STREAM) {
          eventStream.feed(bytes, offset, length);
        } else {
          ndjson.feed(bytes, offset, length);
        }
        for (int i = before; i < response.chunks(); i++) {
          call.chunk(now);
        }
      }
    }
  }

  @Override
  public void completed() {
    ended(StreamOutcome.COMPLETED, null);
  }

  @Override
  public void failed(Throwable error) {
    ended(StreamOutcome.ERROR, error);
  }

  /**
   * The application closed the body. Readers often close once they have what they need without
   * reading past the end (a JSON parser stops at the closing brace, an SSE reader at [DONE]), so a
   * response already complete in its own format counts as completed.
   */
  @Override
  public void cancelled() {
    StreamOutcome outcome = StreamOutcome.CANCELLED;
    try {
      endBody();
      outcome = responseComplete() ? StreamOutcome.COMPLETED : StreamOutcome.CANCELLED;
    } catch (Throwable t) {
      failed("close", t);
    }
    ended(outcome, null);
  }

  private synchronized boolean responseComplete() {
    return response.completed();
  }

  /** A JSON body's end: decodes a buffered gzip body (bounded like the body itself), once. */
  private synchronized void endBody() {
    if (bodyEnded || !inspecting()) {
      return;
    }
    bodyEnded = true;
    // A gzip body that is corrupt or larger than the cap decoded is given up (reported as not inspected).
    if ((format == Format.JSON || format == Format.GZIP_JSON) && body.end()) {
      response.bodyEnd();
    }
  }

  /** Ends the call, unless an SDK call owns it and has not handed its end to this attempt. */
  private void ended(StreamOutcome outcome, Throwable error) {
    try {
      if (endedOutcome != null) {
        return;
      }
      endedError = error;
      endedOutcome = outcome;
      if (boundary == null || boundary.attemptEndsCall(this)) {
        call.finish(outcome, error);
      }
    } catch (Throwable t) {
      failed("end", t);
    }
  }

  /** Whether the response is a stream (SSE, NDJSON, event stream). */
  synchronized boolean streamed() {
    return format == Format.SSE || format == Format.NDJSON || format == Format.EVENT_STREAM;
  }

  /** Whether this attempt has not ended yet. */
  boolean open() {
    return endedOutcome == null;
  }

  /** The owning SDK call returned a stream: if this attempt already ended, so does the call. */
  void endCallIfDone() {
    StreamOutcome outcome = endedOutcome;
    if (outcome != null) {
      call.finish(outcome, endedError);
    }
  }

  /**
   * Our own failure while inspecting: stop inspecting this response (its buffers are released), and
   * say so once. The application's call is not touched; the span ends with what is known.
   */
  private void failed(String where, Throwable t) {
    try {
      if (inspectionFailure == null) {
        inspectionFailure = t;
      }
      body.release();
      HookErrors.report("llm response " + where, t);
    } catch (Throwable ignored) {
      // Nothing more can be done without risking the caller's thread.
    }
  }

  @Override
  public synchronized LlmResult result(StreamOutcome outcome, Throwable error) {
    if (outcome == StreamOutcome.COMPLETED) {
      try {
        endBody();
      } catch (Throwable t) {
        failed("end", t);
      }
    }
    if (sse != null) {
      sse.finish();
    } else if (ndjson != null) {
      ndjson.finish();
    } else if (eventStream != null) {
      eventStream.finish();
    }
    Throwable failure = inspectionFailure;
    boolean uninspected = body.gaveUp() || format == Format.UNREADABLE || failure != null || response.tooDeep();
    return GenAiResponseAttributes.result(endpoint, response, status, outcome, error, uninspected, failure, call.settings());
  }
}
