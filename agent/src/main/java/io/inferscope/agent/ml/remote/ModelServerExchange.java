package io.inferscope.agent.ml.remote;

import io.inferscope.agent.http.BodyStream;
import io.inferscope.agent.http.HttpExchange;
import io.inferscope.agent.http.InspectedBody;
import io.inferscope.agent.logging.HookErrors;
import io.inferscope.agent.ml.InferenceCall;
import io.inferscope.agent.ml.MlAttributes;
import io.inferscope.agent.stream.StreamAttributes;
import io.inferscope.agent.stream.StreamOutcome;
import io.inferscope.agent.stream.StreamTracker;
import io.inferscope.agent.stream.StreamWatchdog;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One remote prediction as an HTTP client sees it, whatever the client: the request was described when
 * it started ({@link InferRequest}); the answer is read in place while its bytes pass to the application
 * ({@link InferResponse}, never changing them), and the call ends exactly once, whichever comes first of
 * the body's end, a failure, an early close or the abandonment watchdog ({@link StreamTracker}).
 *
 * <p>How it ends: an HTTP error status is an error whose {@code error.type} is the status code (the span
 * status quotes the start of the server's message); a failure before or while the answer arrives (a
 * refused connection, a timeout) is an error of that exception's class; a 2xx answer read to its end
 * that is not one JSON object is {@code malformed_response}; a body the application neither read nor
 * closed is {@code abandoned}; a body closed early is no error ({@code inferscope.stream.outcome}
 * says {@code cancelled}).
 *
 * <p>No method throws: they run on the HTTP client's own threads. A failure of ours stops the inspection
 * of this answer, is reported once, and the span still ends ({@code error.type=inspection_failed}).
 */
final class ModelServerExchange implements HttpExchange, StreamTracker.Listener {
  static final String MALFORMED = "malformed_response";
  static final String INSPECTION_FAILED = "inspection_failed";

  private final ModelServerEndpoint endpoint;
  private final InferenceCall call;
  private final Context context;
  /** Whether the request named its outputs (then the answer's are not what the span lists); under the lock. */
  private boolean outputsRequested;
  /** Whether the request body was described: given at the start, or later ({@link #requestBody}); once only. */
  private boolean requestRead;
  private final StreamTracker tracker = new StreamTracker(this);
  private final AtomicLong outstanding = new AtomicLong();
  // Parse state: written by the thread delivering the answer; an early close or the watchdog may end the
  // call from another thread, so the methods touching it are synchronized (uncontended normally).
  private final InferResponse response;
  private final InspectedBody body;
  private int status;
  private volatile boolean hasResponse;
  private boolean bodyEnded;
  private boolean wholeBody;
  private volatile Throwable inspectionFailure;
  private OutputStream bodyStream;
  private final int maxBodyBytes;

