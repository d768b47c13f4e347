package io.inferscope.agent.instrumentation.grpc;

import io.inferscope.agent.logging.HookErrors;
import io.inferscope.agent.ml.remote.GrpcInferCall;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Stands in for the application's response observer of an async {@code ModelInfer} call: notes the
 * response ({@code onNext}), ends the call ({@code onError}, {@code onCompleted}) before the
 * application's observer hears of it, and passes every call on unchanged. What the application's
 * observer throws reaches gRPC as it would without the agent.
 */
final class ObservingHandler implements InvocationHandler {
  private final GrpcInferCall call;
  private final Object observer;

  ObservingHandler(GrpcInferCall call, Object observer) {
    this.call = call;
    this.observer = observer;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (method.getDeclaringClass() == Object.class) {
      switch (name) {
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        default:
          return observer.toString();
      }
    }
    observe(name, args);
    try {
      return method.invoke(observer, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private void observe(String name, Object[] args) {
    try {
      int n = args == null ? 0 : args.length;
      if (name.equals("onNext") && n == 1) {
        call.responded(args[0]);
      } else if (name.equals("onError") && n == 1) {
        call.end(null, args[0] instanceof Throwable ? (Throwable) args[0] : null);
      } else if (name.equals("onCompleted") && n == 0) {
        call.completed();
      }
    } catch (Throwable t) {
      HookErrors.report("grpc response observer", t);
    }
  }
}
