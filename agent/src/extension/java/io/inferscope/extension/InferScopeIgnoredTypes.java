package io.inferscope.extension;

import io.opentelemetry.javaagent.extension.ignore.IgnoredTypesBuilder;
import io.opentelemetry.javaagent.extension.ignore.IgnoredTypesConfigurer;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;

/**
 * Keeps the OpenTelemetry Java agent's transformer off InferScope's own classes. Unlisted, each of the
 * few thousand classes InferScope loads at start-up (its Byte Buddy among them) would pass through that
 * agent's type matchers, which is most of what the extension would add to its start-up. Nothing of
 * InferScope's is for that agent to instrument. (Not all of io.inferscope: applications may live there.)
 */
public final class InferScopeIgnoredTypes implements IgnoredTypesConfigurer {
  @Override
  public void configure(IgnoredTypesBuilder builder) {
    builder.ignoreClass("io.inferscope.agent.")
        .ignoreClass("io.inferscope.shaded.")
        .ignoreClass("io.inferscope.bootstrap.")
        .ignoreClass("io.inferscope.extension.")
        .ignoreClassLoader("io.inferscope.agent.hosted.HostedAgentLoader");
  }

  // The form the agent 2.31 to 2.33 calls.
  @Override
  public void configure(IgnoredTypesBuilder builder, ConfigProperties config) {
    configure(builder);
  }
}
