#!/usr/bin/env bash
# make bench: builds Planboard, creates the large synthetic data set in a
# private PostgreSQL, starts the server, and measures it with bench/loadgen
# (a separate process on loopback, 32 connections, logged-in cookies).
# Prints a table and writes bench/results.md. Targets: issue "Proof" (#7),
# as ratios to /healthz in the same run (issue 20): absolute req/s depend on
# the machine and on what else runs on it, the ratio much less.
# Knobs: BENCH (a regular expression: only the rows whose description
# matches, plus /healthz; the sweep, memory and start-up rows only without
# it), BENCH_DURATION, BENCH_CONNECTIONS, BENCH_PPROF (an address: the
# server's pprof, e.g. 127.0.0.1:16060), BENCH_OUT (default bench/results.md;
# a filtered run writes bench/results.partial.md). The results.md being
# replaced is kept as bench/results.prev.md, and a row whose ratio fell, or
# whose p99 rose, by more than 20 % against it is flagged "WORSE".
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-32}
PORT=${BENCH_PORT:-18080}
BASE="http://127.0.0.1:$PORT"
DATA=$(mktemp -d /tmp/pbbench.XXXX)
FILTER=${BENCH:-}
if [ -n "$FILTER" ]; then OUT=${BENCH_OUT:-bench/results.partial.md}; else OUT=${BENCH_OUT:-bench/results.md}; fi
PREV=bench/results.prev.md
export PLANBOARD_DATA_DIR="$DATA" PLANBOARD_ADDR="127.0.0.1:$PORT" PLANBOARD_LOG_FORMAT=json
# The API rows measure the API, not its per-token limiter (tested in app/apiauth).
export PLANBOARD_API_RATE=1000000 PLANBOARD_API_BURST=1000000
[ -n "${BENCH_PPROF:-}" ] && export PLANBOARD_PPROF_ADDR="$BENCH_PPROF"
# the previous full run, for the comparison (a filtered run compares with results.md itself)
# (only a full run's results: a file of notes leaves the last full run as the previous one)
if [ "$OUT" = bench/results.md ] && grep -q "^Measured by" bench/results.md 2>/dev/null; then cp bench/results.md "$PREV"; fi
if [ -n "$FILTER" ] && [ -f bench/results.md ]; then PREV=bench/results.md; fi

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
sleep 3 # the start-up mail sweep over 60,000 items has finished: idle means idle
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status"; }
idle_rss=$(rss)

# plan ids: the first synthetic institution's plan (60 items), the big one
# (5000), and the second one's (60 items, its report published by the demo)
sql() { psql "host=$DATA/postgres user=planboard dbname=planboard" -Atc "$1"; }
plan_of() { sql "SELECT p.id FROM plans p JOIN institutions i ON i.id = p.institution_id WHERE i.slug = '$1'"; }
# The freshly loaded data set is vacuumed and analysed first, as a database
# in service is: otherwise autovacuum works through the 65,000 new items
# (and the change counters the load moved) during the first rows, and
# their p99 measures it rather than the page.
sql "VACUUM ANALYZE" >/dev/null
pgver=$(sql "SHOW server_version" | cut -d" " -f1)
plan60=$(plan_of uk-1)
plan5000=$(plan_of uk-big)
pubyear=$(sql "SELECT p.year FROM plan_publications pb JOIN plans p ON p.id = pb.plan_id JOIN institutions i ON i.id = p.institution_id WHERE i.slug = 'uk-2' LIMIT 1")
[ -n "$plan60" ] && [ -n "$plan5000" ] && [ -n "$pubyear" ] || { echo "bench: synthetic plans or publication missing"; exit 1; }
# a read-only API token of the director (only its SHA-256 is stored)
api_token=$(python3 -c 'import secrets,base64; print("pbt_" + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("="))')
api_hash=$(printf '%s' "$api_token" | sha256sum | cut -d' ' -f1)
sql "INSERT INTO api_tokens (user_id, name, scope, token_hash, hint, created_at) SELECT id, 'bench', 'read', '\\x$api_hash'::bytea, right('$api_token', 4), now() FROM users WHERE email = 'director@example.org'" >/dev/null

