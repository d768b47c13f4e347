#!/usr/bin/env bash
# The main job, one command from a fresh clone: build the agent and the sample application, start a
# Zipkin server, run the application with the agent attached while it sends itself mixed traffic
# (ONNX Runtime, DJL, openai-java, LangChain4j against a built-in fake LLM; a few genuinely slow
# calls), then print what the back ends received: spans per library, latency per model, and the
# anomalies the sampler flagged, with links into the Zipkin UI. Nothing is downloaded at run time.
#
# Usage: ./demo.sh [--keep] [--requests N]
#   --keep          keep Zipkin and the application running after the summary, until Ctrl-C
#   --requests N    requests of generated traffic (default 3000, about 20 s)
# Ports on 127.0.0.1, from the environment: ZIPKIN_PORT (9411), METRICS_PORT (9464), APP_PORT (0: any free).
# Extra Maven options (e.g. -o for offline): MVN_OPTS.
set -euo pipefail
cd "$(dirname "$0")"

LOG_DIR=target/demo
ZIPKIN_PORT=${ZIPKIN_PORT:-9411}
METRICS_PORT=${METRICS_PORT:-9464}
APP_PORT=${APP_PORT:-0}
KEEP=false
REQUESTS=3000
SERVICE=sample-app
PIDS=()

