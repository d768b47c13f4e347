package io.inferscope.tests.llm;

/** The transport suite on Vert.x 4.5.14 (the oldest 4.5 the hooks claim). */
class Vertx4514LlmTest extends VertxWebClientLlmSuite {
  Vertx4514LlmTest() {
    super(Transport.VERTX_4_5_14);
  }
}
