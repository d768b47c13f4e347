package io.inferscope.agent.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the user once when a destination stops accepting telemetry, and once when it recovers,
 * instead of a stack trace per export attempt. The SDK's bounded queues already keep memory flat
 * while the collector is away; this only keeps the application's stderr readable. Until the SDK it
 * belongs to is built it says nothing: a build attempt that failed on a bad setting closes its
 * exporters, and their refusal of the closing flush is no news to the user.
 */
final class ExportHealth {
  private static final Logger log = LoggerFactory.getLogger(ExportHealth.class);

  private final String signal;
  private final String destination;
  private final BooleanSupplier inService;
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicLong failedExports = new AtomicLong();

  ExportHealth(String signal, String destination, BooleanSupplier inService) {
    this.signal = signal;
    this.destination = destination;
    this.inService = inService;
  }

  CompletableResultCode watch(CompletableResultCode result) {
    result.whenComplete(() -> record(result));
    return result;
  }

  private void record(CompletableResultCode result) {
    if (!inService.getAsBoolean()) {
      return;
    }
    if (result.isSuccess()) {
      if (failing.compareAndSet(true, false)) {
        log.info("{} export to {} recovered after {} failed attempt(s)", signal, destination, failedExports.getAndSet(0));
      }
      return;
    }
    failedExports.incrementAndGet();
    Throwable cause = result.getFailureThrowable();
    if (failing.compareAndSet(false, true)) {
      log.warn(
          "cannot export {} to {}{}; this telemetry is dropped while the problem lasts (bounded queue), the application is not"
              + " affected. Reported once; inferscope.debug=true logs every failure",
          signal, destination, cause == null ? "" : " (" + rootMessage(cause) + ")");
    } else if (log.isDebugEnabled()) {
      log.debug("{} export to {} failed again", signal, destination, cause);
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
