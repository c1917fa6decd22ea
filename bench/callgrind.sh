#!/usr/bin/env bash
# Instructions per request, by endpoint: crm-server (build/, RelWithDebInfo:
# optimised, with symbols) runs under valgrind's callgrind on the peers' 1x
# data set; for each endpoint 20 requests warm it up, then BENCH_CALLGRIND_N
# (default 100) are counted on one kept-alive connection, twice
# (bench/callgrind_client.py zeroes and dumps the counters around them).
# Instruction counts do not depend on what else the machine runs, so this is
# the baseline a regression shows against: bench/results/callgrind/ keeps
# the table (summary.md) and each endpoint's hottest functions, and a run
# prints the difference from the baseline it replaces; the dumps stay in
# build/callgrind/ for callgrind_annotate. About 5 minutes.
#   bench/callgrind.sh                      # by_id patch schedule list_first
#   BENCH_ENDPOINTS="by_id" bench/callgrind.sh
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/common.sh"
cd "$CRM_ROOT"
PEERS=${CRM_PEERS_DIR:-$CRM_ROOT/../shared/peers}
ENDPOINTS=${BENCH_ENDPOINTS:-"by_id patch schedule list_first"}
N=${BENCH_CALLGRIND_N:-100}
build_server
ensure_packages valgrind curl
work=$(mktemp -d /tmp/crm-callgrind.XXXXXX); chmod 755 "$work"
spid=
trap '[ -n "$spid" ] && kill $spid 2>/dev/null; wait 2>/dev/null; pg_cluster_stop "$work/pg"; rm -rf "$work"' EXIT
pg_port=$(free_port)
DB=$(pg_cluster_start "$work/pg" "$pg_port" "$work/pw")
secret=$(random_secret)
export CRM_PLUGIN_PATH="$CRM_BUILD_DIR/lib/crm-server/plugins" CRM_SQL_DIR="$CRM_ROOT/sql"
DATABASE_URL=$DB SECRET_KEY=$secret "$CRM_BUILD_DIR/core/crm-server" migrate >/dev/null
say "loading the peers' 1x data set"
psql -q -v ON_ERROR_STOP=1 "$DB" -f "$PEERS/fastapi/seed.sql"
psql -qAt "$DB" -c "ANALYZE work_orders" -c "ANALYZE customers" -c "ANALYZE technicians" >/dev/null
port=$(free_port)
dumps="$CRM_BUILD_DIR/callgrind"  # kept, for callgrind_annotate or kcachegrind
rm -rf "$dumps"; mkdir -p "$dumps"
say "starting crm-server under callgrind"
# One HTTP worker thread, so every measured instruction is the requests'.
(cd "$dumps" && DATABASE_URL=$DB SECRET_KEY=$secret PORT=$port LOG_LEVEL=warning HTTP_THREADS=1 \
  exec valgrind --tool=callgrind --callgrind-out-file="$dumps/callgrind.out.%p" \
  "$CRM_BUILD_DIR/core/crm-server" serve) > "$work/server.log" 2>&1 &
spid=$!
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$port/health" >/dev/null || { tail -20 "$work/server.log"; die "crm-server did not start under valgrind"; }
token=$(curl -s "http://127.0.0.1:$port/api/v2/auth/login" -H 'Content-Type: application/json' \
  -d '{"email": "admin@example.com", "password": "admin-bench-pass"}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["access_token"])')
out=bench/results/callgrind
mkdir -p "$out"
summary="$work/summary.md"
{
  echo "# Instructions per request ($(date -u +%Y-%m-%d), $(git rev-parse --short HEAD))"
  echo
  echo "callgrind, build/ ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$CRM_BUILD_DIR/CMakeCache.txt")), one HTTP worker, the peers' 1x data set,"
  echo "$N requests per endpoint on one kept-alive connection after 20 to warm up, counted twice, the smaller count kept; every thread of the server counted."
  echo
  echo "| endpoint | instructions per request |"
  echo "|---|---|"
} > "$summary"
python3 bench/callgrind_client.py "$port" "$token" "$spid" warm 10 >/dev/null
# Each endpoint is counted twice and the smaller count kept: now and then
# the pool opens a session (SCRAM, TLS-free still ~70 million instructions)
# while one is counted, and only the other count is the requests'.
for endpoint in $ENDPOINTS; do
  say "callgrind: $endpoint"
  best=
  for round in 1 2; do
    python3 bench/callgrind_client.py "$port" "$token" "$spid" "$endpoint" "$N" >/dev/null
    # callgrind.out.<pid>.<n>: the newest dump is this round's.
    dump=$(ls -t "$dumps"/callgrind.out.*.* | head -1)
    total=$(callgrind_annotate "$dump" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}')
    if [ -z "$best" ] || [ "$total" -lt "$best" ]; then best=$total bestdump=$dump; fi
  done
  printf '| %s | %s |\n' "$endpoint" "$(( best / N ))" >> "$summary"
  # The hottest functions, self cost and inclusive, of the kept count.
  # (--threshold=100: by default the listing stops at its first row, a
  # thread entry point whose "self" cost is the whole program's.)
  callgrind_annotate --inclusive=no --threshold=100 "$bestdump" 2>/dev/null | awk '/^ *[0-9,]+ \(/ && n++ < 40' > "$out/$endpoint-self.txt"
  callgrind_annotate --inclusive=yes "$bestdump" 2>/dev/null | awk '/^ *[0-9,]+ \(/ && n++ < 60' > "$out/$endpoint-inclusive.txt"
done
if [ -f "$out/summary.md" ]; then
  say "difference from the baseline in $out/summary.md"
  diff <(grep '^| [a-z_]* |' "$out/summary.md") <(grep '^| [a-z_]* |' "$summary") || true
fi
cp "$summary" "$out/summary.md"
cat "$summary"
