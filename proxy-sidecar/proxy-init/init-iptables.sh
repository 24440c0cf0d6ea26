#!/bin/sh
# proxy-init: send the pod's IMDS traffic (TCP to 169.254.169.254:80) to the wimigrate proxy
# sidecar, except the proxy's own traffic (its UID), which must reach the real IMDS.
#
# Rules (table nat), the same as Azure Workload Identity's proxy-init:
#   OUTPUT              -d $METADATA_IP/32 -p tcp --dport $METADATA_PORT -j AZWI_PROXY_OUTPUT
#   AZWI_PROXY_OUTPUT   -m owner --uid-owner $PROXY_UID -j ACCEPT
#   AZWI_PROXY_OUTPUT   -j AZWI_PROXY_REDIRECT
#   AZWI_PROXY_REDIRECT -p tcp -j REDIRECT --to-ports $PROXY_PORT
#
# Unlike the reference script, the rules are applied in one iptables-restore transaction and the
# script is idempotent: running it again replaces the two chains' contents and any earlier jump
# from OUTPUT, so the result is always exactly the rule set above.
#
# Environment (defaults): PROXY_PORT (8000), METADATA_IP (169.254.169.254), METADATA_PORT (80),
# PROXY_UID (1501), IPTABLES_MODE (auto | nft | legacy), DRY_RUN (false).
# Usage: init-iptables.sh [--dry-run] [--help]
# Exit status: 0 applied (or printed), 1 iptables failed, 2 invalid configuration or usage.
set -eu

PROG=proxy-init
OUTPUT_CHAIN=AZWI_PROXY_OUTPUT
REDIRECT_CHAIN=AZWI_PROXY_REDIRECT

die() {
  status=$1
  shift
  printf '%s: %s\n' "$PROG" "$*" >&2
  exit "$status"
}

usage() {
  cat <<'EOF'
Usage: init-iptables.sh [--dry-run] [--help]

Redirects TCP to METADATA_IP:METADATA_PORT to 127.0.0.1:PROXY_PORT in this network namespace,
except connections made by PROXY_UID. Needs root and NET_ADMIN (the init container's
securityContext gives both).

  --dry-run   print the iptables-restore input that would be applied, change nothing
              (same as DRY_RUN=true)

Environment: PROXY_PORT (8000), METADATA_IP (169.254.169.254), METADATA_PORT (80),
PROXY_UID (1501), IPTABLES_MODE (auto|nft|legacy, default auto), DRY_RUN (false)
EOF
}

# is_uint VALUE: a non-empty string of decimal digits without a leading zero (or "0")
is_uint() {
  case $1 in
    '' | *[!0-9]*) return 1 ;;
    0) return 0 ;;
    0*) return 1 ;;
  esac
  [ ${#1} -le 10 ]
}

check_port() {
  name=$1
  value=$2
  if ! is_uint "$value" || [ "$value" -lt 1 ] || [ "$value" -gt 65535 ]; then
    die 2 "$name=$value is not a port number between 1 and 65535"
  fi
}

check_ipv4() {
  name=$1
  value=$2
  case $value in
    *[!0-9.]* | .* | *. | *..*) die 2 "$name=$value is not an IPv4 address" ;;
  esac
  old_ifs=$IFS
  IFS=.
  # shellcheck disable=SC2086
  set -- $value
  IFS=$old_ifs
  [ $# -eq 4 ] || die 2 "$name=$value is not an IPv4 address"
  for octet in "$@"; do
    if ! is_uint "$octet" || [ "$octet" -gt 255 ]; then
      die 2 "$name=$value is not an IPv4 address"
    fi
  done
}

DRY_RUN=${DRY_RUN:-false}
case $DRY_RUN in
  true | 1 | yes) DRY_RUN=true ;;
  false | 0 | no) DRY_RUN=false ;;
  *) die 2 "DRY_RUN=$DRY_RUN is not true or false" ;;
esac
for arg in "$@"; do
  case $arg in
    --dry-run) DRY_RUN=true ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) die 2 "unknown argument '$arg' (see --help)" ;;
  esac
done

PROXY_PORT=${PROXY_PORT:-8000}
METADATA_IP=${METADATA_IP:-169.254.169.254}
METADATA_PORT=${METADATA_PORT:-80}
PROXY_UID=${PROXY_UID:-1501}
IPTABLES_MODE=${IPTABLES_MODE:-auto}

