package io.inferscope.tests.bench;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * One Bedrock {@code Converse} call through the AWS SDK 2.59.1's sync client on its Apache HttpClient
 * 4.5 transport (one pooled keep-alive connection, SigV4 signing with fake static credentials) to the
 * fake Bedrock in the benchmark's parent JVM, whose endpoint comes in system property
 * {@link #ENDPOINT_PROPERTY}. With the agent the call gets an {@code aws.bedrock} GenAI span and
 * metrics; the difference to the run without it is what the SDK boundary, the HTTP hook and the
 * exchange cost per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BedrockCallBenchmark {
  public static final String ENDPOINT_PROPERTY = "bench.bedrock.endpoint";

  private BedrockRuntimeClient client;
  private ConverseRequest request;

  @Setup(Level.Trial)
  public void setUp() {
    String endpoint = System.getProperty(ENDPOINT_PROPERTY);
    if (endpoint == null) {
      throw new IllegalStateException("set -D" + ENDPOINT_PROPERTY + " to a fake Bedrock endpoint");
    }
    client = BedrockRuntimeClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFAKEBENCH", "fakeBenchSecret")))
        .httpClient(ApacheHttpClient.builder().maxConnections(1).build()).build();
    request = ConverseRequest.builder().modelId("amazon.nova-lite-v1:0")
        .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("Say hello")).build())
        .inferenceConfig(InferenceConfiguration.builder().maxTokens(64).build()).build();
    if (converse() < 1) {
      throw new IllegalStateException("unexpected answer from " + endpoint);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
  }

  /** The answer's output tokens, as the SDK parsed them. */
  @Benchmark
  public int converse() {
    return client.converse(request).usage().outputTokens();
  }
}
