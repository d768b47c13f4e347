package io.inferscope.sample.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferscope.sample.http.JsonHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads what the back ends received: traces from Zipkin's API, metrics from a Prometheus endpoint. */
final class ReportSources {
  /** Traces fetched at most; the demo's sampled traffic stays far below. */
  static final int MAX_TRACES = 20_000;
  /** Largest response read; a larger one is refused rather than held in memory. */
  private static final int MAX_RESPONSE_BYTES = 128 * 1024 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long LOOKBACK_MILLIS = 24 * 3600 * 1000L;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String zipkinUrl;
  private final String metricsUrl;

  ReportSources(String zipkinUrl, String metricsUrl) {
    this.zipkinUrl = zipkinUrl;
    this.metricsUrl = metricsUrl;
  }

  /** Traces of {@code service} in the last day, each a list of spans; only those matching {@code tagQuery} if not null. */
  List<List<ZipkinSpan>> traces(String service, String tagQuery) throws IOException, InterruptedException {
    String url = zipkinUrl + "/api/v2/traces?serviceName=" + encode(service) + "&limit=" + MAX_TRACES
        + "&lookback=" + LOOKBACK_MILLIS + "&endTs=" + System.currentTimeMillis()
        + (tagQuery == null ? "" : "&annotationQuery=" + encode(tagQuery));
    JsonNode json = JsonHttp.MAPPER.readTree(get(url));
    List<List<ZipkinSpan>> traces = new ArrayList<>();
    for (JsonNode trace : json) {
      List<ZipkinSpan> spans = new ArrayList<>();
      trace.forEach(span -> spans.add(ZipkinSpan.of(span)));
      traces.add(spans);
    }
    return traces;
  }

  List<PrometheusText.Sample> metrics() throws IOException, InterruptedException {
    return PrometheusText.parse(get(metricsUrl));
  }

  private String get(String url) throws IOException, InterruptedException {
    HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("GET " + url + " answered " + response.statusCode());
      }
      byte[] bytes = body.readNBytes(MAX_RESPONSE_BYTES + 1);
      if (bytes.length > MAX_RESPONSE_BYTES) {
        throw new IOException("GET " + url + " answered more than " + MAX_RESPONSE_BYTES + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
