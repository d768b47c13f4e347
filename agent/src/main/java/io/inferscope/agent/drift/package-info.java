/**
 * Model behaviour: drift of a model's outputs and tabular inputs, as the Population Stability Index (PSI)
 * of a rolling current window against a reference window. Pure Java plus OpenTelemetry API metrics; the
 * ONNX Runtime and DJL hooks that feed it live with those instrumentations.
 *
 * <h2>Flow</h2>
 * A hook asks its model's {@link io.inferscope.agent.drift.SamplingGate} whether to inspect a prediction
 * (one in N, default 10); if so it hands the output tensor, in place, to the output's summary, obtained
 * once from {@link io.inferscope.agent.drift.DriftMetrics}: a
 * {@link io.inferscope.agent.drift.ClassOutputSummary} (argmax of a score vector, or a DJL class name),
 * a {@link io.inferscope.agent.drift.ScalarOutputSummary}, or a
 * {@link io.inferscope.agent.drift.TabularInputSummary} for a {@code [batch, features]} input. Each
 * summary counts bins of a reference window (the first {@code referenceSize} observations, 1000) and a
 * current window (the last {@code currentSize}, 1000, a ring of bin bytes). Every {@code evaluateEvery}
 * observations (100) and at each metric collection it computes PSI and updates its
 * {@link io.inferscope.agent.drift.DriftVerdict}, which flags drift once at 0.2 and re-arms below 0.1; a
 * flag goes to the {@link io.inferscope.agent.drift.DriftListener} (the hooks count it as
 * {@code inferscope.anomaly.count} with reason {@code output_drift} or {@code input_drift}), and
 * {@link io.inferscope.agent.drift.DriftSummary#drifting()} and {@code lastPsi()} are there for the span
 * attribute {@code inferscope.drift.psi} while it lasts.
 *
 * <h2>Bins</h2>
 * Classes: the first 64 distinct classes seen get a bin (capped by appearance, not by index), later ones
 * share {@code _OTHER}. Scalars and features: bins at the reference's deciles, fixed when the reference
 * completes, open at both ends, a tied quantile (a constant, a ReLU's zeros) in a bin of its own, NaN in
 * a bin of its own ({@link io.inferscope.agent.drift.QuantileEdges}). PSI floors empty bins at 1e-4
 * ({@link io.inferscope.agent.drift.Psi}). Reading PSI: below 0.1 stable, 0.1 to 0.2 moderate, above 0.2
 * a significant shift; two windows of 1000 from one distribution read about (bins − 1) × 0.002 on
 * average, so windows need about 20 observations per used bin.
 *
 * <h2>Cost</h2>
 * Unsampled predictions pay the gate only: a thread-local random draw and a comparison (no shared write,
 * no lock, no allocation). A sampled one reads at most {@code maxElementsPerTensor} (K, 4096) elements
 * and {@code maxRowsPerTensor} (16) rows spread over the batch, finds the argmax outside any lock, then
 * takes the summary's lock for the O(1) update only. Inference threads only try that lock: when it is
 * busy the observation is skipped and counted ({@code busySkips()}), so watching never makes an
 * inference wait; the metric collection thread takes it normally. Steady-state observation allocates
 * nothing. {@code DriftObserveBenchmark} (JDK 17, 2 shared cores, 2 forks, median of iterations): the
 * gate 1.3 ns when it skips; a scalar 37 ns (55 with the SDK's score histogram); a 1000-class row 350 ns
 * (375); a 32-feature input row 1.1 µs; 0 B/op throughout. Every 100th observation adds the PSI
 * computation (a few µs for an input's 32 features: the p99 of that benchmark). Two threads hammering one
 * summary with nothing else to do skip about 70 % of their observations; real inference, sampled one in
 * 10, is far from that.
 *
 * <h2>Memory</h2>
 * Per output about {@code currentSize} bytes of ring plus a few hundred bytes of counts (and, for a class
 * output fed by index, 2 bytes per class of the row); a scalar track keeps its reference's values (4
 * bytes each) only until the reference completes; a tabular input holds one scalar track per watched
 * feature (32). {@link io.inferscope.agent.drift.DriftMetrics} creates at most 256 summaries.
 *
 * <h2>Metrics</h2>
 * {@code ml.prediction.drift} (gauge, per {@code ml.model.name} and {@code ml.output.name}; for inputs
 * {@code ml.input.name} and {@code ml.input.feature.index}, a name this package adds),
 * {@code ml.prediction.class} (counter of inspected predictions by {@code ml.prediction.class}) and
 * {@code ml.prediction.score} (histogram of top-1 scores and scalar values).
 *
 * <h2>A reference to keep</h2>
 * {@link io.inferscope.agent.drift.ReferenceFile} saves and reads reference summaries (a small line-based
 * format, no JSON), {@link io.inferscope.agent.drift.ReferenceCsv} builds them from a CSV of values
 * (training data), {@code pinReference} makes a live summary use one, and
 * {@link io.inferscope.agent.drift.ReferenceComparison} gives the PSI between two.
 * {@link io.inferscope.agent.drift.SnapshotWriter} saves a running process's windows as two such files
 * ({@code inferscope.drift.snapshot.file}); the {@code drift save|compare} command (package
 * {@code io.inferscope.agent.cli}) builds references from a CSV or a snapshot and compares them.
 */
package io.inferscope.agent.drift;
