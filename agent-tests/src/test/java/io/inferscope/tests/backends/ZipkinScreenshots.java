package io.inferscope.tests.backends;

import io.inferscope.tests.llm.fake.FakeLlmServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Takes the README's Zipkin screenshots (run by docs/screenshot.sh, not by the build): the applications of
 * {@link TracedApps} export to a real Zipkin server, then headless Chromium photographs the trace of a DJL
 * prediction (with ONNX Runtime's run inside it), the trace of a streamed chat, and the search page listing
 * all the traces. Usage: {@code ZipkinScreenshots OUTPUT_FOLDER}.
 */
public final class ZipkinScreenshots {
  private static final Duration ARRIVAL = Duration.ofSeconds(30);
  private static final int WIDTH = 1400;

  private ZipkinScreenshots() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Path work = Files.createTempDirectory("inferscope-screenshots");
    try (ZipkinServer zipkin = ZipkinServer.start(); FakeLlmServer llm = FakeLlmServer.start()) {
      TracedApps.run(zipkin, llm, work);
      zipkin.awaitSpans(TracedApps.ORT_SERVICE, TracedApps.ORT_SPANS, ARRIVAL);
      String prediction = traceOf(zipkin, TracedApps.DJL_SERVICE, TracedApps.DJL_SPANS,
          s -> s.name().equals("predict " + TracedApps.MODEL) && "djl".equals(s.tag("ml.framework")));
      String streamedChat = traceOf(zipkin, TracedApps.LLM_SERVICE, TracedApps.LLM_SPANS,
          s -> "true".equals(s.tag("gen_ai.request.stream")));
      // Heights that fit each page's content: the chat's tags list is long.
      shoot(zipkin, "/zipkin/traces/" + prediction, out.resolve("zipkin-djl-trace.png"), 900, work);
      shoot(zipkin, "/zipkin/traces/" + streamedChat, out.resolve("zipkin-llm-trace.png"), 1300, work);
      // Zipkin's UI runs the search itself when the address holds a look-back, its end and a limit.
      shoot(zipkin, "/zipkin/?lookback=15m&endTs=" + System.currentTimeMillis() + "&limit=20", out.resolve("zipkin-search.png"), 700, work);
    }
  }

  /** The trace id of the span of {@code service} that {@code wanted} picks, once all its spans arrived. */
  private static String traceOf(ZipkinServer zipkin, String service, int spans, Predicate<ZipkinSpan> wanted) {
    List<ZipkinSpan> found = zipkin.awaitSpans(service, spans, ARRIVAL);
    return found.stream().filter(wanted).findFirst()
        .orElseThrow(() -> new AssertionError("the wanted span of " + service + " is not in Zipkin: " + found))
        .traceId();
  }

  private static void shoot(ZipkinServer zipkin, String page, Path png, int height, Path work) throws Exception {
    HeadlessChromium.screenshot(zipkin.url(page), png, WIDTH, height, work);
    System.out.println("wrote " + png);
  }
}
