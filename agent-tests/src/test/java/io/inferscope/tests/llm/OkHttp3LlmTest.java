package io.inferscope.tests.llm;

/**
 * The transport suite ({@link LlmTransportSuite}, with {@code execute} and {@code enqueue}) on OkHttp
 * 3.14.9 (Java, call classes in package okhttp3, okio 1.x): the hooks find their way in the older
 * layout too. It has nothing that OkHttp 4 does not test already.
 */
class OkHttp3LlmTest extends LlmTransportSuite implements AsyncLlmTransportSuite {
  OkHttp3LlmTest() {
    super(Transport.OKHTTP_3);
  }
}
