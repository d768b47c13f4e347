#!/usr/bin/env bash
# Takes the README's Zipkin screenshots (docs/images/zipkin-*.png): a real Zipkin server (3.6.1, the jar the
# test build copies), three applications with the agent exporting to it (ONNX Runtime; DJL on ONNX Runtime;
# an LLM client calling the tests' fake LLM server), then headless Chromium photographs a DJL prediction's
# trace, a streamed chat's trace and the search page. Nothing leaves this machine.
#
# Needs Debian's chromium, which this script does not install:
#   apt-get install -y --no-install-recommends chromium
# Usage: docs/screenshot.sh [OUTPUT_FOLDER]   (default docs/images)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-docs/images}")

if ! command -v chromium >/dev/null; then
  echo "docs/screenshot.sh needs chromium: apt-get install -y --no-install-recommends chromium" >&2
  exit 1
fi

agent_jar=agent/target/inferscope-agent.jar
# Build the agent only when its jar is missing or older than its sources: a build takes a while.
if [[ ! -f $agent_jar || -n $(find agent/src agent/pom.xml -newer "$agent_jar" -print -quit) ]]; then
  mvn -B -ntp -q -pl agent -am install -DskipTests
fi
# Compiling the tests also copies Zipkin's server jar and DJL's ONNX Runtime engine set into agent-tests/target.
(cd agent-tests && mvn -B -ntp -q test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/screenshot-classpath.txt)

cd agent-tests
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
"$java" -Dinferscope.agent.jar="$PWD/../$agent_jar" \
  -Dinferscope.zipkin.server.jar="$PWD/target/backends/zipkin-server.jar" \
  -Dinferscope.djl.onnxruntime.libs="$PWD/target/djl-onnxruntime-libs" \
  -cp "target/test-classes:$(cat target/screenshot-classpath.txt)" \
  io.inferscope.tests.backends.ZipkinScreenshots "$out"
