package io.inferscope.tests.backends;

import io.inferscope.tests.support.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Screenshots of web pages with Debian's {@code chromium} in headless mode, offline and without a profile
 * of its own beyond a scratch folder: no first-run pages, component updates or background requests.
 */
final class HeadlessChromium {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private HeadlessChromium() {}

  /**
   * Loads {@code url} in a {@code width} x {@code height} window, lets its scripts run for up to 15 s of
   * virtual time (single-page applications render after their API calls), and writes a PNG to {@code png}.
   */
  static void screenshot(String url, Path png, int width, int height, Path scratch) throws Exception {
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.deleteIfExists(png);
    ProcessBuilder builder = new ProcessBuilder(List.of("chromium",
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--hide-scrollbars",
        "--user-data-dir=" + Files.createDirectories(scratch.resolve("chromium-profile")),
        "--window-size=" + width + "," + height,
        "--virtual-time-budget=15000",
        "--screenshot=" + png.toAbsolutePath(),
        url));
    try (ChildProcess chromium = ChildProcess.start("chromium", builder)) {
      if (chromium.awaitExit(TIMEOUT).exitCode() != 0) {
        throw new AssertionError("chromium failed on " + url + "\n" + chromium.outputTails());
      }
    }
    if (!Files.isRegularFile(png) || Files.size(png) == 0) {
      throw new AssertionError("chromium wrote no screenshot to " + png);
    }
  }
}
