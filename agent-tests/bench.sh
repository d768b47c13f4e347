#!/usr/bin/env bash
# Runs the on-demand benchmarks: the per-call cost of the agent (JMH; -Dbench.suite=NAME, all by
# default: ort = OrtSession.run, djl = DJL Predictor.predict, djl-hooks = the DJL hooks alone,
# llm = chat completions, whole and streamed, over the JDK HttpClient to a fake LLM server,
# apache = the same calls over Apache HttpClient 5 (classic and async) and 4.5,
# vertx = the same calls over the Vert.x web client and core HttpClient (4.5.14),
# urlconnection = the same calls over the JDK's HttpURLConnection,
# grpc = an Open Inference Protocol ModelInfer over grpc-java (blocking and future stubs) to a fake server in the same JVM,
# google-genai = Google's Gen AI SDK (generateContent, generateContentStream) over its OkHttp transport,
# bedrock = a Bedrock Converse call through the AWS SDK's sync client (Apache HttpClient 4.5) to a fake Bedrock,
# spring-ai = the same calls through Spring AI 1.1.2's OpenAI model (ChatModel.call, StreamingChatModel.stream),
# reactive = the same calls over Reactor Netty's HttpClient and Spring WebClient on it,
# streams = a streamed answer (40 x 1 MB or 200,000 small chunks) read line by line, JDK HttpClient and OkHttp,
# parse = the agent's own SSE and JSON parsing of those two answers alone, no HTTP,
# anomaly = the anomaly detector's decision per span, no agent involved, drift = the drift watch per
# prediction (sampling gate, one observation of a class vector, a scalar, an input row), no agent involved,
# spend = the spend work per LLM
# call (price lookup and cost) against a plain HashMap.get, no agent involved, sdk = the OpenTelemetry
# SDK's own per-call operations alone, startup = start-up time of a hello world and of a Spring Boot jar with and
# without agents, InferScope as the OpenTelemetry Java agent's extension included).
# Reports go to agent-tests/target/benchmarks/.
# Arguments are passed to both benchmark JVMs, e.g. for a quick check:
#   agent-tests/bench.sh -Dbench.forks=1 -Dbench.iterations=1 -Dbench.startup.runs=3
# Other settings: -Dbench.warmups=N, -Dbench.java25=true, -Dinferscope.agent.jar=PATH,
# -Dbench.baseline.jar=PATH (an earlier agent jar, run interleaved beside this one: what a change costs per call;
# in the startup suite, as the OpenTelemetry agent's extension),
# -Dbench.agent.props=k=v,... (settings for this agent build only, e.g. inferscope.drift.sample.one-in=1000000),
# -Dbench.configs=NO_AGENT,UNSAMPLED (only some configurations), -Dbench.profiler=gc (allocations; or a profiler with
# its options, e.g. "async:libPath=/path/libasyncProfiler.so;output=collapsed;dir=/tmp/prof").
# Run it on an otherwise idle machine: background load shows up in the numbers.
set -euo pipefail
cd "$(dirname "$0")"

agent_jar=../agent/target/inferscope-agent.jar
# Build the agent only when its jar is missing or older than its sources: a build takes a while.
if [[ ! -f $agent_jar || -n $(find ../agent/src ../agent/pom.xml -newer "$agent_jar" -print -quit) ]]; then
  (cd .. && mvn -B -ntp -q -pl agent -am install -DskipTests)
fi
# Compiling the tests also runs the JMH annotation processor and copies the OpenTelemetry agent.
mvn -B -ntp -q test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
# DJL's ONNX Runtime engine set lives in its own folder (the PyTorch set needs another DJL version).
classpath=target/test-classes:$(cat target/bench-classpath.txt):target/djl-onnxruntime-libs/*
# An SDK suite's runtime jars (google-genai's Jackson, Guava, OkHttp; the AWS SDK's; Spring AI's full set) go last, and only for that
# suite or all: a class already on the path still comes from where it did, so no other suite's classes change.
wants_suite() {
  [[ " $* " != *" -Dbench.suite="* || " $* " == *" -Dbench.suite=$1 "* || " $* " == *" -Dbench.suite=all "* ]]
}
if wants_suite google-genai "$@"; then
  classpath=$classpath:target/google-genai-newest-libs/*
fi
if wants_suite bedrock "$@"; then
  classpath=$classpath:target/bedrock-libs/2.59.1/*
fi
if wants_suite spring-ai "$@"; then
  classpath=$classpath:target/spring-ai-libs/1.1.2/*
fi

# The measured JVMs inherit this environment; settings from the shell would change what is measured.
unset JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS
for name in $(compgen -e | grep -E '^(OTEL_|INFERSCOPE_)' || true); do
  unset "$name"
done
export ORT_DISABLE_TELEMETRY=1
# DJL must not phone home or download: offline, no tracking, natives cached under target/.
export DJL_OFFLINE=true OPT_OUT_TRACKING=true DJL_CACHE_DIR=$PWD/target/djl-cache

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
suite=all
for arg in "$@"; do
  case $arg in -Dbench.suite=*) suite=${arg#-Dbench.suite=} ;; esac
done
if [[ $suite == all || $suite == anomaly || $suite == drift || $suite == parse || $suite == spend ]]; then
  # The detector, the drift summaries, the stream parser and the price lookup are plain agent code: their benchmarks live
  # with them, in the agent module's tests.
  (cd ../agent && mvn -B -ntp -q test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt)
  mkdir -p target/benchmarks
  agent_classpath="../agent/target/test-classes:../agent/target/classes:$(cat ../agent/target/bench-classpath.txt)"
  if [[ $suite == all || $suite == anomaly ]]; then
    "$java" -cp "$agent_classpath" org.openjdk.jmh.Main AnomalyDecisionBenchmark -prof gc -rf text -rff target/benchmarks/anomaly-decision.txt
  fi
  if [[ $suite == all || $suite == drift ]]; then
    "$java" -cp "$agent_classpath" org.openjdk.jmh.Main DriftObserveBenchmark -prof gc -rf text -rff target/benchmarks/drift-observe.txt
  fi
  if [[ $suite == all || $suite == parse ]]; then
    "$java" -cp "$agent_classpath" org.openjdk.jmh.Main StreamParseBenchmark -prof gc -rf text -rff target/benchmarks/stream-parse.txt
  fi
  if [[ $suite == all || $suite == spend ]]; then
    "$java" -cp "$agent_classpath" org.openjdk.jmh.Main SpendBenchmark -prof gc -rf json -rff target/benchmarks/spend.json
  fi
fi
if [[ $suite == all || $suite == sdk ]]; then
  mkdir -p target/benchmarks
  "$java" -cp "$classpath" org.openjdk.jmh.Main SdkCostBenchmark -prof gc -rf text -rff target/benchmarks/sdk-cost.txt
fi
if [[ $suite != anomaly && $suite != drift && $suite != parse && $suite != spend && $suite != sdk && $suite != startup ]]; then
  "$java" "$@" -cp "$classpath" io.inferscope.tests.bench.BenchmarkMain
fi
if [[ $suite == all || $suite == startup ]]; then
  # The Spring Boot application whose start-up is measured too.
  if [[ ! -f spring-boot-app/target/inferscope-boot-app.jar ]]; then
    (cd .. && mvn -B -ntp -q -pl agent-tests/spring-boot-app package -DskipTests)
  fi
  "$java" "$@" -cp "$classpath" io.inferscope.tests.bench.StartupBenchmark
fi
