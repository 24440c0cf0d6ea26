#!/usr/bin/env bash
# Checks (and on Debian/Ubuntu as root, installs) what building and testing wimigrate needs:
# a JDK 17+ and Go 1.24+ (Go builds the Kubernetes test bed), iptables and iproute2 (proxy-init
# test), Python 3 with venv (the proxy's old-SDK test), Prometheus (the dashboard's test), and builds
# Helm 3 (the charts' test).
# Maven comes through ./mvnw.
set -euo pipefail

log() { printf '[prerequisites] %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
apt_install() {
  if [ "$(id -u)" = 0 ] && have apt-get; then
    log "installing $*"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    log "please install: $*"; exit 1
  fi
}

java_major() { java -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -1; }
if ! have java || [ "$(java_major)" -lt 17 ]; then
  apt_install openjdk-17-jdk-headless
fi
log "java $(java_major)"

go_minor() { go env GOVERSION 2>/dev/null | sed -nE 's/^go1\.([0-9]+).*/\1/p'; }
if ! have go || [ "$(go_minor)" -lt 24 ]; then
  log "Go 1.24 or newer is required to build the Kubernetes test bed (found: $(go version 2>/dev/null || echo none))"
  log "install it from your distribution or https://go.dev/dl/ and re-run"
  exit 1
fi
log "$(go version)"
for tool in curl unzip; do have "$tool" || apt_install "$tool"; done
# The proxy-init test applies its iptables rules in a throw-away network namespace (root, unshare -n).
have iptables-restore || apt_install iptables
have ip || apt_install iproute2
# The proxy's old-SDK test builds a Python venv (scripts/old-sdk/python-azure-identity.sh).
if ! have python3 || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  apt_install python3 python3-venv
fi
# A real Prometheus checks the Grafana dashboard's queries and the alert rules (MonitoringTest):
# Debian's package; the tests run the binary with their own configuration and data directory, so
# whether the package's own service runs does not matter.
have prometheus && have promtool || apt_install prometheus
# Helm 3 lints and renders the charts in deploy/helm (HelmChartsTest): built once from its Go module
# and cached under ~/.cache/wimigrate/tools; a cached copy is reused at once.
bash "$(dirname "${BASH_SOURCE[0]}")/install-helm.sh" >/dev/null
