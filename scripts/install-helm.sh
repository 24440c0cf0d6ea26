#!/usr/bin/env bash
# Installs the Helm 3 CLI that lints and renders the charts in deploy/helm (HelmChartsTest), built
# from its Go module through the Go module proxy and cached by version outside the repository, so
# only the first run pays for the build (a few minutes on 2 cores); later runs reuse it.
#
#   scripts/install-helm.sh                  # build if missing, print the path of the binary
#   WIMIGRATE_TOOLS_CACHE=/some/dir ...      # cache root (default ~/.cache/wimigrate/tools)
#
# The last line printed on stdout is the path of the helm binary.
set -euo pipefail

helm_version="v3.22.0"
tools_root="${WIMIGRATE_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wimigrate/tools}"
bin_dir="$tools_root/helm-${helm_version}"
helm="$bin_dir/helm"

log() { printf '[helm %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

if [ -x "$helm" ]; then
  log "cached: $helm"
  echo "$helm"
  exit 0
fi
command -v go >/dev/null || { log "Go is required to build Helm (https://go.dev/dl/)"; exit 1; }
mkdir -p "$bin_dir"
# One builder at a time; a second caller waits, then finds it cached.
if command -v flock >/dev/null; then
  exec 9>"$tools_root/.helm.lock"
  flock 9
  if [ -x "$helm" ]; then log "cached: $helm"; echo "$helm"; exit 0; fi
fi

start=$SECONDS
# As Helm's own Makefile does: its version, and the Kubernetes version that `helm template` and
# `helm lint` assume (.Capabilities.KubeVersion, deprecation checks) taken from the client-go it
# is built with; without these it would claim Kubernetes 1.20.
module_dir="$(go mod download -json "helm.sh/helm/v3@${helm_version}" | sed -nE 's/^[[:space:]]*"Dir": "(.*)",?$/\1/p')"
client_go="$(sed -nE 's/^[[:space:]]*k8s\.io\/client-go v0\.([0-9]+)\..*/\1/p' "$module_dir/go.mod" | head -1)"
[ -n "$client_go" ] || { log "cannot read the client-go version of helm ${helm_version}"; exit 1; }
ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=${helm_version}"
for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
  ldflags="$ldflags -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=${client_go}"
done

log "building helm.sh/helm/v3/cmd/helm@${helm_version} (first run only; a few minutes on 2 cores)"
tmp="$(mktemp -d "$tools_root/.helm-build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
GOBIN="$tmp" CGO_ENABLED=0 go install -trimpath -ldflags "$ldflags" "helm.sh/helm/v3/cmd/helm@${helm_version}"
mv "$tmp/helm" "$helm"
log "built in $((SECONDS - start)) s: $("$helm" version --short)"
echo "$helm"