# what | path | login | min ratio to /healthz | max p99 ms | min req/s (empty: no such target)
# (the ratios are issue 20's: 0.05 of /healthz was 2,000 req/s where /healthz reached 42,763)
TARGETS=(
  "reference: trivial handler (/healthz)|/healthz||||"
  "board page of a 60-item plan (HTML, logged in)|/plans/$plan60/board|director@example.org|0.05|50|"
  "plan table of a 60-item plan (HTML, logged in)|/plans/$plan60|director@example.org|0.05|50|"
  "one page (50 items, page 50) of the 5,000-item plan's table|/plans/$plan5000?page=50|admin@example.org|0.025|100|"
  "founder dashboard over 1,000 institutions|/founder|founder@example.org|0.02|150|"
  "«Мои задачи» of a staff member (HTML, logged in)|/my|staff@example.org|0.05|50|"
  "«На проверке», the director's review queue (HTML, logged in)|/review|director@example.org|0.05|50|"
  "API: GET /api/v1/plans/{id}/items, 50 items of a 60-item plan (JSON, bearer token)|/api/v1/plans/$plan60/items?limit=50|token:$api_token|0.025|100|"
  "public report page of a 60-item plan|/p/uk-2/$pubyear|||500|"
  "public report's XLSX export of a 60-item plan|/p/uk-2/$pubyear.xlsx|||100|"
)
[ -f bench/targets.local.sh ] && source bench/targets.local.sh

# row WHAT RPS P50 P99 ERRORS RSS TARGET-TEXT MET: one line of the results table
row() { printf '| %s | %s |  | %s | %s | %s | %s | %s | %s |  |\n' "$@"; }
mark() { if [ "$1" = 1 ]; then echo "met"; else echo "**NOT MET**"; fi; }

peak_rss=$idle_rss
rows=""
healthz_rps=""
for t in "${TARGETS[@]}"; do
  IFS='|' read -r what path login min_ratio max_p99 min_rps <<<"$t"
  if [ "$path" != /healthz ] && [ -n "$FILTER" ] && ! grep -Eq -- "$FILTER" <<<"$what"; then continue; fi
  args=(-base "$BASE" -path "$path" -c "$CONNS" -d "$DUR")
  case "$login" in
    token:*) args+=(-token "${login#token:}") ;;
    ?*) args+=(-login "$login") ;;
  esac
  : >"$DATA/rss"
  ( while kill -0 "$pid" 2>/dev/null; do rss >>"$DATA/rss"; sleep 0.2; done ) & sampler=$!
  json=$(bin/loadgen "${args[@]}")
  kill $sampler 2>/dev/null || true
  r=$(sort -n "$DATA/rss" | tail -1); r=${r:-0}; [ "$r" -gt "$peak_rss" ] && peak_rss=$r
  [ "$path" = /healthz ] && healthz_rps=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["rps"])' "$json")
  line=$(python3 bench/row.py "$json" "$what" "$min_ratio" "$max_p99" "$min_rps" "$r" "$healthz_rps" "$PREV")
  echo "$line"
  rows+="$line"$'\n'
done

# Import of a 300-row plan (issue 20): a plan of 300 items is exported in the
# official form (XLSX) and imported again as a new plan by the director, as a
# person would: upload (read, checked, preview stored), the preview page, the
# confirmation that creates the plan with its items in one transaction.
import_what="import of a 300-row plan from its XLSX export (upload, preview, confirm)"
if [ -z "$FILTER" ] || grep -Eq -- "$FILTER" <<<"$import_what"; then
  inst1=$(sql "SELECT id FROM institutions WHERE slug = 'uk-1'")
  y0=$(sql "SELECT max(year) FROM plans WHERE institution_id = $inst1")
  src=$(sql "INSERT INTO plans (institution_id, year, title) VALUES ($inst1, $((y0 + 1)), 'План на 300 мероприятий') RETURNING id" | head -1)
  sql "INSERT INTO items (plan_id, institution_id, position, section, indicator, deficiency, measure, deadline_kind, deadline_date, recur_kind, recur_expr)
    SELECT $src, $inst1, row_number() OVER (ORDER BY id), section, indicator, deficiency, measure, deadline_kind, deadline_date, recur_kind, recur_expr
    FROM items WHERE plan_id = $plan5000 ORDER BY id LIMIT 300" >/dev/null
  if ij=$(bin/loadgen -base "$BASE" -login director@example.org -import "/plans/$src/export.xlsx" -institution "$inst1" -year $((y0 + 2))); then
    read -r items total up pv cf < <(python3 -c 'import json,sys; j=json.loads(sys.argv[1]); print(j["items"], round(j["total_ms"]), round(j["upload_ms"]), round(j["preview_ms"]), round(j["confirm_ms"]))' "$ij")
    import_ok=0; [ "$items" = 300 ] && [ "$total" -le 2000 ] && import_ok=1
    line=$(row "$import_what" "" "" "" "" "" "<= 2 s in all, all 300 items created: ${total} ms (upload ${up}, preview ${pv}, confirm ${cf}), ${items} items" "$(mark $import_ok)")
  else
    line=$(row "$import_what" "" "" "" "" "" "<= 2 s in all, all 300 items created: the import failed (see loadgen's message above)" "$(mark 0)")
  fi
  echo "$line"
  rows+="$line"$'\n'
