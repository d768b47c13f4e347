package io.inferscope.agent.spend;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The budget, "spend adds at most a map lookup per LLM call", measured: the spend work of one
 * call in steady state ({@link #lookupAndCost}: the bounded map's lookup of the call's provider and
 * models, and the cost arithmetic over five token counts) against a plain {@code HashMap.get} of a
 * String key ({@link #hashMapGet}) in a map as large as the built-in table. {@link #record} adds what the
 * recorder does with the result: the cost counter's add on the real SDK and three span attributes
 * (on a non-recording span, as for an unsampled call; a recording span adds the SDK's attribute map
 * puts). Model names are other String instances than those in the maps, as they are in the agent (read
 * from each request and response), so every lookup compares characters, not references.
 *
 * <p>Run: {@code agent-tests/bench.sh -Dbench.suite=spend}, or after {@code mvn -o test-compile} in
 * agent/: {@code java -cp target/test-classes:target/classes:$(cat target/bench-classpath.txt)
 * org.openjdk.jmh.Main SpendBenchmark} (bench.sh writes that class path file).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SpendBenchmark {
  private final Map<String, Price> plain = new HashMap<>();
  private String plainKey;
  private ResolvedPrices prices;
  private SdkMeterProvider meters;
  private SpendRecorder recorder;
  private String provider;
  private String requestModel;
  private String responseModel;
  // Boxed as the agent has them (LlmResult, span attributes); OpenAI's usage shape.
  private final Long input = 1_200L;
  private final Long output = 350L;
  private final Long cacheRead = 1_024L;
  private final Long cacheWrite = null;
  private final Long reasoning = 128L;

  @Setup(Level.Trial)
  public void setUp() {
    PriceTable table = PriceTable.builtIn();
    PriceTable.builtInRows().forEach(plain::put);
    provider = "openai";
    requestModel = new String("gpt-4o-mini");
    responseModel = new String("gpt-4o-mini-2024-07-18");
    plainKey = new String(PriceFile.key("openai", "gpt-4o-mini"));
    prices = new ResolvedPrices(table);
    meters = SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build();
    recorder = new SpendRecorder(meters.get("bench"), () -> table);
    if (Double.isNaN(lookupAndCost()) || hashMapGet() == null) {
      throw new IllegalStateException("gpt-4o-mini is not priced");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    meters.close();
  }

  @Benchmark
  public Price hashMapGet() {
    return plain.get(plainKey);
  }

  @Benchmark
  public double lookupAndCost() {
    Price price = prices.resolve(provider, requestModel, responseModel).price();
    return price.cost(input, output, cacheRead, cacheWrite, reasoning);
  }

  @Benchmark
  public void record() {
    recorder.record(Span.getInvalid(), provider, requestModel, responseModel, input, output, cacheRead, cacheWrite, reasoning);
  }
}
