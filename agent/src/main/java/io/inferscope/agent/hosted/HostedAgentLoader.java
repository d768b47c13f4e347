package io.inferscope.agent.hosted;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The class loader of InferScope inside the OpenTelemetry Java agent: our classes from the jar's
 * {@code inst/} folder, their OpenTelemetry and Byte Buddy references renamed to that agent's ({@link HostNames}),
 * and everything else from the agent's extension loader, whose parent holds its SDK.
 *
 * <p>Our classes are looked up first (they are not in any parent); only classes that mention
 * OpenTelemetry or Byte Buddy are rewritten, and our copy of Byte Buddy is never loaded: the agent's
 * serves. Our class files read as resources (how Byte Buddy reads advice, whose annotations must be
 * the agent's Byte Buddy's) are rewritten the same way.
 */
public final class HostedAgentLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private static final String INST = "inst/";
  private static final String BRIDGES = "io.inferscope.bootstrap.";
  private static final HostNames NAMES = new HostNames();

  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain domain;

  private HostedAgentLoader(File agentJar, ClassLoader host) throws IOException {
    super("inferscope-hosted", host);
    this.jar = new JarFile(agentJar, false);
    this.jarUrl = "jar:" + agentJar.toURI() + "!/" + INST;
    this.domain = new ProtectionDomain(new CodeSource(agentJar.toURI().toURL(), (Certificate[]) null), null, this, null);
  }

  /** Called reflectively by the bootstrap package, which cannot name this class. */
  public static ClassLoader open(File agentJar, ClassLoader host) throws IOException {
    return new HostedAgentLoader(agentJar, host);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        loaded = name.startsWith(BRIDGES) ? Class.forName(name, false, null) : ours(name);
      }
      if (loaded == null) {
        loaded = getParent().loadClass(name);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  private Class<?> ours(String name) throws ClassNotFoundException {
    if (name.startsWith("java.")) {
      return null;
    }
    JarEntry entry = jar.getJarEntry(INST + name.replace('.', '/') + ".class");
    if (entry == null) {
      return null;
    }
    try {
      byte[] bytes = classFile(entry);
      return defineClass(name, bytes, 0, bytes.length, domain);
    } catch (IOException e) {
      throw new ClassNotFoundException(name + " could not be read from " + jar.getName(), e);
    }
  }

  /** A class file of ours as this loader defines it: renamed to the agent's classes where it mentions them. */
  private byte[] classFile(JarEntry entry) throws IOException {
    try (InputStream in = jar.getInputStream(entry)) {
      return NAMES.rename(in.readAllBytes());
    }
  }

  /** Our class files as {@link #loadClass} defines them; other resources as {@link #findResource} finds them. */
  @Override
  public InputStream getResourceAsStream(String name) {
    JarEntry entry = name.endsWith(".class") ? jar.getJarEntry(INST + name) : null;
    if (entry == null) {
      return super.getResourceAsStream(name);
    }
    try {
      return new ByteArrayInputStream(classFile(entry));
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Our jar's, else the platform loader's: the agent's loaders do not hand out the JDK's class files
   * (java.net.http), which Byte Buddy reads to describe the types our hooks name.
   */
  @Override
  protected URL findResource(String name) {
    if (jar.getJarEntry(INST + name) == null) {
      return ClassLoader.getPlatformClassLoader().getResource(name);
    }
    try {
      return new URL(jarUrl + name);
    } catch (MalformedURLException e) {
      return null;
    }
  }

  // Service files (our SLF4J's logger provider) are found through this one.
  @Override
  protected Enumeration<URL> findResources(String name) {
    URL found = findResource(name);
    return found == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(found));
  }
}
