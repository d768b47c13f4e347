package io.inferscope.agent.instrumentation.reactornetty;

import io.inferscope.agent.logging.HookErrors;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.ReactorNettyBridge;
import io.inferscope.bootstrap.ReactorNettyEntry;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Wraps the connection {@code Mono} of an observed request in a second {@code MonoHttpConnect} whose
 * hooked {@code subscribe} enters the request's exchange and subscribes the real one (see
 * {@link EntrySubscribeAdvice}): the agent adds no class to the application, it reuses Reactor Netty's
 * own. The target is read from a {@code HttpClientHandler} made for the same configuration, the
 * object the connection later asks for each attempt's address, so the entry and its first attempt
 * name the request the same way. Reached by reflection (package-private types, the application's
 * loader); a Reactor Netty whose shape differs is left alone, reported once.
 */
final class ReactorNettyEntries extends ReactorNettyBridge {
  private static final String CLIENT = "reactor.netty.http.client.";
  private static final String CLIENT_REQUEST = "org.springframework.web.reactive.function.client.ClientRequest";

  /** The reflective handles for one loaded Reactor Netty, or null where its shape differs. */
  private final ClassValue<Shape> shapes = new ClassValue<>() {
    @Override
    protected Shape computeValue(Class<?> configType) {
      try {
        return new Shape(configType);
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        HookErrors.report("reactor-netty entry", e);
        return null;
      }
    }
  };

  /** Spring's {@code ClientRequest.method()} and {@code url()}, per request class, or null where they are not found. */
  private final ClassValue<Method[]> clientRequests = new ClassValue<>() {
    @Override
    protected Method[] computeValue(Class<?> requestType) {
      try {
        Class<?> api = Class.forName(CLIENT_REQUEST, false, requestType.getClassLoader());
        return new Method[] {api.getMethod("method"), api.getMethod("url")};
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        HookErrors.report("webclient entry", e);
        return null;
      }
    }
  };

  @Override
  protected ReactorNettyEntry onWebClientRequest(Object request) {
    Method[] read = clientRequests.get(request.getClass());
    if (read == null) {
      return null;
    }
    try {
      return target(read[0].invoke(request), read[1].invoke(request), null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      HookErrors.report("webclient entry", e);
      return null;
    }
  }

  @Override
  protected Object onConnect(Object config, Object mono) {
    Shape shape = shapes.get(config.getClass());
    if (shape == null) {
      return null;
    }
    try {
      if (shape.deferredConf.get(config) != null) {
        return null; // the configuration is only known when subscribed: the attempts alone record the call
      }
      Object handler = shape.handler.newInstance(config);
      ReactorNettyEntry entry = target(shape.method.get(handler), shape.toUri.get(handler), mono);
      if (entry == null || !entry.observed()) {
        return null;
      }
      Object wrapper = shape.monoHttpConnect.newInstance(config);
      if (!(wrapper instanceof InstrumentedObject)) {
        return null; // MonoHttpConnect was loaded before the agent's hooks: it cannot carry the entry
      }
      ((InstrumentedObject) wrapper).inferscope$setState(entry);
      return wrapper;
    } catch (ReflectiveOperationException | RuntimeException e) {
      HookErrors.report("reactor-netty entry", e);
      return null;
    }
  }

  private static final class Shape {
    final Field deferredConf;
    final Constructor<?> handler;
    final Field method;
    final Field toUri;
    final Constructor<?> monoHttpConnect;

    Shape(Class<?> configType) throws ReflectiveOperationException {
      if (!configType.getName().equals(CLIENT + "HttpClientConfig")) {
        throw new NoSuchMethodException("unexpected configuration type " + configType.getName());
      }
      ClassLoader loader = configType.getClassLoader();
      Class<?> handlerType = Class.forName(CLIENT + "HttpClientConnect$HttpClientHandler", false, loader);
      Class<?> monoType = Class.forName(CLIENT + "HttpClientConnect$MonoHttpConnect", false, loader);
      deferredConf = accessible(configType.getDeclaredField("deferredConf"));
      handler = accessible(handlerType.getDeclaredConstructor(configType));
      method = accessible(handlerType.getDeclaredField("method"));
      toUri = accessible(handlerType.getDeclaredField("toURI"));
      monoHttpConnect = accessible(monoType.getDeclaredConstructor(configType));
    }

    private static <T extends java.lang.reflect.AccessibleObject> T accessible(T member) {
      member.setAccessible(true);
      return member;
    }
  }
}
