package io.inferscope.sample.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A JDK HttpServer on 127.0.0.1 with a fixed number of worker threads and a bounded queue. */
public final class LocalServer implements AutoCloseable {
  /** Requests waiting for a worker; beyond it the server refuses the connection instead of queueing without bound. */
  private static final int MAX_QUEUED = 512;

  private final HttpServer server;
  private final ThreadPoolExecutor workers;

  private LocalServer(HttpServer server, ThreadPoolExecutor workers) {
    this.server = server;
    this.workers = workers;
  }

  /**
   * Starts serving {@code routes} (path prefix to handler) on 127.0.0.1:{@code port} (0: any free
   * port). A port in use is reported as such, naming the port and how to choose another.
   */
  public static LocalServer start(String name, int port, int threads, Map<String, HttpHandler> routes) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    } catch (BindException e) {
      throw new PortInUseException(name + ": port " + port + " on 127.0.0.1 is already in use;"
          + " stop what uses it or pick another port (--port N, 0 for any free port)", e);
    } catch (IOException e) {
      throw new UncheckedIOException(name + ": cannot listen on 127.0.0.1:" + port, e);
    }
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(MAX_QUEUED), task -> {
          Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    routes.forEach(server::createContext);
    server.setExecutor(workers);
    server.start();
    return new LocalServer(server, workers);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** Stops accepting, gives requests in progress a second to finish, then stops the workers. */
  @Override
  public void close() {
    server.stop(1);
    workers.shutdownNow();
  }
}
