package io.inferscope.extension;

import io.inferscope.bootstrap.OpenTelemetryAgentSettings;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.util.jar.JarFile;

/**
 * Finds InferScope's jar when the OpenTelemetry Java agent loaded it: that agent reads extensions
 * through a URL scheme of its own, so our classes carry no file location. The jar is the entry of the
 * agent's extension list that holds InferScope; failing that (an extension embedded in a vendor
 * distribution, extracted to a temporary file), the file behind the agent's URL.
 */
final class ExtensionJar {
  static final String MARKER = "inst/io/inferscope/agent/hosted/HostedAgent.class";

  private ExtensionJar() {}

  static File locate(ClassLoader extensionLoader) throws IOException {
    for (File candidate : OpenTelemetryAgentSettings.extensionJars()) {
      if (isInferScope(candidate)) {
        return candidate;
      }
    }
    File behindUrl = behindAgentUrl(extensionLoader);
    if (behindUrl != null && isInferScope(behindUrl)) {
      return behindUrl;
    }
    throw new IOException("cannot find the InferScope jar among the OpenTelemetry Java agent's extensions ("
        + OpenTelemetryAgentSettings.EXTENSIONS + "=" + OpenTelemetryAgentSettings.extensions() + ")");
  }

  private static boolean isInferScope(File candidate) {
    try (JarFile jar = new JarFile(candidate, false)) {
      return jar.getEntry(MARKER) != null;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /** The jar the agent's remapping URL connection reads from (its field, as of agent 2.x); null if not found. */
  private static File behindAgentUrl(ClassLoader extensionLoader) {
    try {
      if (!(extensionLoader instanceof URLClassLoader urls) || urls.getURLs().length == 0) {
        return null;
      }
      URLConnection connection =
          new URL(urls.getURLs()[0], "io/inferscope/extension/ExtensionJar.class").openConnection();
      Field field = connection.getClass().getDeclaredField("delegateJarFile");
      field.setAccessible(true);
      return new File(((JarFile) field.get(connection)).getName());
    } catch (IOException | ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
