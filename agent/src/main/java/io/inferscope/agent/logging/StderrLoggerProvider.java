package io.inferscope.agent.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * SLF4J binding for the agent's own (relocated) SLF4J: everything goes to stderr with an
 * {@code [inferscope]} prefix. The agent must not depend on, or disturb, the application's logging
 * setup, so it brings this instead of Logback or slf4j-simple (whose system properties are global).
 */
public final class StderrLoggerProvider implements SLF4JServiceProvider {
  private final ILoggerFactory loggerFactory = StderrLogger::new;
  private final IMarkerFactory markerFactory = new BasicMarkerFactory();
  private final MDCAdapter mdcAdapter = new NOPMDCAdapter();

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggerFactory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markerFactory;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdcAdapter;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}
}
