package io.inferscope.agent.ml.remote;

import io.inferscope.agent.logging.HookErrors;
import io.inferscope.agent.ml.InferenceCall;
import io.inferscope.agent.ml.MlAttributes;
import io.opentelemetry.context.Context;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Open Inference Protocol {@code ModelInfer} call over gRPC, ended exactly once by whichever comes
 * first on whichever thread: the blocking method's return or throw, the future's completion, the
 * response observer's {@code onError}/{@code onCompleted}. A failure with a gRPC status is an error
 * whose {@code error.type} is the status code's name and whose status message is the start of the
 * status description; any other exception is named by its class. No method throws.
 */
public final class GrpcInferCall {
  private final InferenceCall call;
  private final Context context;
  private final boolean versionKnown;
  private final boolean outputsRequested;
  private final AtomicBoolean ended = new AtomicBoolean();
  /** The last response an observer saw (unary: the one), for {@code onCompleted}. */
  private volatile Object response;

  GrpcInferCall(InferenceCall call, Context parent, boolean versionKnown, boolean outputsRequested) {
    this.call = call;
    this.context = parent.with(call.span());
    this.versionKnown = versionKnown;
    this.outputsRequested = outputsRequested;
  }

  /** The context the call is made in: its span is the parent of whatever gRPC does for it. */
  public Context context() {
    return context;
  }

  /** A response reached the application's observer (it is described when the call ends). */
  public void responded(Object message) {
    response = message;
  }

  /** The call completed with the last response an observer saw. */
  public void completed() {
    end(response, null);
  }

  /** The call cannot be followed to its end (ours failed): it ends now as {@code inspection_failed}. */
  public void giveUp(Throwable cause) {
    if (ended.compareAndSet(false, true)) {
      call.endFailed(ModelServerExchange.INSPECTION_FAILED,
          "InferScope could not follow this call (" + cause.getClass().getName() + "); the application's call was not affected");
    }
  }

  /** Ends the call with its response (described: version, outputs) or its failure; only the first end counts. */
  public void end(Object message, Throwable error) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      if (error != null) {
        GrpcStatus status = GrpcStatus.of(error);
        if (status != null) {
          call.endFailed(status.code(), status.message());
        } else {
          call.end(error);
        }
        return;
      }
      if (message != null) {
        describe(message);
      }
      call.end(null);
    } catch (Throwable t) {
      HookErrors.report("grpc model infer end", t);
      try {
        call.endFailed(ModelServerExchange.INSPECTION_FAILED,
            "InferScope could not finish describing this call (" + t.getClass().getName() + "); the application's call was not affected");
      } catch (Throwable again) {
        HookErrors.report("grpc model infer end", again);
      } finally {
        call.span().end(); // whatever failed above, the span ends (a second end is ignored)
      }
    }
  }

  /** What the answer says: the version the server ran (unless the request named one), the outputs (unless it asked for some). */
  private void describe(Object message) throws Throwable {
    if (versionKnown && outputsRequested) {
      return;
    }
    ProtobufFields fields = ProtobufFields.of(message);
    if (!fields.readable()) {
      return;
    }
    if (!versionKnown) {
      String version = fields.string(message, "model_version");
      if (version != null && !version.isEmpty()) {
        call.span().setAttribute(MlAttributes.MODEL_VERSION, ModelServerEndpoint.cap(version, ModelServerEndpoint.MAX_VERSION_LENGTH));
      }
    }
    if (!outputsRequested) {
      call.outputNames(fields.names(message, "outputs"));
    }
  }
}
