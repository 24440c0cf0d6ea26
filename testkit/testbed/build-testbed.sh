#!/usr/bin/env bash
# Builds the Kubernetes test bed binaries (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kwok) from their Go modules through the Go module proxy, and caches them
# by version outside the repository so only the first run pays for the build.
#
#   testkit/testbed/build-testbed.sh          # build what is missing, print the bin directory
#   WIMIGRATE_TESTBED_CACHE=/some/dir ...     # cache root (default ~/.cache/wimigrate/testbed)
#
# The last line printed on stdout is the directory holding the binaries.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
k8s_version="v1.34.4"
etcd_version="v3.6.4"
kwok_version="v0.7.0"
cache_root="${WIMIGRATE_TESTBED_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wimigrate/testbed}"
bin_dir="$cache_root/k8s-${k8s_version}_etcd-${etcd_version}_kwok-${kwok_version}"

log() { printf '[testbed %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

command -v go >/dev/null || { log "Go is required to build the Kubernetes test bed (https://go.dev/dl/)"; exit 1; }
mkdir -p "$bin_dir"
# One builder at a time: a second caller (another test JVM, the CI script) waits, then finds
# everything cached.
if command -v flock >/dev/null; then
  exec 9>"$cache_root/.build.lock"
  flock 9
fi

k8s_ldflags="-s -w \
 -X k8s.io/component-base/version.gitVersion=${k8s_version} \
 -X k8s.io/component-base/version.gitMajor=$(echo "$k8s_version" | sed -E 's/^v([0-9]+)\..*/\1/') \
 -X k8s.io/component-base/version.gitMinor=$(echo "$k8s_version" | sed -E 's/^v[0-9]+\.([0-9]+)\..*/\1/') \
 -X k8s.io/component-base/version.gitTreeState=clean \
 -X k8s.io/client-go/pkg/version.gitVersion=${k8s_version}"

build() { # name, module dir, package, ldflags
  local name="$1" dir="$2" pkg="$3" ldflags="$4"
  if [ -x "$bin_dir/$name" ]; then log "$name: cached"; return; fi
  log "$name: building $pkg (first run only; several minutes on 2 cores)"
  local start=$SECONDS
  (cd "$dir" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$bin_dir/$name.tmp" "$pkg")
  mv "$bin_dir/$name.tmp" "$bin_dir/$name"
  log "$name: built in $((SECONDS - start)) s"
}

total=$SECONDS
build etcd "$here/go/etcd" . "-s -w"
build kube-apiserver "$here/go/k8s" k8s.io/kubernetes/cmd/kube-apiserver "$k8s_ldflags"
build kube-controller-manager "$here/go/k8s" k8s.io/kubernetes/cmd/kube-controller-manager "$k8s_ldflags"
build kube-scheduler "$here/go/k8s" k8s.io/kubernetes/cmd/kube-scheduler "$k8s_ldflags"
if [ ! -x "$bin_dir/kwok" ]; then
  log "kwok: building sigs.k8s.io/kwok/cmd/kwok@${kwok_version}"
  start=$SECONDS
  GOBIN="$bin_dir" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@${kwok_version}"
  log "kwok: built in $((SECONDS - start)) s"
else
  log "kwok: cached"
fi
log "test bed ready in $((SECONDS - total)) s: $bin_dir"
echo "$bin_dir"
