#!/usr/bin/env bash
# Deep pages (docs/pagination.md): GET /work-orders page 1, page 100 by
# offset, and the same page 100 reached by cursor (the next_after of page
# 99, walked once), on the peers' 1x data set (200,000 work orders), crm-server
# alone, interleaved over BENCH_ROUNDS rounds of wrk -t2 -c32 -d5s. Checks
# first that the cursor's page is page 100. Writes
# bench/results/<date>-deep-pages.md. About 3 minutes.
#   bench/deep_pages.sh
set -euo pipefail
export CRM_BUILD_DIR=${CRM_BUILD_DIR:-$(cd "$(dirname "$0")/.." && pwd)/build-release}
source "$(dirname "$0")/../scripts/lib/common.sh"
cd "$CRM_ROOT"
PEERS=${CRM_PEERS_DIR:-$CRM_ROOT/../shared/peers}
ROUNDS=${BENCH_ROUNDS:-3}
build_server -DCMAKE_BUILD_TYPE=Release -DCRM_BUILD_TESTS=OFF
ensure_packages wrk curl
work=$(mktemp -d /tmp/crm-deep.XXXXXX); chmod 755 "$work"
trap 'kill $spid 2>/dev/null; pg_cluster_stop "$work/pg"; rm -rf "$work"' EXIT
pg_port=$(free_port)
DB=$(pg_cluster_start "$work/pg" "$pg_port" "$work/pw")
secret=$(random_secret)
export CRM_PLUGIN_PATH="$CRM_BUILD_DIR/lib/crm-server/plugins" CRM_SQL_DIR="$CRM_ROOT/sql"
DATABASE_URL=$DB SECRET_KEY=$secret "$CRM_BUILD_DIR/core/crm-server" migrate >/dev/null
psql -q -v ON_ERROR_STOP=1 "$DB" -f "$PEERS/fastapi/seed.sql"
psql -qAt "$DB" -c "ANALYZE work_orders" -c "ANALYZE customers" >/dev/null
port=$(free_port)
DATABASE_URL=$DB SECRET_KEY=$secret PORT=$port LOG_LEVEL=warning "$CRM_BUILD_DIR/core/crm-server" serve > "$work/server.log" 2>&1 &
spid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
token=$(curl -s "http://127.0.0.1:$port/api/v2/auth/login" -H 'Content-Type: application/json' \
  -d '{"email": "admin@example.com", "password": "admin-bench-pass"}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["access_token"])')
after=
for i in $(seq 1 99); do
  after=$(curl -s -G "http://127.0.0.1:$port/api/v2/work-orders" --data-urlencode "page_size=50" ${after:+--data-urlencode "after=$after"} -H "Authorization: Bearer $token" | python3 -c 'import json,sys;print(json.load(sys.stdin)["next_after"])')
done
enc=$(python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1]))' "$after")
# the cursor's page is page 100 of the offset form
a=$(curl -s "http://127.0.0.1:$port/api/v2/work-orders?page_size=50&after=$enc" -H "Authorization: Bearer $token" | python3 -c 'import json,sys;print([i["id"] for i in json.load(sys.stdin)["items"]][:3])')
b=$(curl -s "http://127.0.0.1:$port/api/v2/work-orders?page_size=50&page=100" -H "Authorization: Bearer $token" | python3 -c 'import json,sys;print([i["id"] for i in json.load(sys.stdin)["items"]][:3])')
[ "$a" = "$b" ] || die "the cursor's page ($a) is not page 100 ($b)"
rows="$work/rows.md"
: > "$rows"
for round in $(seq 1 "$ROUNDS"); do
  for q in "page=1&page_size=50" "page=100&page_size=50" "page_size=50&after=$enc"; do
    say "deep pages, round $round: ${q%%&after=*}"
    label=${q%%&after=*}
    [[ $q == *after* ]] && label="page_size=50&after=(page 99's next_after)"
    TOKEN=$token wrk -t2 -c32 -d5s --latency -s bench/wrk/get.lua "http://127.0.0.1:$port/api/v2/work-orders?$q" |
      awk -v r="$round" -v l="$label" '/Requests\/sec/ {rps = $2} /99%/ {p99 = $2} END {printf "| %s | %s | %s | %s |\n", r, l, rps, p99}' >> "$rows"
  done
done
mkdir -p bench/results
report="bench/results/$(date -u +%Y-%m-%d)-deep-pages.md"
{
  echo "# Deep pages of GET /work-orders ($(date -u +%Y-%m-%d))"
  echo
  echo "crm-server alone ($(sed -n "s/^CMAKE_BUILD_TYPE:STRING=//p" "$CRM_BUILD_DIR/CMakeCache.txt") build), the peers' 1x data set (200,000 work orders), default sort (-created_at),"
  echo "wrk -t2 -c32 -d5s per row, rounds interleaved. The cursor's page was checked to be page 100 (first ids $a)."
  echo
  echo "| round | query | req/s | p99 |"
  echo "|---|---|---|---|"
  cat "$rows"
} > "$report"
cat "$report"
