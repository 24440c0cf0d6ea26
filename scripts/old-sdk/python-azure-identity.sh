#!/bin/sh
# Installs an old Python azure-identity (default 1.7.1, the last minor version before 1.8 that
# still calls IMDS by default and honours AZURE_POD_IDENTITY_AUTHORITY_HOST) into a virtualenv
# cached outside the repository, and prints the venv's python on the last line of stdout.
# Idempotent: a complete cached venv is reused at once (no network).
#
# Usage: scripts/old-sdk/python-azure-identity.sh [VERSION]
# Environment: PYTHON (python3; 3.8+ with the venv module), WIMIGRATE_CACHE (~/.cache/wimigrate),
#              and pip's own configuration (index, certificates, proxies).
# Prerequisite on Debian/Ubuntu: apt-get install -y python3 python3-venv
set -eu

version=${1:-1.7.1}
case $version in
  *[!0-9.]* | '') echo "old-sdk: '$version' is not a version number" >&2; exit 2 ;;
esac
# Versions known to install and work with azure-identity 1.7.1 on Python 3.11 (checked here);
# pinned so that runs are reproducible.
azure_core=${AZURE_CORE_VERSION:-1.41.0}
msal=${MSAL_VERSION:-1.39.0}

cache=${WIMIGRATE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wimigrate}
venv=$cache/old-sdk/python-azure-identity-$version
python=${PYTHON:-python3}

complete() {
  [ -f "$venv/.complete" ] &&
    "$venv/bin/python" -c "import azure.identity, sys; sys.exit(azure.identity.__version__ != '$version')" 2>/dev/null
}

if complete; then
  echo "$venv/bin/python"
  exit 0
fi

command -v "$python" >/dev/null 2>&1 || {
  echo "old-sdk: $python not found (set PYTHON, or install python3 and python3-venv)" >&2
  exit 1
}
mkdir -p "$cache/old-sdk"
# one installer at a time (parallel test JVMs)
exec 9>"$cache/old-sdk/.lock"
if command -v flock >/dev/null 2>&1; then
  flock 9
fi
if complete; then
  echo "$venv/bin/python"
  exit 0
fi

# (re)build; the marker file is written last, so an interrupted install is redone next time
rm -rf "$venv"
trap '[ -f "$venv/.complete" ] || rm -rf "$venv"' EXIT
echo "old-sdk: creating $venv (azure-identity $version)" >&2
"$python" -m venv "$venv" >&2 || {
  echo "old-sdk: '$python -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)" >&2
  exit 1
}
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  "azure-identity==$version" "azure-core==$azure_core" "msal==$msal" >&2 || {
  echo "old-sdk: pip could not install azure-identity==$version (is the package index reachable? see 'pip config list')" >&2
  exit 1
}
"$venv/bin/python" -m pip freeze >"$venv/requirements.lock"
touch "$venv/.complete"
echo "old-sdk: ready: $(tr '\n' ' ' <"$venv/requirements.lock")" >&2
echo "$venv/bin/python"
