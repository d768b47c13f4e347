package io.inferscope.tests.llm.fake;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process fake of the LLM services that InferScope traces: OpenAI (chat completions, legacy
 * completions, embeddings, Responses API), Azure OpenAI deployments, Anthropic Messages, Ollama
 * ({@code /api/chat}, {@code /api/generate}, {@code /api/embed}) and Gemini
 * ({@code :generateContent}, {@code :streamGenerateContent}), on {@code 127.0.0.1} and an ephemeral
 * port, over plain HTTP/1.1 that real SDKs accept.
 *
 * <p>The requested model name selects how it answers (see {@link Behaviour}): an ordinary name gets
 * the deterministic answer of {@link FakeAnswer}; {@code error-429}, {@code malformed},
 * {@code truncate}, {@code slow}, {@code stall}, {@code huge} and {@code no-usage} misbehave. The
 * test JVM owns the server; application JVMs it forks reach it over {@link #baseUrl()}.
 *
 * <p>Every request is recorded before it is answered, so a test can inspect it even if the answer
 * fails. {@link #close()} ends all connections, stalled ones included, within two seconds.
 *
 * <pre>{@code
 * try (FakeLlmServer llm = FakeLlmServer.start()) {
 *   // point an SDK at llm.openAiBaseUrl() and call model "gpt-4o-mini" or "error-429"
 *   assertEquals("Bearer sk-test", llm.requests().get(0).header("authorization"));
 * }
 * }</pre>
 */
public final class FakeLlmServer implements AutoCloseable {
  /** Name prefix of all the server's threads, so that tests can check none outlive close(). */
  public static final String THREAD_NAME_PREFIX = "fake-llm-";

  private static final AtomicInteger SERVERS = new AtomicInteger();

  private final ServerSocket serverSocket;
  private final ExecutorService connections;
  private final Thread acceptor;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  /** By identity: RecordedRequest keeps Object's equals. */
  private final Map<RecordedRequest, SentResponse> responses = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private final AtomicInteger answered = new AtomicInteger();
  private volatile int delayEvery;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile Behaviour failWith;
  private volatile long delayMillis;

  private FakeLlmServer() throws IOException {
    serverSocket = new ServerSocket();
    serverSocket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 128);
    String name = THREAD_NAME_PREFIX + SERVERS.incrementAndGet() + "-" + serverSocket.getLocalPort();
    AtomicInteger connectionCount = new AtomicInteger();
    // One thread per connection: a stalled or slow stream must never hold up another request.
    connections = Executors.newCachedThreadPool(r -> daemon(r, name + "-conn-" + connectionCount.incrementAndGet()));
    acceptor = daemon(this::acceptLoop, name + "-accept");
    acceptor.start();
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  public static FakeLlmServer start() {
    try {
      return new FakeLlmServer();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake LLM server", e);
    }
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  /** {@code http://127.0.0.1:PORT}, without a trailing slash: the base for Ollama, Azure, Gemini. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** {@code baseUrl() + "/v1"}: the base URL OpenAI and Anthropic SDKs expect. */
  public String openAiBaseUrl() {
    return baseUrl() + "/v1";
  }

  /** Every request received so far, in arrival order; a snapshot, safe to use from any thread. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /**
   * What the server sent in answer to {@code request} (one of {@link #requests()}), so far: a test
   * compares it with the bytes the application read.
   */
  public SentResponse responseTo(RecordedRequest request) {
    SentResponse sent = responses.get(request);
    if (sent == null) {
      throw new IllegalArgumentException("not a request this server received: " + request);
    }
    return sent;
  }

  /** Forgets the requests recorded so far, e.g. between the phases of one test. */
  public void clearRequests() {
    requests.clear();
    responses.clear();
  }

  /**
   * Every {@code every}-th request from now on (the every-th, the 2×every-th, ...) waits {@code millis}
   * before its answer starts, whatever its model: a slow first chunk among normal calls of the same model.
   */
  public void delayEvery(int every, long millis) {
    delayMillis = millis;
    delayEvery = every;
    answered.set(0);
  }

  /**
   * The next {@code count} requests, whatever their model, are answered as {@code error} (an error
   * behaviour) would answer them; later ones as usual: a call that succeeds on the SDK's retry.
   */
  public void failNext(int count, Behaviour error) {
    failWith = error;
    failuresLeft.set(count);
  }

  private Reply route(RecordedRequest request) {
    return failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? Router.route(request, failWith) : Router.route(request);
  }

  private void received(RecordedRequest request, SentResponse response) {
    responses.put(request, response);
    requests.add(request);
    int every = delayEvery;
    if (every > 0 && answered.incrementAndGet() % every == 0) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // close() interrupted the wait; the answer is cut short
      }
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        return; // close() closed the server socket
      }
      sockets.add(socket);
      try {
        if (closed) {
          throw new RejectedExecutionException("closed");
        }
        connections.execute(new HttpConnection(socket, this::received, this::route, () -> sockets.remove(socket)));
      } catch (RejectedExecutionException e) {
        sockets.remove(socket);
        closeQuietly(socket);
      }
    }
  }

  /**
   * Stops accepting, closes every open connection (which ends stalled streams and unblocks writes
   * to clients that stopped reading) and interrupts slow answers; returns once all the server's
   * threads have ended, or after two seconds at most.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(serverSocket);
    connections.shutdownNow();
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      acceptor.join(2000);
      connections.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true); // a test that forgets close() must still let its JVM exit
    return t;
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing is all that is wanted; there is nobody to tell
    }
  }
}
