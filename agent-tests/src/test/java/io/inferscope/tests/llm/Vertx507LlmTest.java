package io.inferscope.tests.llm;

/** The transport suite on Vert.x 5.0.7 (5.0, with the versions its BOM manages). */
class Vertx507LlmTest extends VertxWebClientLlmSuite {
  Vertx507LlmTest() {
    super(Transport.VERTX_5_0_7);
  }
}
