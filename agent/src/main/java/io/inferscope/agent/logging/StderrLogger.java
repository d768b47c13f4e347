package io.inferscope.agent.logging;

import java.io.PrintStream;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One line per message on stderr: {@code [inferscope] LEVEL message}. INFO and above by default;
 * DEBUG and TRACE only with {@code inferscope.debug=true}. Stack traces are printed in debug mode
 * only: in production one clear line says what happened.
 */
final class StderrLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;
  private static final String PREFIX = "[inferscope] ";

  StderrLogger(String name) {
    this.name = name;
  }

  @Override
  public boolean isTraceEnabled() {
    return AgentLogLevel.isDebug();
  }

  @Override
  public boolean isDebugEnabled() {
    return AgentLogLevel.isDebug();
  }

  @Override
  public boolean isInfoEnabled() {
    return true;
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(pattern, arguments);
    StringBuilder line = new StringBuilder(PREFIX.length() + 8 + message.length());
    line.append(PREFIX).append(level).append(' ').append(message);
    boolean debug = AgentLogLevel.isDebug();
    if (throwable != null && !debug) {
      line.append(": ").append(throwable);
    }
    PrintStream err = System.err;
    synchronized (err) {
      err.println(line);
      if (throwable != null && debug) {
        throwable.printStackTrace(err);
      }
    }
  }
}
