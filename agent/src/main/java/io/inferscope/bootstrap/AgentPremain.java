package io.inferscope.bootstrap;

import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * The {@code -javaagent} entry point. It does as little as possible itself: it makes this package
 * visible to every class loader (advice inlined into library classes calls the bridges here), opens
 * the isolated loader and hands over. Nothing it does may stop the application from starting.
 */
public final class AgentPremain {
  private static final String STARTER = "io.inferscope.agent.AgentStarter";

  private AgentPremain() {}

  public static void premain(String arguments, Instrumentation instrumentation) {
    try {
      IsolatedAgentLoader agent = IsolatedAgentLoader.locate();
      instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(agent.jarFile()));
      ClassLoader loader = agent.open();
      Class<?> starter = Class.forName(STARTER, true, loader);
      starter
          .getMethod("start", Instrumentation.class, String.class, String.class, java.io.File.class)
          .invoke(null, instrumentation, arguments, agent.version(), agent.jarFile());
    } catch (Throwable t) {
      // Deliberately System.err: the agent's logger lives in the loader that may have failed.
      System.err.println("[inferscope] ERROR the agent could not start; the application runs without it: " + t);
    }
  }
}
