package io.inferscope.bootstrap;

import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
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
  private static final String HOSTED_LOADER = "io.inferscope.agent.hosted.HostedAgentLoader";
  private static final String HOSTED_AGENT = "io.inferscope.agent.hosted.HostedAgent";

  private final File jar;

  private IsolatedAgentLoader(File jar) {
    this.jar = jar;
  }

  /** The agent in {@code jar}: for callers loaded from the bootstrap path, which have no code source. */
  public static IsolatedAgentLoader of(File jar) {
    return new IsolatedAgentLoader(jar);
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

  /**
   * The loader of InferScope inside the OpenTelemetry Java agent, where our OpenTelemetry and Byte Buddy
   * references are renamed to that agent's. The loader that renames lives under {@code inst/} with the
   * rest, so the plain isolated loader loads it. The jar must already be on the bootstrap path.
   *
   * @param host a loader that sees the agent's SDK (its extension class loader)
   */
  public ClassLoader openHosted(ClassLoader host) throws ReflectiveOperationException, IOException {
    Class<?> hostedLoader = Class.forName(HOSTED_LOADER, true, open());
    return (ClassLoader) hostedLoader.getMethod("open", File.class, ClassLoader.class).invoke(null, jar, host);
  }

  /** The entry class of InferScope in a loader from {@link #openHosted}. */
  public static Class<?> hostedAgent(ClassLoader hosted) throws ClassNotFoundException {
    return Class.forName(HOSTED_AGENT, true, hosted);
  }

  /**
   * Starts InferScope inside the OpenTelemetry Java agent, on that agent's SDK.
   *
   * @param openTelemetry the agent's OpenTelemetry, or null for the one it registered globally
   * @param how why InferScope runs this way, for its start line
   */
  public void startHosted(ClassLoader hosted, Instrumentation instrumentation, Object openTelemetry, String how)
      throws ReflectiveOperationException {
    hostedAgent(hosted)
        .getMethod("start", Instrumentation.class, Object.class, String.class, File.class, String.class)
        .invoke(null, instrumentation, openTelemetry, version(), jar, how);
  }
}
