package io.inferscope.sample.traffic;

import static io.inferscope.sample.traffic.RequestKind.ASK_LANGCHAIN4J;
import static io.inferscope.sample.traffic.RequestKind.ASK_OPENAI;
import static io.inferscope.sample.traffic.RequestKind.ASK_STREAM;
import static io.inferscope.sample.traffic.RequestKind.CLASSIFY;
import static io.inferscope.sample.traffic.RequestKind.EMBED;
import static io.inferscope.sample.traffic.RequestKind.SCORE;

import io.inferscope.sample.http.JsonHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Load for this application's own endpoints, as its clients would send it: a fixed mix over all
 * endpoints from a few concurrent clients. Scoring requests are mostly small, one in
 * {@link RequestKind#BIG_BATCH_EVERY} a big batch (1000-30 000 rows): normal, only bigger. Per the
 * {@link SpikeSchedule}, some scoring requests are sent while a CPU-bound neighbour competes for the cores
 * ({@link NoisyNeighbour}) and some classifications are for a customer never seen before. In the last third
 * of the traffic the scoring rows' first feature drifts (see {@link RequestKind#DRIFT_SHIFT}).
 */
public final class TrafficGenerator {
  /** 20 requests: 6 scoring, 5 classifications, 3 streamed chats, 3 embeddings, 2 openai-java chats, 1 LangChain4j chat. */
  private static final RequestKind[] MIX = {
      SCORE, CLASSIFY, ASK_OPENAI, SCORE, EMBED, CLASSIFY, ASK_STREAM, SCORE, CLASSIFY, ASK_LANGCHAIN4J,
      SCORE, ASK_STREAM, CLASSIFY, EMBED, SCORE, ASK_OPENAI, CLASSIFY, ASK_STREAM, SCORE, EMBED};
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final String baseUrl;
  private final int concurrency;
  private final HttpClient http;
  private final Map<RequestKind, Tally> tallies = new EnumMap<>(RequestKind.class);

  public TrafficGenerator(String baseUrl, int concurrency) {
    this.baseUrl = baseUrl;
    this.concurrency = concurrency;
    // HTTP/1.1: the JDK's HttpServer does not speak HTTP/2, so the upgrade attempt would be wasted.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    for (RequestKind kind : RequestKind.values()) {
      tallies.put(kind, new Tally());
    }
  }

  /** Sends {@code requests} requests and prints what happened; returns when all are answered. */
  public void run(int requests) throws InterruptedException {
    System.out.printf("[traffic] sending %d requests to %s from %d clients%n", requests, baseUrl, concurrency);
    long start = System.nanoTime();
    AtomicInteger next = new AtomicInteger();
    int progressStep = Math.max(100, requests / 5);
    ExecutorService clients = Executors.newFixedThreadPool(concurrency);
    for (int c = 0; c < concurrency; c++) {
      clients.execute(() -> {
        for (int i; (i = next.getAndIncrement()) < requests; ) {
          // Seeds spread over the long range: java.util.Random's first draws for neighbouring seeds are
          // nearly equal, so new Random(i) gave every request of a kind the same size.
          send(MIX[i % MIX.length], i >= driftFrom(requests), new Random(i * 0x9E3779B97F4A7C15L));
          if ((i + 1) % progressStep == 0) {
            System.out.printf("[traffic] %d/%d%n", i + 1, requests);
          }
        }
      });
    }
    clients.shutdown();
    clients.awaitTermination(1, TimeUnit.DAYS);
    printSummary(requests, (System.nanoTime() - start) / 1e9);
  }

  /** The first request of the last third, from which scoring inputs have drifted. */
  static int driftFrom(int requests) {
    return requests - requests / 3;
  }

  private void send(RequestKind kind, boolean drifted, Random random) {
    Tally tally = tallies.get(kind);
    boolean spike = kind.sendsSpikes() && SpikeSchedule.isSpike(tally.sent.getAndIncrement());
    try (NoisyNeighbour neighbour = spike && kind == SCORE ? NoisyNeighbour.start() : null) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + kind.path)).timeout(TIMEOUT)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(JsonHttp.MAPPER.writeValueAsBytes(kind.body(spike, drifted, random))))
          .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        tally.ok.incrementAndGet();
        tally.spikes.addAndGet(spike ? 1 : 0);
      } else {
        tally.fail(response.statusCode() + " " + firstLine(response.body()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      tally.fail(e.toString());
    }
  }

  private void printSummary(int requests, double seconds) {
    System.out.printf("[traffic] %d requests in %.1f s (%.0f/s)%n", requests, seconds, requests / seconds);
    tallies.forEach((kind, tally) -> {
      String extra = !kind.sendsSpikes() ? "" : kind == SCORE
          ? String.format(", %d of %d rows under CPU contention", tally.spikes.get(), RequestKind.CONTENDED_BATCH_ROWS)
          : String.format(", %d for a new customer", tally.spikes.get());
      System.out.printf("[traffic]   %-28s POST %-9s %5d ok, %d failed%s%n",
          kind.label, kind.path, tally.ok.get(), tally.failed.get(), extra);
      if (tally.firstError.get() != null) {
        System.out.printf("[traffic]     first failure: %s%n", tally.firstError.get());
      }
    });
    System.out.printf("[traffic] from request %d on, the scoring rows' first feature arrives %.1f standard deviations up"
        + " (input drift: flagged as input_drift once enough predictions are inspected)%n", driftFrom(requests) + 1,
        RequestKind.DRIFT_SHIFT);
    System.out.println("[traffic] done");
  }

  private static String firstLine(String body) {
    String line = body.lines().findFirst().orElse("");
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  /** Counts for one kind; only the first failure's text is kept. */
  private static final class Tally {
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger ok = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger spikes = new AtomicInteger();
    final AtomicReference<String> firstError = new AtomicReference<>();

    void fail(String what) {
      failed.incrementAndGet();
      firstError.compareAndSet(null, what);
    }
  }
}
