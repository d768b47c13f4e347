package io.inferscope.tests.apps;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.core.retry.backoff.BackoffStrategy;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * An application calling Bedrock through the AWS SDK for Java 2.x as documented (static credentials,
 * an endpoint override), with no agent-specific code. Usage:
 * {@code BedrockSdkApp ENDPOINT TRANSPORT MODE MODEL [PROMPT]}; TRANSPORT is {@code apache},
 * {@code apache5}, {@code urlconnection} (sync client) or {@code async} (the async client's default
 * Netty transport, as HTTP/1.1); MODE is {@code converse}, {@code invoke} (a body in the model's own format: Claude
 * messages, Titan text), {@code converse-stream} (read to the end) or {@code converse-stream-cancel}
 * (cancelled after two events). Retries happen at once (no backoff), two at most. Prints what it
 * observed as {@code key=value} lines.
 */
public final class BedrockSdkApp {
  static final String ACCESS_KEY = "AKIAFAKEBEDROCKKEY01";
  static final String SECRET_KEY = "fakeSecretKeyThatMustNeverBeRecorded0001";

  private BedrockSdkApp() {}

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    String transport = args[1];
    String mode = args[2];
    String model = args[3];
    String prompt = args.length > 4 ? args[4] : "Say hello";
    RetryPolicy retries = RetryPolicy.builder().numRetries(2)
        .backoffStrategy(BackoffStrategy.none()).throttlingBackoffStrategy(BackoffStrategy.none()).build();
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    Message user = Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(prompt)).build();
    InferenceConfiguration config = InferenceConfiguration.builder().maxTokens(64).temperature(0.5f).build();
    try {
      if (transport.equals("async")) {
        // The default async transport, Netty, as HTTP/1.1: the fake endpoint speaks no cleartext HTTP/2.
        try (BedrockRuntimeAsyncClient client = BedrockRuntimeAsyncClient.builder().endpointOverride(endpoint)
            .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
            .region(Region.US_EAST_1).credentialsProvider(credentials).overrideConfiguration(o -> o.retryPolicy(retries)).build()) {
          async(client, mode, model, user, config);
        }
        return;
      }
      try (BedrockRuntimeClient client = BedrockRuntimeClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
          .credentialsProvider(credentials).overrideConfiguration(o -> o.retryPolicy(retries)).httpClient(http(transport)).build()) {
        print("transport", client.getClass().getSimpleName() + "/" + transport);
        switch (mode) {
          case "converse" -> converse(client.converse(ConverseRequest.builder().modelId(model).messages(user).inferenceConfig(config).build()));
          case "invoke" -> {
            InvokeModelResponse response = client.invokeModel(InvokeModelRequest.builder().modelId(model)
                .contentType("application/json").accept("application/json").body(SdkBytes.fromUtf8String(invokeBody(model, prompt))).build());
            AppOutput.body(response.body().asByteArray());
          }
          default -> throw new IllegalArgumentException(mode);
        }
      }
    } catch (RuntimeException e) {
      print("caught", e.getClass().getName());
    }
  }

  private static SdkHttpClient http(String transport) throws Exception {
    return switch (transport) {
      case "apache" -> ApacheHttpClient.builder().build();
      case "urlconnection" -> UrlConnectionHttpClient.builder().build();
      // By name: the 2.40 jars have no apache5-client.
      case "apache5" -> (SdkHttpClient) ((software.amazon.awssdk.utils.builder.SdkBuilder<?, ?>)
          Class.forName("software.amazon.awssdk.http.apache5.Apache5HttpClient").getMethod("builder").invoke(null)).build();
      default -> throw new IllegalArgumentException(transport);
    };
  }

  private static String invokeBody(String model, String prompt) {
    if (model.contains("titan")) {
      return "{\"inputText\":\"" + prompt + "\",\"textGenerationConfig\":{\"maxTokenCount\":64,\"temperature\":0.5}}";
    }
    return "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,\"temperature\":0.5,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
  }

  private static void converse(ConverseResponse response) {
    print("content", response.output().message().content().get(0).text());
    print("stop", response.stopReasonAsString());
    print("usage", response.usage().inputTokens() + "/" + response.usage().outputTokens());
  }

  private static void async(BedrockRuntimeAsyncClient client, String mode, String model, Message user, InferenceConfiguration config)
      throws Exception {
    switch (mode) {
      case "converse" -> converse(client.converse(ConverseRequest.builder().modelId(model).messages(user).inferenceConfig(config).build())
          .get(30, TimeUnit.SECONDS));
      case "converse-stream" -> {
        StringBuilder text = new StringBuilder();
        int[] events = {0};
        ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
            .subscriber(event -> {
              events[0]++;
              if (event instanceof ContentBlockDeltaEvent delta) {
                text.append(delta.delta().text());
              }
            }).build();
        client.converseStream(ConverseStreamRequest.builder().modelId(model).messages(user).inferenceConfig(config).build(), handler)
            .get(30, TimeUnit.SECONDS);
        print("events", events[0]);
        print("content", text);
      }
      case "converse-stream-cancel" -> {
        CountDownLatch cancelled = new CountDownLatch(1);
        int[] events = {0};
        ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
            .onEventStream(publisher -> publisher.subscribe(new Subscriber<ConverseStreamOutput>() {
              private Subscription subscription;

              @Override
              public void onSubscribe(Subscription s) {
                subscription = s;
                s.request(1);
              }

              @Override
              public void onNext(ConverseStreamOutput event) {
                if (++events[0] == 2) {
                  subscription.cancel();
                  cancelled.countDown();
                } else {
                  subscription.request(1);
                }
              }

              @Override
              public void onError(Throwable t) {
                print("stream.error", t.getClass().getName());
              }

              @Override
              public void onComplete() {
                print("stream.complete", true);
              }
            })).build();
        CompletableFuture<Void> done = client.converseStream(
            ConverseStreamRequest.builder().modelId(model).messages(user).inferenceConfig(config).build(), handler);
        print("cancelled", cancelled.await(30, TimeUnit.SECONDS));
        try {
          done.get(5, TimeUnit.SECONDS);
          print("future", "completed");
        } catch (TimeoutException e) {
          print("future", "pending");
        } catch (java.util.concurrent.ExecutionException e) {
          print("future", "failed:" + e.getCause().getClass().getName());
        }
        print("events", events[0]);
      }
      default -> throw new IllegalArgumentException(mode);
    }
  }

  private static void print(String key, Object value) {
    AppOutput.print(key, value);
  }
}
