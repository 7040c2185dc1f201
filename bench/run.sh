#!/usr/bin/env bash
# End-to-end benchmarks of the Java stack against js-libp2p (see BENCHMARKS.md).
#
#   bench/run.sh [--quick] [--runs N] [--out DIR] [--only reqresp,perf,connsetup,memory,iperf,shipped]
#                [--pairs Java-Java,js-js,Java-js,js-Java]
#
# Builds bench/target/benchmarks.jar and node-app/target/subnet-node.jar, installs iperf3 (Debian
# package) and the js peer's npm dependencies when missing, then runs the runner. Results go to
# bench/target/e2e/results.{json,md} unless --out says otherwise.
# BENCH_SKIP_BUILD=1 reuses an existing jar; BENCH_JAVA_OPTS adds JVM options
# to the Java peers (e.g. -XX:StartFlightRecording=...).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 || ! -f bench/target/benchmarks.jar ]]; then
  # node-app too: the "shipped" scenario runs its subnet-node.jar as a user would.
  ./mvnw -B -q -pl bench,node-app -am package -DskipTests
fi

if ! command -v iperf3 >/dev/null 2>&1; then
  echo "installing iperf3 (Debian package)" >&2
  SUDO=""
  [[ "$(id -u)" != 0 ]] && SUDO="sudo"
  $SUDO apt-get install -y --no-install-recommends iperf3 >/dev/null \
    || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y --no-install-recommends iperf3 >/dev/null; }
fi

JS=interop/js-peer
if [[ ! -f "$JS/node_modules/.package-lock.json" || "$JS/package-lock.json" -nt "$JS/node_modules/.package-lock.json" ]]; then
  (cd "$JS" && npm ci --no-audit --no-fund >&2)
fi

exec "$JAVA" -cp bench/target/benchmarks.jar org.subnetp2p.bench.e2e.Runner "$@"
