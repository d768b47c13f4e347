package io.inferscope.agent.instrumentation.urlconnection;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observed connections whose exchange is still open, by connection identity. A field added to
 * the JDK's connection class would be one read away, but that class may have loaded before the agent
 * (retransformation cannot add fields), so the state lives here instead: only LLM calls in flight
 * are entered, and each leaves when its exchange ends, so a lookup for any other connection finds an
 * empty or small map. Keys are weak: a connection the application dropped without reading or
 * disconnecting leaves too (its exchange ends then, cancelled), on the next entry. The number of
 * entries is capped: past the cap a new connection is not observed.
 */
final class OpenConnections {
  static final int MAX_OPEN = 10_000;
  private static final Logger log = LoggerFactory.getLogger(OpenConnections.class);

  private final ConcurrentHashMap<ConnectionKey, ObservedConnection> open = new ConcurrentHashMap<>();
  private final ReferenceQueue<Object> dropped = new ReferenceQueue<>();
  private final AtomicBoolean overflowReported = new AtomicBoolean();
  private final int max;

  OpenConnections(int max) {
    this.max = max;
  }

  /** The state of {@code connection}'s open exchange, or null. */
  ObservedConnection get(Object connection) {
    return open.isEmpty() ? null : open.get(new Lookup(connection));
  }

  /** Whether one more connection may be entered (checked before its exchange starts). */
  boolean hasRoom() {
    expungeDropped();
    if (open.size() < max) {
      return true;
    }
    if (overflowReported.compareAndSet(false, true)) {
      log.warn("more than {} LLM calls over HttpURLConnection are open at once; the excess is not observed", max);
    }
    return false;
  }

  /** Enters {@code state} for {@code connection}; it removes itself with {@link #remove} when its exchange ends. */
  void put(Object connection, ObservedConnection state) {
    WeakKey key = new WeakKey(connection, dropped);
    state.enteredAs(key);
    open.put(key, state);
  }

  void remove(Object key, ObservedConnection state) {
    open.remove(key, state);
  }

  private void expungeDropped() {
    Reference<?> key;
    while ((key = dropped.poll()) != null) {
      ObservedConnection state = open.remove(key);
      if (state != null) {
        state.dropped();
      }
    }
  }

  /** A key equal to another for the same connection object, whatever the connection's equals says. */
  private interface ConnectionKey {
    Object connection();

    static boolean same(ConnectionKey key, Object other) {
      if (key == other) {
        return true;
      }
      Object connection = key.connection();
      return connection != null && other instanceof ConnectionKey that && that.connection() == connection;
    }
  }

  /** The map's key: queued (and then removed) once its connection is collected. */
  private static final class WeakKey extends WeakReference<Object> implements ConnectionKey {
    private final int hash;

    WeakKey(Object connection, ReferenceQueue<Object> queue) {
      super(connection, queue);
      this.hash = System.identityHashCode(connection);
    }

    @Override
    public Object connection() {
      return get();
    }

    @Override
    public boolean equals(Object other) {
      return ConnectionKey.same(this, other);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** A short-lived key for lookups. */
  private record Lookup(Object connection) implements ConnectionKey {
    @Override
    public boolean equals(Object other) {
      return ConnectionKey.same(this, other);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(connection);
    }
  }
}
