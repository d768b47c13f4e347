package io.inferscope.bootstrap;

import java.lang.instrument.Instrumentation;

/**
 * The {@code -javaagent} entry point. It does as little as possible itself: it makes this package
 * visible to every class loader (advice inlined into library classes calls the bridges here), opens
 * the isolated loader and hands over. Next to the OpenTelemetry Java agent, InferScope runs inside that
 * agent instead ({@link OpenTelemetryAgentHandover}). Nothing it does may stop the application from
 * starting.
 */
public final class AgentPremain {
  private static final String STARTER = "io.inferscope.agent.AgentStarter";

  private AgentPremain() {}

  private static boolean alreadyRunning() {
    String claimant = OpenTelemetryAgentHandover.claimant();
    if (claimant != null) {
      System.err.println("[inferscope] INFO InferScope already runs " + claimant + "; this -javaagent copy does nothing");
    }
    return claimant != null;
  }

  public static void premain(String arguments, Instrumentation instrumentation) {
    try {
      if (alreadyRunning()) {
        // Checked first: the running copy put this package on the bootstrap path, where this class may
        // now have been loaded from, without the code source that locates the jar.
        return;
      }
      IsolatedAgentLoader agent = IsolatedAgentLoader.locate();
      ClassLoader openTelemetryAgent = OpenTelemetryAgentHandover.runningAgent();
      if (openTelemetryAgent == null && OpenTelemetryAgentHandover.attachedLater()) {
        // Its start line follows when that agent loads InferScope.
        OpenTelemetryAgentHandover.addAsExtension(agent.jarFile());
        return;
      }
      String mode = openTelemetryAgent == null ? "on its own" : "inside the OpenTelemetry Java agent";
      if (!OpenTelemetryAgentHandover.claim(mode) && alreadyRunning()) {
        return;
      }
      BootstrapJar.append(instrumentation, agent.jarFile());
      if (openTelemetryAgent != null) {
        agent.startHosted(agent.openHosted(openTelemetryAgent), instrumentation, null,
            "attached with -javaagent after that agent, so it joined it as an extension rather than split traces");
        return;
      }
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
