package io.inferscope.bootstrap;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.CodeSource;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Finds the agent jar and opens the private class loader that holds everything except this package.
 *
 * <p>The agent's own code and its libraries sit in the jar under {@code inst/}. No standard class
 * loader looks there, so the application never sees them; the loader made here does. Its parent is
 * the platform loader: the agent can use {@code java.net.http} and {@code jdk.httpserver} (which the
 * bootstrap loader cannot see) but never the application's classes.
 */
public final class IsolatedAgentLoader {
  private static final String INST_PREFIX = "inst/";

  private final File jar;

  private IsolatedAgentLoader(File jar) {
    this.jar = jar;
  }

  public static IsolatedAgentLoader locate() throws IOException {
    CodeSource source = IsolatedAgentLoader.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      throw new IOException("cannot locate the inferscope agent jar (no code source)");
    }
    try {
      return new IsolatedAgentLoader(new File(source.getLocation().toURI()));
    } catch (URISyntaxException e) {
      throw new IOException("cannot locate the inferscope agent jar: " + source.getLocation(), e);
    }
  }

  public File jarFile() {
    return jar;
  }

  public String version() {
    try (JarFile file = new JarFile(jar)) {
      Manifest manifest = file.getManifest();
      String version = manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
      return version == null ? "unknown" : version;
    } catch (IOException e) {
      return "unknown";
    }
  }

  public ClassLoader open() throws MalformedURLException {
    URL inst = new URL("jar:" + jar.toURI() + "!/" + INST_PREFIX);
    return new URLClassLoader("inferscope", new URL[] {inst}, ClassLoader.getPlatformClassLoader());
  }
}