fi
stop_server

if [ -z "$FILTER" ]; then
# Reminder sweep over all 60,000 items (plan + enqueue), then the same a week
# later: a different set of mails, the same number of SQL statements.
# (09:00 in the demo institutions' zone, when the day's reminders go out;
# from tomorrow on, since the server's own scheduler has planned today's)
now="$(date -u -d '+1 day' +%Y-%m-%d)T09:00:00+07:00"
later="$(date -u -d '+8 days' +%Y-%m-%d)T09:00:00+07:00"
sweep() { bin/planboard remind --now "$1" --stats 2>>"$DATA/remind.log"; }
s1=$(sweep "$now"); s2=$(sweep "$later")
echo "$s1"; echo "$s2"
field() { sed -E "s/.*planned ([0-9]+) in ([0-9]+) ms with ([0-9]+) SQL statements.*/\\$1/" <<<"$2"; }
plan_ms=$(field 2 "$s1"); plan_q=$(field 3 "$s1"); planned=$(field 1 "$s1")
plan_ms2=$(field 2 "$s2"); plan_q2=$(field 3 "$s2"); planned2=$(field 1 "$s2")
# The statement count depends on which kinds of mail are due (one insert per
# kind present), never on the number of items: a bound of 10 checks that.
sweep_ok=0; [ "$plan_ms" -le 2000 ] && [ "$plan_ms2" -le 2000 ] && [ "$plan_q" -le 16 ] && [ "$plan_q2" -le 16 ] && sweep_ok=1
rows+=$(row "reminder sweep over 60,000 items (plan + enqueue): \`remind --now $now\`, then a week later" "" "" "" "" "" \
  "<= 2 s, SQL count independent of the items (a constant by the kinds of mail due, at most 16): ${plan_ms} ms / ${plan_q} statements (${planned} mails); ${plan_ms2} ms / ${plan_q2} statements (${planned2} mails); see also TestMailPlannerRunsConstantNumberOfStatements (10x items, same count)" \
  "$(mark $sweep_ok)")$'\n'
mem_ok=0; [ "$idle_rss" -le 40 ] && [ "$peak_rss" -le 80 ] && mem_ok=1
rows+=$(row "server memory (RSS) idle / peak under load" "" "" "" "" "" "<= 40 MB / <= 80 MB: ${idle_rss} MB / ${peak_rss} MB" "$(mark $mem_ok)")$'\n'
start_ok=0; [ "$ready_ms" -le 1000 ] && start_ok=1
rows+=$(row "start-up to ready with an existing database" "" "" "" "" "" "<= 1 s: ${ready_ms} ms (includes starting the private PostgreSQL)" "$(mark $start_ok)")$'\n'
fi

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
{
  echo "# Benchmark results"
  echo
  echo "Measured by \`make bench\` on $(date -u +%Y-%m-%d): $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB RAM,"
  echo "$(go version | cut -d' ' -f3), PostgreSQL $pgver (private cluster), load from bench/loadgen: $CONNS connections, $DUR per row, on loopback."
  echo "Data: \`planboard demo --institutions 1000 --items 60 --big-plan 5000\` (60,000 + 5,000 items), loaded in ${demo_s} ms."
  echo "Command: \`${FILTER:+BENCH='$FILTER' }BENCH_DURATION=$DUR BENCH_CONNECTIONS=$CONNS make bench\`."
  echo "Load average (1/5/15 min) at the end: $(cut -d' ' -f1-3 /proc/loadavg) (the machine may be shared: compare ratios within one run)."
  [ -n "$FILTER" ] && echo "Rows matching BENCH='$FILTER' only."
  echo "Compared with: $PREV (the previous run; \"WORSE\": ratio down or p99 up by more than 20 %)."
  echo
  echo "| what | req/s | ratio to /healthz | p50 ms | p99 ms | errors | peak RSS MB | target | met | against the previous run |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  printf "%s" "$rows"
} >"$OUT"
echo
cat "$OUT"
