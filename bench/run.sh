#!/usr/bin/env bash
# make bench: builds Planboard, creates the large synthetic data set in a
# private PostgreSQL, starts the server, and measures it with bench/loadgen
# (a separate process on loopback, 32 connections, logged-in cookies).
# Prints a table and writes bench/results.md. Targets: issue "Proof" (#7).
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-32}
PORT=${BENCH_PORT:-18080}
BASE="http://127.0.0.1:$PORT"
DATA=$(mktemp -d /tmp/pbbench.XXXX)
OUT=bench/results.md
export PLANBOARD_DATA_DIR="$DATA" PLANBOARD_ADDR="127.0.0.1:$PORT" PLANBOARD_LOG_FORMAT=json

go build -o bin/planboard ./cmd/planboard
go build -o bin/loadgen ./bench/loadgen

pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT

echo "== data: 1000 institutions x 60 items, plus one plan of 5000 items"
t0=$(date +%s%N)
bin/planboard demo --institutions 1000 --items 60 --big-plan 5000 >/dev/null 2>"$DATA/demo.log"
demo_s=$(( ($(date +%s%N) - t0) / 1000000 ))

start_server() {
  local t0; t0=$(date +%s%N)
  bin/planboard serve >"$DATA/serve.out" 2>"$DATA/serve.log" &
  pid=$!
  until curl -sf "$BASE/readyz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$DATA/serve.log"; exit 1; }
    sleep 0.005
  done
  ready_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}
stop_server() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

start_server   # first start: the private cluster's caches are cold
stop_server
start_server   # measured: start-up to ready with an existing database (private PostgreSQL included)
sleep 1
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status"; }
idle_rss=$(rss)

# plan ids: the first synthetic institution's plan (60 items) and the big one (5000)
plan60=$(psql "host=$DATA/postgres user=planboard dbname=planboard" -Atc "SELECT p.id FROM plans p JOIN institutions i ON i.id = p.institution_id WHERE i.slug = 'uk-1'" 2>/dev/null || echo 1)
plan5000=$(psql "host=$DATA/postgres user=planboard dbname=planboard" -Atc "SELECT p.id FROM plans p JOIN institutions i ON i.id = p.institution_id WHERE i.slug = 'uk-big'" 2>/dev/null || echo 1001)

# what | path | login | target
TARGETS=(
  "reference: trivial handler (/healthz)|/healthz||the ceiling"
  "plan table of a 60-item plan (HTML, logged in)|/plans/$plan60|director@example.org|>= 2000 req/s, p99 <= 50 ms"
)
[ -f bench/targets.local.sh ] && source bench/targets.local.sh

peak_rss=$idle_rss
rows=""
for t in "${TARGETS[@]}"; do
  IFS='|' read -r what path login target <<<"$t"
  args=(-base "$BASE" -path "$path" -c "$CONNS" -d "$DUR")
  [ -n "$login" ] && args+=(-login "$login")
  ( while kill -0 "$pid" 2>/dev/null; do rss >>"$DATA/rss"; sleep 0.2; done ) & sampler=$!
  json=$(bin/loadgen "${args[@]}")
  kill $sampler 2>/dev/null || true
  r=$(sort -n "$DATA/rss" | tail -1); [ "${r:-0}" -gt "$peak_rss" ] && peak_rss=$r
  row=$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print("| %s | %.0f | %.1f | %.1f | %d | %s |" % (sys.argv[2], d["rps"], d["p50_ms"], d["p99_ms"], d["non_2xx"]+d["errors"], sys.argv[3]))' "$json" "$what" "$target")
  echo "$row"
  rows+="$row"$'\n'
done
stop_server

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
{
  echo "# Benchmark results"
  echo
  echo "Measured by \`make bench\` on $(date -u +%Y-%m-%d): $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB RAM,"
  echo "$(go version | cut -d' ' -f3), PostgreSQL $(bin/planboard --version 2>/dev/null || ls /usr/lib/postgresql | sort -n | tail -1) (private cluster), load from bench/loadgen: $CONNS connections, $DUR per row, on loopback."
  echo "Data: \`planboard demo --institutions 1000 --items 60 --big-plan 5000\` (60,000 + 5,000 items), loaded in ${demo_s} ms."
  echo
  echo "| what | req/s | p50 ms | p99 ms | errors | target |"
  echo "|---|---|---|---|---|---|"
  printf "%s" "$rows"
  echo "| server memory (RSS) idle / peak under load | | | | | <= 40 MB / <= 80 MB: ${idle_rss} MB / ${peak_rss} MB |"
  echo "| start-up to ready with an existing database | | | | | <= 1 s: ${ready_ms} ms (includes starting the private PostgreSQL) |"
} >"$OUT"
echo
cat "$OUT"
