package io.inferscope.agent.instrumentation.okhttp;

import io.inferscope.agent.llm.GenAiTelemetry;
import io.inferscope.agent.llm.LlmHttpExchange;
import io.inferscope.agent.logging.HookErrors;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.OkHttpBridge;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.OutputStream;

/** Turns OkHttp calls to LLM endpoints into LLM exchanges; other calls are only classified. */
final class OkHttpHooks extends OkHttpBridge {
  private final GenAiTelemetry telemetry;

  OkHttpHooks(GenAiTelemetry telemetry) {
    this.telemetry = telemetry;
  }

  @Override
  protected boolean onIsLlmRequest(String method, String host, int port, String path, String query) {
    try {
      return LlmHttpExchange.isLlmRequest(method, host, port, path, query);
    } catch (Throwable t) {
      HookErrors.report("okhttp classify", t);
      return false;
    }
  }

  @Override
  protected long onMaxRequestBytes() {
    return telemetry.settings().maxBodyBytes();
  }

  @Override
  protected void onStart(Object call, String method, String host, int port, String path, String query, byte[] body) {
    try {
      LlmHttpExchange exchange =
          LlmHttpExchange.start(telemetry, Context.current(), method, host, port, path, query, () -> body);
      if (exchange != null && call instanceof InstrumentedObject) {
        ((InstrumentedObject) call).inferscope$setState(exchange);
      } else if (exchange != null) {
        exchange.failed(new IllegalStateException("OkHttp call without agent state"));
      }
    } catch (Throwable t) {
      HookErrors.report("okhttp start", t);
    }
  }

  @Override
  protected Object onEnterContext(Object exchange) {
    return exchange instanceof LlmHttpExchange ? ((LlmHttpExchange) exchange).enter() : null;
  }

  @Override
  protected void onExitContext(Object scope) {
    try {
      ((Scope) scope).close();
    } catch (Throwable t) {
      HookErrors.report("okhttp context", t);
    }
  }

  @Override
  protected void onResponded(Object exchange, int status, String contentType, String contentEncoding) {
    try {
      ((LlmHttpExchange) exchange).responseStarted(status, contentType, contentEncoding);
    } catch (Throwable t) {
      HookErrors.report("okhttp response", t);
    }
  }

  @Override
  protected void onReadStarted(Object exchange) {
    if (exchange instanceof LlmHttpExchange) {
      ((LlmHttpExchange) exchange).readerWaiting(true);
    }
  }

  @Override
  protected String[] onPropagationFields(Object exchange) {
    return exchange instanceof LlmHttpExchange ? telemetry.propagation().fields() : null;
  }

  /** Asked once the advice found none of the fields on the request. */
  @Override
  protected String[] onPropagationHeaders(Object exchange) {
    if (!(exchange instanceof LlmHttpExchange)) {
      return null;
    }
    return telemetry.propagation().headers(((LlmHttpExchange) exchange).context());
  }

  @Override
  protected OutputStream onBodyRead(Object exchange) {
    if (!(exchange instanceof LlmHttpExchange)) {
      return null;
    }
    LlmHttpExchange llm = (LlmHttpExchange) exchange;
    llm.readerWaiting(false);
    return llm.bodyStream();
  }

  @Override
  protected void onBodyEnded(Object exchange) {
    if (exchange instanceof LlmHttpExchange) {
      ((LlmHttpExchange) exchange).completed();
    }
  }

  @Override
  protected void onBodyClosed(Object exchange) {
    if (exchange instanceof LlmHttpExchange) {
      ((LlmHttpExchange) exchange).cancelled();
    }
  }

  @Override
  protected void onFailed(Object exchange, Throwable error) {
    if (exchange instanceof LlmHttpExchange) {
      ((LlmHttpExchange) exchange).failed(error);
    }
  }
}
