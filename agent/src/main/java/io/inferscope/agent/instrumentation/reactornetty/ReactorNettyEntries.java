package io.inferscope.agent.instrumentation.reactornetty;

import io.inferscope.agent.logging.HookErrors;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.ReactorNettyBridge;
import io.inferscope.bootstrap.ReactorNettyEntry;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;

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
  private final WebClientRequests webClientRequests = new WebClientRequests();

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

  @Override
  protected ReactorNettyEntry onWebClientRequest(Object request, Object next) {
    Object[] methodAndUrl = webClientRequests.methodAndUrl(request, next);
    return methodAndUrl == null ? null : target(methodAndUrl[0], methodAndUrl[1], null);
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
