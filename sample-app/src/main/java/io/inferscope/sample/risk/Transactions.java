package io.inferscope.sample.risk;

/** One customer's transactions to classify, each a row of features. */
public record Transactions(String customer, float[][] rows) {}
