#!/usr/bin/env bash
# The main job: build the agent and the sample app, then run the app with the agent attached.
# Spans and metrics are printed to the console (no collector needed). To send them to a collector
# instead, run with OTEL_TRACES_EXPORTER=otlp OTEL_METRICS_EXPORTER=otlp OTEL_EXPORTER_OTLP_ENDPOINT=...
set -euo pipefail
cd "$(dirname "$0")"
echo "building the agent and the sample app (log: target/demo-build.log)..." >&2
mkdir -p target
mvn -B -ntp install -DskipTests > target/demo-build.log 2>&1 || { tail -40 target/demo-build.log; exit 1; }
mvn -B -ntp -q -pl sample-app dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
ORT_JAR=$(cat sample-app/target/classpath.txt)
export ORT_DISABLE_TELEMETRY=1
export OTEL_TRACES_EXPORTER="${OTEL_TRACES_EXPORTER:-console}"
export OTEL_METRICS_EXPORTER="${OTEL_METRICS_EXPORTER:-console}"
export OTEL_LOGS_EXPORTER="${OTEL_LOGS_EXPORTER:-none}"
export OTEL_METRIC_EXPORT_INTERVAL="${OTEL_METRIC_EXPORT_INTERVAL:-60000}"
exec java -javaagent:agent/target/inferscope-agent.jar \
  -cp "sample-app/target/classes:${ORT_JAR}" \
  io.inferscope.sample.ScoringApp sample-app/models/scorer.onnx "${1:-20}"
