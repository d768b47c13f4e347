package io.inferscope.agent.logging;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One line per message on stderr: {@code [inferscope] LEVEL message}. INFO and above by default;
 * DEBUG and TRACE only with {@code inferscope.debug=true}. Stack traces are printed in debug mode
 * only: in production one clear line says what happened. Everything printed, exception messages
 * included, first passes through {@link Redaction#text}: whatever a message says, no credential
 * from the settings reaches the application's log.
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
    StringBuilder out = new StringBuilder(PREFIX.length() + 8 + message.length());
    out.append(PREFIX).append(level).append(' ').append(message);
    if (throwable != null) {
      if (AgentLogLevel.isDebug()) {
        StringWriter trace = new StringWriter();
        throwable.printStackTrace(new PrintWriter(trace));
        out.append(System.lineSeparator()).append(trace.toString().stripTrailing());
      } else {
        out.append(": ").append(throwable);
      }
    }
    String masked = Redaction.text(out.toString());
    PrintStream err = System.err;
    synchronized (err) {
      err.println(masked);
    }
  }
}