check_port PROXY_PORT "$PROXY_PORT"
check_port METADATA_PORT "$METADATA_PORT"
check_ipv4 METADATA_IP "$METADATA_IP"
if ! is_uint "$PROXY_UID" || [ "$PROXY_UID" -gt 4294967294 ]; then
  die 2 "PROXY_UID=$PROXY_UID is not a numeric user id"
fi
if [ "$PROXY_UID" -eq 0 ]; then
  die 2 "PROXY_UID=0: the proxy must not run as root (exempting UID 0 would exempt every root process)"
fi
case $IPTABLES_MODE in
  auto | nft | legacy) ;;
  *) die 2 "IPTABLES_MODE=$IPTABLES_MODE is not auto, nft or legacy" ;;
esac

# The jump from OUTPUT, in iptables-save's canonical form (so a re-run can find it).
jump_rule() {
  printf -- '-d %s/32 -p tcp -m tcp --dport %s -j %s' "$METADATA_IP" "$METADATA_PORT" "$OUTPUT_CHAIN"
}

# rules [STALE_JUMPS]: the iptables-restore --noflush input. Declaring a user chain flushes it;
# STALE_JUMPS are "-D OUTPUT ..." lines removing jumps left by an earlier run.
rules() {
  printf '# wimigrate proxy-init: PROXY_PORT=%s METADATA_IP=%s METADATA_PORT=%s PROXY_UID=%s\n' \
    "$PROXY_PORT" "$METADATA_IP" "$METADATA_PORT" "$PROXY_UID"
  printf '*nat\n'
  printf ':%s - [0:0]\n' "$OUTPUT_CHAIN"
  printf ':%s - [0:0]\n' "$REDIRECT_CHAIN"
  if [ -n "${1:-}" ]; then
    printf '%s\n' "$1"
  fi
  printf -- '-A %s -p tcp -j REDIRECT --to-ports %s\n' "$REDIRECT_CHAIN" "$PROXY_PORT"
  printf -- '-A %s -m owner --uid-owner %s -j ACCEPT\n' "$OUTPUT_CHAIN" "$PROXY_UID"
  printf -- '-A %s -j %s\n' "$OUTPUT_CHAIN" "$REDIRECT_CHAIN"
  printf -- '-A OUTPUT %s\n' "$(jump_rule)"
  printf 'COMMIT\n'
}

if [ "$DRY_RUN" = true ]; then
  rules
  exit 0
fi

# Pick the iptables variant. auto: the one that already holds nat rules in this network
# namespace (another init container, e.g. a service mesh, may have used legacy), else the
# system default "iptables".
has_nat_rules() {
  "$1" -t nat 2>/dev/null | grep -q '^-A '
}
command -v iptables-restore >/dev/null 2>&1 ||
  command -v iptables-nft-restore >/dev/null 2>&1 ||
  command -v iptables-legacy-restore >/dev/null 2>&1 ||
  die 1 "iptables-restore not found: install iptables (the proxy-init image has it)"
case $IPTABLES_MODE in
  nft) variant=iptables-nft ;;
  legacy) variant=iptables-legacy ;;
  auto)
    variant=iptables
    if command -v iptables-legacy-save >/dev/null 2>&1 && command -v iptables-nft-save >/dev/null 2>&1; then
      if has_nat_rules iptables-legacy-save && ! has_nat_rules iptables-nft-save; then
        variant=iptables-legacy
      fi
    fi
    ;;
esac
command -v "$variant-restore" >/dev/null 2>&1 || die 1 "$variant-restore not found (IPTABLES_MODE=$IPTABLES_MODE)"

if ! current=$("$variant-save" -t nat 2>&1); then
  die 1 "cannot read the nat table with $variant-save: $current
(the container needs to run as root with the NET_ADMIN capability, in the pod's own network namespace: hostNetwork pods are not supported)"
fi
stale=$(printf '%s\n' "$current" | grep -E "^-A OUTPUT .*-j $OUTPUT_CHAIN\$" | sed 's/^-A /-D /' || true)

if ! result=$(rules "$stale" | "$variant-restore" --noflush 2>&1); then
  die 1 "$variant-restore failed: $result
(the container needs to run as root with the NET_ADMIN capability; the kernel needs the nat table, REDIRECT and owner match)"
fi

printf '%s: TCP to %s:%s now goes to port %s, except from UID %s (%s)\n' \
  "$PROG" "$METADATA_IP" "$METADATA_PORT" "$PROXY_PORT" "$PROXY_UID" "$variant"
"$variant-save" -t nat 2>/dev/null | grep -E "^(:|-A )(OUTPUT|$OUTPUT_CHAIN|$REDIRECT_CHAIN)( |\$)" | grep -v '^:OUTPUT' || true
