package io.inferscope.agent.instrumentation.grpc;

import io.inferscope.agent.http.TracePropagation;
import io.inferscope.agent.logging.HookErrors;
import io.inferscope.agent.ml.remote.GrpcInferCall;
import io.inferscope.agent.ml.remote.GrpcInferCalls;
import io.inferscope.bootstrap.GrpcBridge;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The agent's side of {@link GrpcBridge}. Per thread it keeps two things: the call of ours in progress
 * (so the calls grpc-java makes inside it, {@code futureUnaryCall} under {@code blockingUnaryCall}, are
 * not recorded twice, and the trace headers go into that call's metadata), and whether the channel's
 * last call created on this thread was a {@code ModelInfer} one: generated future and async stubs create
 * the call ({@code channel.newCall}) and hand it to {@code ClientCalls} at once, which only sees a
 * {@code ClientCall} that does not say its method.
 */
public final class GrpcHooks extends GrpcBridge {
  private static final ThreadLocal<ThreadState> STATE = new ThreadLocal<>();

  private final GrpcInferCalls calls;
  private final TracePropagation propagation;
  private final String[] fields;

  GrpcHooks(GrpcInferCalls calls, TracePropagation propagation) {
    this.calls = calls;
    this.propagation = propagation;
    // Binary headers ("-bin") take another marshaller; no text propagator writes one.
    this.fields = Arrays.stream(propagation.fields()).filter(f -> !f.endsWith("-bin")).toArray(String[]::new);
  }

  /** What this thread is doing with gRPC calls; created by the first {@code ModelInfer} seen on it. */
  private static final class ThreadState {
    /** The call of ours in progress on this thread, or null. */
    Entered active;
    /** The channel's last call created here was a {@code ModelInfer} call, not yet handed to ClientCalls. */
    boolean pending;
    String pendingAuthority;
  }

  /** A call of ours while the hooked method runs on this thread: its context is current. */
  private static final class Entered {
    final GrpcInferCall call;
    final ThreadState state;
    final Scope scope;
    boolean headersWritten;

    Entered(GrpcInferCall call, ThreadState state) {
      this.call = call;
      this.state = state;
      this.scope = call.context().makeCurrent();
    }

    /** The hooked method returned: the call's context stops being current here; the call itself may go on. */
    void leave() {
      state.active = null;
      scope.close();
    }
  }

  @Override
  protected Object onEnterWithMethod(String authority, Object request) {
    try {
      ThreadState state = state();
      if (state.active != null) {
        return null;
      }
      state.pending = false;
      return enter(state, authority, request);
    } catch (Throwable t) {
      HookErrors.report("grpc call start", t);
      return null;
    }
  }

  @Override
  protected void onCallCreated(boolean modelInfer, String authority) {
    try {
      ThreadState state = modelInfer ? state() : STATE.get();
      if (state == null || state.active != null) {
        return; // another call (cheap: no state on this thread), or created inside a call of ours
      }
      state.pending = modelInfer;
      state.pendingAuthority = modelInfer ? authority : null;
    } catch (Throwable t) {
      HookErrors.report("grpc call created", t);
    }
  }

  @Override
  protected Object onEnterWithCall(Object request) {
    try {
      ThreadState state = STATE.get();
      if (state == null || state.active != null || !state.pending) {
        return null;
      }
      state.pending = false;
      String authority = state.pendingAuthority;
      state.pendingAuthority = null;
      return enter(state, authority, request);
    } catch (Throwable t) {
      HookErrors.report("grpc call start", t);
      return null;
    }
  }

  private Entered enter(ThreadState state, String authority, Object request) {
    GrpcInferCall call = calls.start(Context.current(), authority, request);
    if (call == null) {
      return null;
    }
    Entered entered = new Entered(call, state);
    state.active = entered;
    return entered;
  }

  @Override
  protected void onExit(Object handle, Object response, Throwable error) {
    leave(handle).end(response, error);
  }

  /** The hooked method returned: its thread is left (a failure of ours there is reported); the call may go on. */
  private static GrpcInferCall leave(Object handle) {
    Entered entered = (Entered) handle;
    try {
      entered.leave();
    } catch (Throwable t) {
      HookErrors.report("grpc call exit", t);
    }
    return entered.call;
  }

  @Override
  protected Runnable onExitWithFuture(Object handle, Object future, Throwable error) {
    GrpcInferCall call = leave(handle);
    if (error != null || !(future instanceof Future)) {
      call.end(null, error);
      return null;
    }
    Future<?> result = (Future<?>) future;
    return () -> ended(call, result);
  }

  /** The future's listener: it is done, so {@code get} does not wait. Runs on gRPC's threads: never throws. */
  private static void ended(GrpcInferCall call, Future<?> future) {
    try {
      Object response = null;
      Throwable error = null;
      try {
        response = future.get();
      } catch (ExecutionException e) {
        error = e.getCause() == null ? e : e.getCause();
      } catch (CancellationException e) {
        error = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // not expected of a done future; the flag stays as it was
        error = e;
      }
      call.end(response, error);
    } catch (Throwable t) {
      HookErrors.report("grpc future listener", t);
    }
  }

  @Override
  protected Object onObserving(Object handle, Object observer, Class<?> observerType) {
    GrpcInferCall call = ((Entered) handle).call;
    try {
      return Proxy.newProxyInstance(observerType.getClassLoader(), new Class<?>[] {observerType},
          new ObservingHandler(call, observer));
    } catch (Throwable t) {
      HookErrors.report("grpc response observer", t);
      call.giveUp(t); // the application's observer stays; its end would go unseen
      return null;
    }
  }

  @Override
  protected void onExitAsync(Object handle, Throwable error) {
    GrpcInferCall call = leave(handle);
    if (error != null) {
      call.end(null, error);
    }
  }

  @Override
  protected String[] onTraceHeaders() {
    try {
      ThreadState state = STATE.get();
      Entered entered = state == null ? null : state.active;
      if (entered == null || entered.headersWritten || fields.length == 0) {
        return null;
      }
      // Only the first call started on this thread inside ours is ours: later ones (a delayed call another
      // channel drains here) are not.
      entered.headersWritten = true;
      return propagation.headers(entered.call.context());
    } catch (Throwable t) {
      HookErrors.report("grpc trace headers", t);
      return null;
    }
  }

  @Override
  protected String[] onPropagationFields() {
    return fields;
  }

  private static ThreadState state() {
    ThreadState state = STATE.get();
    if (state == null) {
      state = new ThreadState();
      STATE.set(state);
    }
    return state;
  }
}
