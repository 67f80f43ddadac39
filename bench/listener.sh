#!/usr/bin/env bash
# Throughput and latency of `hookscope --headless` against the cheapest possible libsoup3
# server and against a Python stdlib catcher that commits each request before answering.
#
# Usage: bench/listener.sh [BUILD_DIR] [SECONDS]      (default _build, 10)
# ROUNDS=N runs the three servers N times, alternating (default 2), so that a machine whose
# speed drifts treats them alike. Needs wrk (Debian package "wrk"). Posts the seed payload with
# 32 connections on loopback to (a) bench/bare-server (answers 200, stores nothing), (b)
# hookscope --headless with a fresh database and (c) bench/python-reference.py; prints each
# rate, p50 and p99 latency, and the ratios (targets: headless >= 0.75 x bare, >= 3.5 x Python,
# p99 < 5 ms). After each headless run it checks that every 2xx wrk got is stored.
# SCRIPT=bench/post-unique.lua posts a fresh event and invitation id in every request instead
# of the same bytes (no duplicates: every delivery creates an event and an invitation).
# When nginx is installed (bench only: apt install nginx-light), it runs too, answering 200.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build}
seconds=${2:-10}
rounds=${ROUNDS:-2}
. "$top/bench/lib.sh"

p50() { awk '$1 == "50%" { print $2 }' "$tmp/wrk.txt"; }
p99() { awk '$1 == "99%" { print $2 }' "$tmp/wrk.txt"; }

# nginx answering 200 to every request (it reads and discards the body), when installed: a
# production HTTP server's floor on this machine, for the README's table. One worker, as
# Hookscope's listener is one thread.
nginx_bin=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)
start_nginx() {
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$tmp/nginx"
  cat > "$tmp/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $tmp/nginx/nginx.pid;
error_log stderr error;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body;
  client_max_body_size 10m;
  server { listen 127.0.0.1:$port; location / { return 200 "ok"; } }
}
EOF
  start sh -c "echo Listening on http://127.0.0.1:$port/; exec $nginx_bin -p $tmp/nginx -c $tmp/nginx/nginx.conf"
}
ok_count() {
  awk '/requests in/ { total = $1 } /Non-2xx/ { bad = $NF } END { print total - bad }' \
    "$tmp/wrk.txt"
}

for round in $(seq "$rounds"); do
  start "$build/bench/bare-server" 0
  bare=$(rate "$url"); bare_p50=$(p50); bare_p99=$(p99)
  stop_last

  rm -f "$tmp/bench.db"*
  start "$build/src/hookscope" --headless --listen 127.0.0.1:0 --db "$tmp/bench.db"
  hs=$(rate "$url"); hs_p50=$(p50); hs_p99=$(p99); acked=$(ok_count)
  stop_last
  stored=$("$build/src/hookscope" list --db "$tmp/bench.db" --limit 0 --json \
             | grep -c '"id"' || true)

  rm -f "$tmp/py.db"*
  start /usr/bin/python3 "$top/bench/python-reference.py" "$tmp/py.db"
  py=$(rate "$url"); py_p50=$(p50); py_p99=$(p99)
  stop_last

  ng="" ng_p50="" ng_p99=""
  if [ -n "$nginx_bin" ]; then
    start_nginx
    ng=$(rate "$url"); ng_p50=$(p50); ng_p99=$(p99)
    stop_last
  fi

  printf 'round %s\n' "$round"
  printf '  bare libsoup3 server:  %8s req/s  p50 %s  p99 %s\n' "$bare" "$bare_p50" "$bare_p99"
  printf '  hookscope --headless:  %8s req/s  p50 %s  p99 %s  (%s answered 2xx, %s stored)\n' \
    "$hs" "$hs_p50" "$hs_p99" "$acked" "$stored"
  printf '  python stdlib+sqlite3: %8s req/s  p50 %s  p99 %s\n' "$py" "$py_p50" "$py_p99"
  [ -z "$ng" ] || printf '  nginx (return 200):    %8s req/s  p50 %s  p99 %s\n' "$ng" "$ng_p50" "$ng_p99"
  awk -v a="$hs" -v b="$bare" -v c="$py" \
    'BEGIN { printf "  headless / bare: %.2f (target >= 0.75)   headless / python: %.1f (target >= 3.5)\n", a / b, a / c }'
  if [ "$stored" -lt "$acked" ]; then
    echo "  FAIL: $acked deliveries were answered 2xx but only $stored are stored" >&2
    exit 1
  fi
done
