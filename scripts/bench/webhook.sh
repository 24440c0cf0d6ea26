#!/bin/sh
# Benchmarks the workload identity webhook (docs/benchmarks.md, section "Webhook").
# Packages the webhook with the test kit from this checkout (-am, tests skipped) and writes its test
# class path; then, outside the Maven lock, runs dev.wimigrate.webhook.bench.WebhookBenchmark. That
# starts the test kit's kube-apiserver (the webhook reads service accounts from it) and, once per
# run, the packaged webhook, which it calls directly over HTTPS with AdmissionReview v1 bodies.
# Not a test: nothing asserts on time. Prints the machine, each run, the medians and ranges.
#
# Usage: scripts/bench/webhook.sh [--runs=5] [--warmup=1000] [--requests=2000]
#                                 [--throughput-seconds=10] [--clients=4]
# Environment: MVN_FLAGS (extra Maven flags, e.g. -o); WIMIGRATE_MVN_LOCK (the lock file that
#              serialises Maven runs on a shared machine, default /tmp/wimigrate-mvn.lock).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
module=proxy-sidecar/webhook
classpath_file=$(mktemp)
trap 'rm -f "$classpath_file"' EXIT

# The module comes last in the reactor, so its class path is the one left in the file.
# shellcheck disable=SC2086
(cd "$root" && flock "${WIMIGRATE_MVN_LOCK:-/tmp/wimigrate-mvn.lock}" \
  ./mvnw -B -q ${MVN_FLAGS:-} -pl "$module" -am package dependency:build-classpath \
  -DskipTests -Dspotless.skip=true -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file")

cd "$root/$module"
exec java -cp "target/test-classes:target/classes:$(cat "$classpath_file")" \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  dev.wimigrate.webhook.bench.WebhookBenchmark "$@"
