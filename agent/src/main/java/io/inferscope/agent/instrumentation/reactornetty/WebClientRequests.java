package io.inferscope.agent.instrumentation.reactornetty;

import io.inferscope.agent.logging.HookErrors;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;

/**
 * What the OpenTelemetry Java agent's WebClient filter is about to send ({@link AgentWebClientEntryAdvice}):
 * Spring's {@code ClientRequest} method and URL, and the connector at the end of the filter chain it
 * calls, reached through the exchange functions the chain's lambdas captured (Spring adds its observation
 * filter after the agent's). By reflection, in the application's loader; a Spring whose shape differs is
 * left alone, reported once.
 */
final class WebClientRequests {
  private static final String CLIENT_REQUEST = "org.springframework.web.reactive.function.client.ClientRequest";
  private static final String EXCHANGE_FUNCTION_API = "org.springframework.web.reactive.function.client.ExchangeFunction";
  private static final String EXCHANGE_FUNCTION = "org.springframework.web.reactive.function.client.ExchangeFunctions$DefaultExchangeFunction";
  private static final int MAX_CHAIN_LINKS = 8;
  /**
   * WebClient connectors whose hooks take an entered exchange for the same request: Reactor Netty's entry
   * joins it, the JDK HttpClient's send takes it. Through any other (Jetty, say) the entry would stay
   * untaken and end as a cancelled call.
   */
  private static final Set<String> JOINING_CONNECTORS = Set.of(
      "org.springframework.http.client.reactive.ReactorClientHttpConnector",
      "org.springframework.http.client.reactive.JdkClientHttpConnector");

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

  /**
   * Per class along the filter chain the agent's filter calls: Spring's own exchange function's
   * {@code connector} field, else the captured {@code ExchangeFunction} a filter's lambda passes the
   * request on to (Spring adds its observation filter after the agent's), else null.
   */
  private final ClassValue<Field> chainLinks = new ClassValue<>() {
    @Override
    protected Field computeValue(Class<?> type) {
      try {
        if (type.getName().equals(EXCHANGE_FUNCTION)) {
          return accessible(type.getDeclaredField("connector"));
        }
        for (Field field : type.getDeclaredFields()) {
          if (!Modifier.isStatic(field.getModifiers()) && field.getType().getName().equals(EXCHANGE_FUNCTION_API)) {
            return accessible(field);
          }
        }
        return null;
      } catch (ReflectiveOperationException | RuntimeException e) {
        HookErrors.report("webclient entry", e);
        return null;
      }
    }
  };

  private static Field accessible(Field field) {
    field.setAccessible(true);
    return field;
  }

  /** The class of the connector the filter chain from {@code next} ends in, found within a few links; "" if none. */
  private String connectorOf(Object next) throws IllegalAccessException {
    Object at = next;
    for (int link = 0; at != null && link < MAX_CHAIN_LINKS; link++) {
      Field field = chainLinks.get(at.getClass());
      if (field == null) {
        return "";
      }
      Object value = field.get(at);
      if (at.getClass().getName().equals(EXCHANGE_FUNCTION)) {
        return value == null ? "" : value.getClass().getName();
      }
      at = value;
    }
    return "";
  }

  /** The request's method and URL when the connector's hooks join its entry; null otherwise. */
  Object[] methodAndUrl(Object request, Object next) {
    Method[] read = clientRequests.get(request.getClass());
    if (read == null) {
      return null;
    }
    try {
      return JOINING_CONNECTORS.contains(connectorOf(next)) ? new Object[] {read[0].invoke(request), read[1].invoke(request)} : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      HookErrors.report("webclient entry", e);
      return null;
    }
  }
}
