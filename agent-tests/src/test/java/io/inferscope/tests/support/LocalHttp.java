package io.inferscope.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GET requests to servers the tests run on this machine (an agent's metrics endpoint, back ends). */
public final class LocalHttp {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private LocalHttp() {}

  /** The body of a 200 answer; anything else fails the test with the status and body. */
  public static String get(String url) {
    HttpResponse<String> response = send(url);
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + url + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** Whether the server answers 200 now: false while it is still starting (refused or not ready). */
  public static boolean answers(String url) {
    try {
      return send(url).statusCode() == 200;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  private static HttpResponse<String> send(String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted during GET " + url, e);
    }
  }
}
