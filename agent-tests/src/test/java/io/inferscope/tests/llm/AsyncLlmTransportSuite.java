package io.inferscope.tests.llm;

import static io.inferscope.tests.apps.transport.TransportCase.ASYNC;
import static io.inferscope.tests.apps.transport.TransportCase.ASYNC_REFUSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.LlmCallback;
import io.inferscope.tests.apps.transport.TransportCase;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The part of {@link LlmTransportSuite} for clients with an asynchronous API (a callback, or a future
 * with continuations): a client's suite class implements it when its {@link Transport} has one, so a
 * client without such an API has no such tests rather than skipped ones.
 */
interface AsyncLlmTransportSuite {
  /** The client the suite runs against. */
  Transport transport();

  /**
   * The callback runs on the client's own thread with the call's span current: the LLM call it makes
   * is the call's child. The call itself is a root (nothing was current where it was made).
   */
  @Test
  default void anAsyncCallIsOneRootSpanAndItsCallbackJoinsTheTrace() {
    TransportRun run = TransportRun.of(transport(), TransportCase.Batch.MAIN);
    assertEquals("200", run.value(ASYNC, "status"), run::output);
    run.assertAppGotWhatWasSent(ASYNC);
    String thread = run.value(ASYNC, "thread");
    assertNotEquals(run.values.get("caller.thread"), thread, () -> "not on the caller's thread" + run.output());
    if (transport().callbackThreadPrefix != null) {
      assertTrue(String.valueOf(thread).startsWith(transport().callbackThreadPrefix), () -> "on the client's thread" + run.output());
    }
    assertEquals("200", run.value(ASYNC, "callback.embeddings"), run::output);
    ReceivedSpan span = run.span(ASYNC);
    ReceivedSpan callback = LlmRuns.onlyNamed(run.genAi, "embeddings " + LlmCallback.MODEL);
    assertEquals(span.spanId(), callback.parentSpanId(), () -> "the callback's LLM call joins the call's trace: " + run.genAi);
    assertEquals("", span.parentSpanId(), () -> "called from a thread with no span: a root span " + span);
    assertEquals("CLIENT", span.kind());
    assertEquals("chat " + ASYNC.model, span.name());
    assertEquals(ASYNC.model + FakeAnswer.RESPONSE_MODEL_SUFFIX, span.attr("gen_ai.response.model"), span::toString);
    assertEquals((long) FakeAnswer.INPUT_TOKENS, span.longAttr("gen_ai.usage.input_tokens"), span::toString);
    assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
    assertEquals(List.of("stop"), span.attributes().get("gen_ai.response.finish_reasons"));
    assertEquals("UNSET", span.statusCode(), span::toString);
    assertNull(span.attr("inferscope.stream.outcome"), span::toString);
    run.request(LlmCallback.MODEL); // the callback's call reached the server, once
    run.assertCountedOnce(ASYNC);
  }

  @Test
  default void anAsyncCallThatCannotConnectEndsOnceAsAnError() {
    TransportRun run = TransportRun.of(transport(), TransportCase.Batch.MAIN);
    assertEquals(transport().refusedException, run.value(ASYNC_REFUSED, "caught"), run::output);
    ReceivedSpan span = run.refusedSpan(ASYNC_REFUSED);
    assertEquals("", span.parentSpanId(), span::toString);
    assertEquals("ERROR", span.statusCode(), span::toString);
    assertEquals(transport().refusedException, span.attr("error.type"), span::toString);
    assertEquals(1, span.events().stream().filter(e -> e.name().equals("exception")).count(), () -> "ended once: " + span);
    run.assertRefusedCountedOnce(ASYNC_REFUSED);
  }
}
