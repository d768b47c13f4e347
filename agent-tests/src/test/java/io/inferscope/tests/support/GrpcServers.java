package io.inferscope.tests.support;

import io.grpc.Server;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Stopping the fake gRPC servers the tests run (the OTLP receiver, the model server). */
public final class GrpcServers {
  private GrpcServers() {}

  /** Stops {@code server} at once, waits up to 5 s for it, then stops the executor its handlers ran on. */
  public static void stop(Server server, ExecutorService executor) {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      executor.shutdownNow();
    }
  }
}
