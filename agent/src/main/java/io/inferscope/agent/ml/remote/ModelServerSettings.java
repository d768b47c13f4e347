package io.inferscope.agent.ml.remote;

import io.inferscope.agent.config.AgentConfig;

/**
 * What remote inference telemetry may read: request and response bodies up to a cap, so that a huge
 * tensor payload costs bounded memory and time on the application's threads.
 *
 * @param maxBodyBytes the largest request body read (a larger one is sent unread: the span then has no
 *     batch size or input names), and how much of a response body is inspected (past it, what was read
 *     stays; the rest passes unseen)
 */
public record ModelServerSettings(int maxBodyBytes) {
  /** The switch's name: {@code inferscope.instrumentation.model-server.enabled}. */
  public static final String NAME = "model-server";
  public static final String MAX_BODY_BYTES = "inferscope.model-server.body.max.bytes";
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  public static ModelServerSettings from(AgentConfig config) {
    return new ModelServerSettings(config.getInt(MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES, 1, 1 << 28));
  }
}