  /**
   * @param request what the request body said, or null when the client could not give it at the start
   *     ({@link #requestBody} may give it later)
   */
  ModelServerExchange(ModelServerEndpoint endpoint, InferenceCall call, Context parent, InferRequest request, int maxBodyBytes) {
    this.endpoint = endpoint;
    this.call = call;
    this.context = parent.with(call.span());
    this.requestRead = request != null;
    this.outputsRequested = request != null && !request.requestedOutputs().isEmpty();
    this.response = new InferResponse(endpoint.protocol());
    this.maxBodyBytes = maxBodyBytes;
    this.body = new InspectedBody(maxBodyBytes, response::bytes);
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public Scope enter() {
    try {
      return context.makeCurrent();
    } catch (Throwable t) {
      failed("context", t);
      return Scope.noop();
    }
  }

  /**
   * The request's body, written by the application after the exchange started (HttpURLConnection): the
   * call learns its batch size, inputs and requested outputs now. A failure of ours here is reported and
   * leaves the answer's inspection alone.
   */
  @Override
  public void requestBody(byte[] body, int length) {
    try {
      describeRequest(body, length);
    } catch (Throwable t) {
      HookErrors.report("model server request", t);
    }
  }

  private synchronized void describeRequest(byte[] body, int length) {
    if (requestRead || body == null || call.isEnded()) {
      return;
    }
    requestRead = true;
    InferRequest request = InferRequest.read(endpoint.protocol(), length <= maxBodyBytes ? body : null, length);
    request.describe(call);
    if (!request.requestedOutputs().isEmpty()) {
      outputsRequested = true;
      call.outputNames(request.requestedOutputs());
    }
  }

  @Override
  public boolean hasResponse() {
    return hasResponse;
  }

  @Override
  public void responseStarted(int statusCode, String contentType, String contentEncoding) {
    try {
      started(statusCode, contentEncoding);
      // From now on the body may be abandoned (never read, never closed): it is watched.
      StreamWatchdog.watch(tracker);
    } catch (Throwable t) {
      failed("response", t);
    }
  }

  private synchronized void started(int statusCode, String contentEncoding) {
    status = statusCode;
    hasResponse = true;
    body.encoding(InspectedBody.Encoding.of(contentEncoding));
  }

  @Override
  public void demanded(long n) {
    try {
      long left = outstanding.accumulateAndGet(n, (have, more) -> have > Long.MAX_VALUE - more ? Long.MAX_VALUE : have + more);
      tracker.readerWaiting(left > 0);
    } catch (Throwable t) {
      failed("demand", t);
    }
  }

  @Override
  public void delivered() {
    try {
      long left = outstanding.updateAndGet(have -> have == Long.MAX_VALUE ? have : Math.max(0, have - 1));
      tracker.readerWaiting(left > 0);
    } catch (Throwable t) {
      failed("delivery", t);
    }
  }

  @Override
  public void readerWaiting(boolean waiting) {
    try {
      tracker.readerWaiting(waiting);
    } catch (Throwable t) {
      failed("read", t);
    }
  }

  @Override
  public void responseBytes(ByteBuffer view) {
    try {
      tracker.touch();
      if (inspectionFailure == null) {
        read(view);
      }
    } catch (Throwable t) {
      failed("body", t);
    }
  }

  @Override
  public void responseBytes(byte[] bytes, int offset, int length) {
    try {
      tracker.touch();
      if (inspectionFailure == null) {
        read(bytes, offset, length);
      }
    } catch (Throwable t) {
      failed("body", t);
    }
  }

  private synchronized void read(ByteBuffer view) {
    if (!bodyEnded) {
      body.feed(view);
    }
  }

  private synchronized void read(byte[] bytes, int offset, int length) {
    if (!bodyEnded) {
      body.feed(bytes, offset, length);
    }
  }

  @Override
  public OutputStream bodyStream() {
    OutputStream out = bodyStream;
    if (out == null) {
      out = bodyStream = new BodyStream(this);
    }
    return out;
  }

  @Override
  public void completed() {
    tracker.finish(StreamOutcome.COMPLETED, null);
  }

  @Override
  public void failed(Throwable error) {
    tracker.finish(StreamOutcome.ERROR, error);
  }

  /**
   * The application closed the body. A JSON reader often closes once it has the closing brace, without
   * reading past the end: an answer already whole counts as completed.
   */
  @Override
  public void cancelled() {
    StreamOutcome outcome = StreamOutcome.CANCELLED;
    try {
      if (endBody()) {
        outcome = StreamOutcome.COMPLETED;
      }
    } catch (Throwable t) {
      failed("close", t);
    }
    tracker.finish(outcome, null);
  }

  /** The body's end (a buffered gzip body is decoded now), once; returns whether it held one whole JSON object. */
  private synchronized boolean endBody() {
    if (!bodyEnded) {
      bodyEnded = true;
      if (inspectionFailure == null) {
        wholeBody = body.end() && response.whole();
      }
    }
    return wholeBody;
  }

  /** Ends the call with what the answer said; runs once, on whichever thread ended the exchange. */
  @Override
  public void streamEnded(StreamTracker stream, StreamOutcome outcome, Throwable error) {
    try {
      describe(outcome, error);
    } catch (Throwable t) {
      HookErrors.report("model server span end", t);
      try {
        call.endFailed(INSPECTION_FAILED, "InferScope could not finish describing this call (" + t.getClass().getName() + ")");
      } catch (Throwable again) {
        HookErrors.report("model server span end", again);
      } finally {
        call.span().end(); // whatever failed above, the span ends (a second end is ignored)
      }
    }
  }

  private void describe(StreamOutcome outcome, Throwable error) {
    int status;
    boolean whole;
    String version;
    String message;
    synchronized (this) {
      status = this.status;
      whole = outcome == StreamOutcome.COMPLETED && endBody();
      version = response.version();
      message = response.error();
      if (!outputsRequested) {
        call.outputNames(response.outputs());
      }
    }
    Span span = call.span();
    if (version != null && endpoint.version() == null) {
      span.setAttribute(MlAttributes.MODEL_VERSION, version);
    }
    if (outcome != StreamOutcome.COMPLETED) {
      span.setAttribute(StreamAttributes.OUTCOME, outcome.attributeValue());
    }
    Throwable failure = inspectionFailure;
    if (status >= 400) {
      call.endFailed(Integer.toString(status), message == null ? "HTTP " + status : "HTTP " + status + ": " + message);
    } else if (error != null) {
      call.end(error);
    } else if (outcome == StreamOutcome.ABANDONED) {
      call.endFailed(StreamOutcome.ABANDONED.attributeValue(),
          "response neither read to the end nor closed (idle timeout, or still open at JVM exit)");
    } else if (failure != null) {
      call.endFailed(INSPECTION_FAILED,
          "InferScope could not inspect this response (" + failure.getClass().getName() + "); the application's call was not affected");
    } else if (outcome == StreamOutcome.COMPLETED && status >= 200 && status < 300 && !whole && inspectedWhole()) {
      // Only a body read to its end, all of it inspected, is judged: past the cap or in an encoding not
      // decoded, what it held is unknown.
      call.endFailed(MALFORMED, "the response is not a " + endpoint.protocol().framework() + " prediction (not one JSON object)");
    } else {
      call.end(null);
    }
  }

  /** Whether all of the body was read: within the cap, in an encoding the agent decodes, not nested past the scanner. */
  private synchronized boolean inspectedWhole() {
    return body.inspecting() && !response.tooDeep();
  }

  /**
   * Our own failure while inspecting: stop inspecting this answer (its buffers are released), and say so
   * once. The application's call is not touched; the span ends with what is known.
   */
  private void failed(String where, Throwable t) {
    try {
      if (inspectionFailure == null) {
        inspectionFailure = t;
      }
      HookErrors.report("model server response " + where, t);
    } catch (Throwable ignored) {
      // Nothing more can be done without risking the caller's thread.
    }
  }
}
