#!/bin/sh
# Benchmarks the IMDS proxy sidecar (docs/benchmarks.md, section "Proxy").
# Builds the proxy and the test kit it needs (tests skipped), then runs
# dev.wimigrate.proxy.bench.ProxyBenchmark, which starts the packaged proxy once per run against the
# Azure emulator and a service-account token of the test bed's kube-apiserver.
# Not a test: nothing here asserts on time. Prints the machine, each run and the medians.
#
# Usage: scripts/bench/proxy.sh [--runs=5] [--hits=5000] [--misses=300] [--throughput-seconds=10] [--clients=4]
# Environment: MVN_FLAGS (extra Maven flags, e.g. -o), WIMIGRATE_MVN_LOCK (a lock file serialising
#              Maven runs on a shared machine; default /tmp/wimigrate-mvn.lock).
set -eu
cd "$(dirname "$0")/../.."
lock=${WIMIGRATE_MVN_LOCK:-/tmp/wimigrate-mvn.lock}
cp=$(mktemp)
trap 'rm -f "$cp"' EXIT
# -am: the proxy's test class path needs the test kit (and what it depends on) from this checkout.
# dependency:build-classpath runs in every module of the reactor; the proxy comes last and wins.
# shellcheck disable=SC2086
flock "$lock" ./mvnw -B -q ${MVN_FLAGS:-} -pl proxy-sidecar/proxy -am package \
  dependency:build-classpath -DskipTests -Dspotless.skip=true -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo)," \
  "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(java -version 2>&1 | head -1)," \
  "load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
cd proxy-sidecar/proxy
exec java -cp "target/test-classes:target/classes:$(cat "$cp")" \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  dev.wimigrate.proxy.bench.ProxyBenchmark "$@"
