#!/bin/sh
# Runs inside a throw-away network namespace (unshare -n, as root): applies proxy-init twice (the
# second time with another port, to prove idempotency), then checks where connections to the
# metadata address end up: an app's connection must reach the "proxy" listener, the proxy UID's
# connection the "imds" listener. Prints key=value lines for the JUnit test.
# Usage: netns-redirect-check.sh <init-iptables.sh> <proxy uid> <python3>
set -eu
script=$1
uid=$2
python=$3
work=$(mktemp -d)
trap 'kill "$servers" 2>/dev/null || true; rm -rf "$work"' EXIT

ip link set lo up
ip addr add 169.254.169.254/32 dev lo

echo "first-run-status=$(PROXY_PORT=18001 PROXY_UID="$uid" sh "$script" >"$work/first.out" 2>&1; echo $?)"
echo "second-run-status=$(PROXY_PORT=18000 PROXY_UID="$uid" sh "$script" >"$work/second.out" 2>&1; echo $?)"
iptables-save -t nat 2>/dev/null | sed 's/^/saved: /'

"$python" - "$work/ready" <<'PY' &
import http.server, sys, threading

def serve(address, answer):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(address, Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

serve(("127.0.0.1", 18000), b"proxy")
serve(("169.254.169.254", 80), b"imds")
open(sys.argv[1], "w").close()
threading.Event().wait()
PY
servers=$!
i=0
while [ ! -f "$work/ready" ]; do
  i=$((i + 1))
  [ "$i" -lt 100 ] || { echo "servers-started=false"; exit 1; }
  sleep 0.1
done
echo "app-reached=$(curl -sS --max-time 5 http://169.254.169.254/metadata/identity/oauth2/token 2>&1)"
echo "proxy-uid-reached=$(setpriv --reuid="$uid" --regid="$uid" --clear-groups curl -sS --max-time 5 http://169.254.169.254/metadata/instance 2>&1)"