say() { echo "[demo] $*"; }
die() { echo "[demo] $*" >&2; exit 1; }
usage() { sed -n '8,12s/^# \{0,1\}//p' "$0"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --keep) KEEP=true ;;
    --requests)
      [ $# -ge 2 ] || { echo "demo.sh: --requests needs a number" >&2; usage >&2; exit 2; }
      REQUESTS=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "demo.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
[[ "$REQUESTS" =~ ^[0-9]+$ ]] && [ "$REQUESTS" -ge 1 ] && [ "$REQUESTS" -le 1000000 ] \
  || { echo "demo.sh: --requests must be a whole number from 1 to 1000000, not '$REQUESTS'" >&2; exit 2; }

# Stops what this script started, by process id only: on success, failure and Ctrl-C alike. A JVM
# gets SIGTERM first, so the agent's last export runs; what is still alive after 10 s is killed.
cleanup() {
  trap - EXIT INT TERM
  [ ${#PIDS[@]} -gt 0 ] || return 0
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'echo; say "interrupted; stopping what the demo started"; exit 130' INT TERM

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

check_port() { # name, port, variable that sets it
  [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -le 65535 ] || die "$3 must be a port number, not '$2'"
  if [ "$2" -ne 0 ] && listening "$2"; then
    die "port $2 on 127.0.0.1 ($1) is already in use, perhaps by an earlier demo still running (./demo.sh --keep)."\
" Stop it, or choose another port, e.g. $3=$(( $2 + 10000 )) ./demo.sh"
  fi
}

# --- prerequisites and ports, checked before the build so that a mistake costs no time
command -v java >/dev/null || die "java not found: install JDK 17 or later"
command -v mvn >/dev/null || die "mvn not found: install Maven 3.8 or later"
JAVA_MAJOR=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
[ "${JAVA_MAJOR:-0}" -ge 17 ] || die "java is version ${JAVA_MAJOR:-unknown}; the demo needs 17 or later"
check_port Zipkin "$ZIPKIN_PORT" ZIPKIN_PORT
check_port "the agent's Prometheus endpoint" "$METRICS_PORT" METRICS_PORT
check_port "the sample application" "$APP_PORT" APP_PORT
mkdir -p "$LOG_DIR"

# --- build: the agent jar, the application and its class path, the Zipkin server jar (profile demo)
say "building the agent and the sample application (log: $LOG_DIR/build.log) ..."
# shellcheck disable=SC2086 # MVN_OPTS is a list of options
if ! mvn -B -ntp ${MVN_OPTS:-} -Pdemo -pl agent,sample-app -am install -DskipTests > "$LOG_DIR/build.log" 2>&1; then
  echo "[demo] the build failed; the end of $LOG_DIR/build.log:" >&2
  tail -40 "$LOG_DIR/build.log" >&2
  exit 1
fi
CLASSPATH_FILE=sample-app/target/classpath.txt
APP_CP="sample-app/target/classes:$(cat "$CLASSPATH_FILE")"

# --- Zipkin: in-memory storage, listening on 127.0.0.1 only
say "starting Zipkin on http://127.0.0.1:$ZIPKIN_PORT (log: $LOG_DIR/zipkin.log) ..."
java -Xmx512m -jar sample-app/target/demo/zipkin-server.jar \
  '--armeria.ports[0].ip=127.0.0.1' "--armeria.ports[0].port=$ZIPKIN_PORT" '--armeria.ports[0].protocols[0]=http' \
  > "$LOG_DIR/zipkin.log" 2>&1 &
ZIPKIN_PID=$!
PIDS+=("$ZIPKIN_PID")
for _ in $(seq 1 120); do
  listening "$ZIPKIN_PORT" && break
  kill -0 "$ZIPKIN_PID" 2>/dev/null || { tail -20 "$LOG_DIR/zipkin.log" >&2; die "Zipkin exited during start-up (above: the end of its log)"; }
  sleep 0.5
done
listening "$ZIPKIN_PORT" || die "Zipkin did not open port $ZIPKIN_PORT within 60 s; see $LOG_DIR/zipkin.log"

# --- the application under the OpenTelemetry Java agent with InferScope as its extension: one trace per
# request, from the agent's SERVER span to InferScope's inference and GenAI spans, to Zipkin through the
# anomaly-flagging sampler (normal traces kept with probability 0.1, flagged ones whole), metrics on the
# Prometheus endpoint. The agent's JDK HttpClient instrumentation is off so that the application's own
# traffic generator (it stands for outside callers) does not open each trace: a trace starts at the
# SERVER span, as it would in production. -Dsun.net.httpserver.nodelay: the application sets it itself,
# but the Prometheus endpoint starts the JDK's HTTP server first, which freezes that setting.
# INFERSCOPE_DRIFT_SAMPLE_ONE_IN=1: every prediction is inspected for drift (the default is one in ten), so
# that the demo's few thousand requests fill the drift windows and the traffic's input drift is flagged.
say "starting the sample application under the OpenTelemetry Java agent with InferScope as its extension, sending $REQUESTS requests (log: $LOG_DIR/app.log) ..."
env ORT_DISABLE_TELEMETRY=1 DJL_OFFLINE=true OPT_OUT_TRACKING=true DJL_CACHE_DIR="$PWD/sample-app/target/djl-cache" \
  OTEL_SERVICE_NAME="$SERVICE" \
  OTEL_TRACES_EXPORTER=zipkin OTEL_EXPORTER_ZIPKIN_ENDPOINT="http://127.0.0.1:$ZIPKIN_PORT/api/v2/spans" \
  OTEL_METRICS_EXPORTER=prometheus OTEL_EXPORTER_PROMETHEUS_HOST=127.0.0.1 OTEL_EXPORTER_PROMETHEUS_PORT="$METRICS_PORT" \
  OTEL_LOGS_EXPORTER=none OTEL_TRACES_SAMPLER=inferscope_anomaly OTEL_TRACES_SAMPLER_ARG=0.1 OTEL_BSP_SCHEDULE_DELAY=500 \
  OTEL_INSTRUMENTATION_JAVA_HTTP_CLIENT_ENABLED=false \
  INFERSCOPE_DRIFT_SAMPLE_ONE_IN=1 \
  java -Dsun.net.httpserver.nodelay=true -javaagent:sample-app/target/demo/opentelemetry-javaagent.jar \
  -Dotel.javaagent.extensions=agent/target/inferscope-agent.jar -cp "$APP_CP" \
  io.inferscope.sample.SampleApp --port "$APP_PORT" --traffic "$REQUESTS" --concurrency 3 \
  > "$LOG_DIR/app.log" 2>&1 &
APP_PID=$!
PIDS+=("$APP_PID")

# Show the application's own lines as they come, until its traffic is done.
shown=0
deadline=$(( SECONDS + 600 ))
until grep -q '^\[traffic\] done' "$LOG_DIR/app.log"; do
  lines=$(wc -l < "$LOG_DIR/app.log")
  sed -n "$((shown + 1)),${lines}p" "$LOG_DIR/app.log" | grep -E '^\[(sample-app|traffic|inferscope)\]' || true
  shown=$lines
  if ! kill -0 "$APP_PID" 2>/dev/null; then
    tail -30 "$LOG_DIR/app.log" >&2
    die "the application exited before its traffic was done (above: the end of its log)"
  fi
  [ $SECONDS -lt $deadline ] || die "the traffic took more than 10 minutes; see $LOG_DIR/app.log"
  sleep 1
done
sleep 1 # the last lines and the last batch of spans (exported every 500 ms)
sed -n "$((shown + 1)),\$p" "$LOG_DIR/app.log" | grep -E '^\[(sample-app|traffic|inferscope)\]' || true
APP_URL=$(sed -n 's/^\[sample-app\] listening on \(http[^ ]*\).*/\1/p' "$LOG_DIR/app.log" | head -1)

# --- the summary, from what Zipkin and the Prometheus endpoint received
java -cp "$APP_CP" io.inferscope.sample.report.DemoReport --zipkin "http://127.0.0.1:$ZIPKIN_PORT" \
  --metrics "http://127.0.0.1:$METRICS_PORT/metrics" --service "$SERVICE" || true

echo "Where to look"
echo "  Zipkin UI           http://127.0.0.1:$ZIPKIN_PORT/zipkin/  (service $SERVICE)"
echo "  Prometheus metrics  http://127.0.0.1:$METRICS_PORT/metrics  (the agent's endpoint, in the application)"
echo "  application         $APP_URL  (POST /score, /classify, /ask, /embed)"
echo "  logs                $LOG_DIR/app.log, $LOG_DIR/zipkin.log, $LOG_DIR/build.log"
echo
if $KEEP; then
  say "Zipkin and the application keep running; press Ctrl-C to stop both. For example:"
  echo "  curl -s -X POST $APP_URL/classify -d '{\"customer\":\"someone-new\",\"transactions\":[[1,2,3,4]]}'"
  echo "  curl -s -X POST $APP_URL/ask -d '{\"question\":\"Why was my payment declined?\",\"stream\":true}'"
  wait "$APP_PID" || true
  say "the application exited"
else
  say "stopping the application and Zipkin. Zipkin keeps traces in memory, so the links above work only"
  say "while it runs: ./demo.sh --keep keeps both running until Ctrl-C."
fi
