package io.inferscope.bootstrap;

/**
 * How much of a pushed response body the application still asks for, for clients that push body
 * chunks to a handler and let the application pause, resume or fetch a number of chunks (Vert.x's
 * {@code ReadStream}): the exchange learns whether the application is waiting for more (a silent
 * stream it waits on is slow, not abandoned) or has stopped asking (a paused stream left alone is
 * abandoned after the idle timeout). Kept on the client's response object; methods never throw.
 */
public final class ReadDemand {
  private final Object exchange;
  /** Chunks asked for and not yet delivered; Long.MAX_VALUE while flowing. */
  private long demand = Long.MAX_VALUE;

  private ReadDemand(Object exchange) {
    this.exchange = exchange;
  }

  /** A response whose body starts flowing (push clients deliver until paused); null without an exchange. */
  public static ReadDemand flowing(Object exchange) {
    if (exchange == null) {
      return null;
    }
    HttpExchangeBridge.readStarted(exchange);
    return new ReadDemand(exchange);
  }

  /** The exchange of a response that keeps its demand in its state ({@link InstrumentedObject}), or null. */
  public static Object exchangeOf(Object response) {
    Object state = InstrumentedObjects.stateOf(response);
    return state instanceof ReadDemand ? ((ReadDemand) state).exchange : null;
  }

  public Object exchange() {
    return exchange;
  }

  public void paused() {
    synchronized (this) {
      demand = 0;
    }
    HttpExchangeBridge.readPaused(exchange);
  }

  public void resumed() {
    synchronized (this) {
      demand = Long.MAX_VALUE;
    }
    HttpExchangeBridge.readStarted(exchange);
  }

  public void fetched(long chunks) {
    if (chunks <= 0) {
      return;
    }
    synchronized (this) {
      demand = demand > Long.MAX_VALUE - chunks ? Long.MAX_VALUE : demand + chunks;
    }
    HttpExchangeBridge.readStarted(exchange);
  }

  /** One chunk reached the application's handler (after its bytes were shown to the exchange). */
  public void delivered() {
    boolean waiting;
    synchronized (this) {
      if (demand != Long.MAX_VALUE && demand > 0) {
        demand--;
      }
      waiting = demand > 0;
    }
    if (waiting) {
      HttpExchangeBridge.readStarted(exchange);
    } else {
      HttpExchangeBridge.readPaused(exchange);
    }
  }
}
