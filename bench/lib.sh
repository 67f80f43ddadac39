# Shared by the HTTP benchmarks (bench/listener.sh, handoff.sh, window.sh): the wrk load, and
# starting a server, measuring its rate, stopping it. Source it after setting $top and
# $seconds; it makes $tmp, sets $url and keeps started PIDs in $pids (stopped on EXIT).

connections=${CONNECTIONS:-32}
threads=${THREADS:-2}
export SEED=${SEED:-$top/data/samples/event_invitation_created.json}
script=${SCRIPT:-$top/bench/post.lua}
tmp=$(mktemp -d)

command -v wrk >/dev/null || { echo "wrk is not installed (apt install wrk)" >&2; exit 2; }
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# Starts "$@", waits for its "Listening on URL" line, sets $url.
start() {
  local out=$tmp/out.$RANDOM
  "$@" >"$out" 2>"$out.err" &
  pids+=($!)
  for _ in $(seq 100); do
    if head -n1 "$out" 2>/dev/null | grep -q '^Listening on '; then
      url=$(head -n1 "$out" | sed 's/^Listening on //')
      return 0
    fi
    sleep 0.05
  done
  echo "server did not start: $*" >&2
  cat "$out.err" >&2
  return 1
}

# Prints the requests per second wrk measured against $1 (wrk's own report goes to stderr).
rate() {
  wrk --latency -t"$threads" -c"$connections" -d"${seconds}s" -s "$script" "$1" \
    | tee "$tmp/wrk.txt" >&2
  awk '/^Requests\/sec:/ { print $2 }' "$tmp/wrk.txt"
}

stop_last() {
  local p=${pids[-1]}
  kill -TERM "$p"; wait "$p" || true
  unset 'pids[-1]'
}
