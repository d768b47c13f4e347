package io.inferscope.agent.hosted;

import net.bytebuddy.jar.asm.commons.Remapper;

/**
 * Renames our relocated OpenTelemetry references to the OpenTelemetry Java agent's own classes, so that
 * InferScope's code, loaded inside that agent, calls its API and SDK instead of a second copy: one
 * {@code Context} (our spans are children of its spans), one SDK (its exporters, resource, sampler).
 *
 * <p>The agent keeps the API, context and common packages on the bootstrap path under its shaded
 * prefix, and the SDK under its own name in its class loader; it remaps its extensions' classes the
 * same way. What we bundle besides (our exporters, the SDK's autoconfiguration helpers) keeps its
 * relocated name: hosted code never runs it.
 */
final class HostApiRemapper extends Remapper {
  /** Where shade put our OpenTelemetry: the shaded package of our own API class, as an internal name. */
  static final String OURS = ourPrefix();
  // Assembled at run time: shade rewrites any constant that starts with OpenTelemetry's package name.
  private static final String HOST_SDK = String.join("/", "io", "opentelemetry", "");
  private static final String HOST_SHADED = String.join("/", "io", "opentelemetry", "javaagent", "shaded", HOST_SDK);

  @Override
  public String map(String internalName) {
    if (!internalName.startsWith(OURS)) {
      return internalName;
    }
    String rest = internalName.substring(OURS.length());
    if (rest.startsWith("api/") || rest.startsWith("context/") || rest.startsWith("common/")) {
      return HOST_SHADED + rest;
    }
    return rest.startsWith("sdk/") ? HOST_SDK + rest : internalName;
  }

  // Derived, not written out: the string would itself be rewritten by shade's relocation.
  private static String ourPrefix() {
    String api = io.opentelemetry.api.OpenTelemetry.class.getName().replace('.', '/');
    return api.substring(0, api.length() - "api/OpenTelemetry".length());
  }
}
