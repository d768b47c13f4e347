package io.inferscope.tests.apps.transport;

import io.inferscope.tests.apps.JdkHttpLlmApp;
import io.inferscope.tests.apps.LlmCallback;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An application that calls LLM endpoints through one HTTP client, with no agent-specific code, and
 * runs {@link TransportCase}s one after the other in one JVM. Usage:
 * {@code TransportSuiteApp ADAPTER_CLASS BASE_URL REFUSED_BASE_URL CASE...}, where ADAPTER_CLASS is an
 * {@link LlmTransport} and REFUSED_BASE_URL points at a closed port.
 *
 * <p>Prints what it observed as {@code CASE.key=value} lines: {@code status}; {@code bytes.length} and
 * {@code bytes.sha256} of the body as the application got it (a line reader's lines each followed by
 * the {@code \n} the fake server ends them with, so a byte changed, dropped or added shows);
 * {@code lines} (non-blank ones read); {@code caught} (the exception the application got);
 * {@code thread} (where an asynchronous callback ran) and {@code callback.embeddings} (the status of
 * the LLM call the callback makes). It also prints {@code library} and {@code caller.thread}.
 */
public final class TransportSuiteApp {
  /** The API key in each header providers use: the agent must never record it. */
  private static final Map<String, String> HEADERS = Map.of(
      "Authorization", "Bearer " + JdkHttpLlmApp.API_KEY,
      "x-api-key", JdkHttpLlmApp.API_KEY,
      "api-key", JdkHttpLlmApp.API_KEY);
  private static final String DONE = "data: [DONE]";
  /** How long {@link TransportCase.Read#HOLD} keeps a stream open unread: well past the watchdog batch's idle timeout. */
  public static final long HOLD_MILLIS = 2000;
  /**
   * How long {@link TransportCase.Read#PAUSE_THEN_ALL_LINES} works before it reads: well within the
   * watchdog batch's idle timeout (150 ms), even with the watchdog's scan period (a quarter of it) on top.
   */
  public static final long PAUSE_MILLIS = 60;

  private TransportSuiteApp() {}

  public static void main(String[] args) throws Exception {
    LlmTransport transport = (LlmTransport) Class.forName(args[0]).getConstructor().newInstance();
    String base = args[1];
    String refusedBase = args[2];
    System.out.println("library=" + transport.library());
    System.out.println("caller.thread=" + Thread.currentThread().getName());
    try {
      for (int i = 3; i < args.length; i++) {
        TransportCase c = TransportCase.valueOf(args[i]);
        String url = (c.refused ? refusedBase : base) + c.path;
        try {
          run(transport, c, url, base);
        } catch (IOException e) {
          print(c, "caught", e.getClass().getName());
        } catch (RuntimeException e) {
          print(c, "failed", e.toString()); // a bug of the application or of its client; the test shows it
        }
      }
    } finally {
      transport.close();
    }
    System.out.flush();
    // Some clients' threads are not daemons; whatever they left must not hold the JVM.
    System.exit(0);
  }

  private static void run(LlmTransport transport, TransportCase c, String url, String base) throws Exception {
    switch (c.read) {
      case WHOLE -> {
        LlmTransport.Answer answer = transport.post(url, HEADERS, c.body);
        print(c, "status", answer.status());
        printBytes(c, answer.body());
      }
      case ALL_LINES, PAUSE_THEN_ALL_LINES, UNTIL_DONE, FIRST_LINE -> {
        try (LlmTransport.LineStream stream = transport.open(url, HEADERS, c.body)) {
          print(c, "status", stream.status());
          if (c.read == TransportCase.Read.PAUSE_THEN_ALL_LINES) {
            Thread.sleep(PAUSE_MILLIS);
          }
          readLines(c, stream);
        }
        print(c, "closed", true);
      }
      case HOLD -> {
        try (LlmTransport.LineStream stream = transport.open(url, HEADERS, c.body)) {
          print(c, "status", stream.status());
          Thread.sleep(HOLD_MILLIS);
          printBytes(c, new byte[0]);
        }
        print(c, "closed", true);
      }
      case ASYNC -> async(transport, c, url, base);
      default -> throw new IllegalArgumentException("unknown read " + c.read);
    }
  }

  /** Reads lines as {@link TransportCase.Read} says, then prints them as bytes. */
  private static void readLines(TransportCase c, LlmTransport.LineStream stream) throws IOException {
    StringBuilder read = new StringBuilder();
    long count = 0;
    String line;
    while ((line = stream.readLine()) != null) {
      read.append(line).append('\n');
      if (!line.isBlank()) {
        count++;
      }
      if (c.read == TransportCase.Read.FIRST_LINE || (c.read == TransportCase.Read.UNTIL_DONE && line.equals(DONE))) {
        break;
      }
    }
    print(c, "lines", count);
    printBytes(c, read.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void async(LlmTransport transport, TransportCase c, String url, String base) throws InterruptedException {
    if (!transport.hasAsync()) {
      throw new IllegalArgumentException("the client has no asynchronous API: " + c);
    }
    CountDownLatch done = new CountDownLatch(1);
    transport.postAsync(url, HEADERS, c.body, new LlmTransport.AsyncCallback() {
      @Override
      public void answered(LlmTransport.Answer answer) {
        try {
          print(c, "thread", Thread.currentThread().getName());
          print(c, "status", answer.status());
          printBytes(c, answer.body());
          print(c, "callback.embeddings", LlmCallback.embed(base));
        } finally {
          done.countDown();
        }
      }

      @Override
      public void failed(Throwable error) {
        try {
          print(c, "thread", Thread.currentThread().getName());
          print(c, "caught", error.getClass().getName());
        } finally {
          done.countDown();
        }
      }
    });
    if (!done.await(30, TimeUnit.SECONDS)) {
      print(c, "callback", "missing");
    }
  }

  private static void printBytes(TransportCase c, byte[] bytes) {
    print(c, "bytes.length", bytes.length);
    print(c, "bytes.sha256", sha256(bytes));
  }

  /** Hex SHA-256, as printed; the tests compute the server's side with the same. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void print(TransportCase c, String key, Object value) {
    System.out.println(c.name() + "." + key + "=" + value);
  }
}
