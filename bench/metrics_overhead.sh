# Sourced by bench/run (BENCH_METRICS=1), after its wrk_measure and
# wait_idle: reads by id with and without a scraper polling /metrics every
# second over one kept-alive connection, as Prometheus does
# (bench/metrics_scraper.py). The two alternate (without, with, without, with,
# ...) so that whatever else drifts on the machine during the run falls on
# both alike; the means of each are compared.

# metrics_overhead URL TOKEN ROUNDS REPORT: prints the table and writes it
# to REPORT.
metrics_overhead() {
  local url=$1 token=$2 rounds=$3 report=$4 rows="$work/metrics-rows.md" scrapes="$work/scrapes" round mode scraper
  local rps p50 p99 failures
  : > "$rows"
  : > "$scrapes"
  for round in $(seq 1 "$rounds"); do
    for mode in without with; do
      say "metrics overhead, round $round: reads by id $mode a scraper"
      wait_idle
      scraper=
      if [ "$mode" = with ]; then
        /usr/bin/python3 bench/metrics_scraper.py "$url/metrics" "$scrapes" &
        scraper=$!
      fi
      read -r rps p50 p99 failures < <(wrk_measure by_id.lua "$url/" 32 "$token")
      if [ -n "$scraper" ]; then kill "$scraper" 2>/dev/null || true; wait "$scraper" 2>/dev/null || true; fi
      printf '| %s | %s | %s | %s / %s | %s |\n' "$round" "$mode" "$rps" "$p50" "$p99" "$failures" >> "$rows"
    done
  done
  {
    echo "# Reads by id with and without a /metrics scraper ($(date -u +%Y-%m-%d))"
    echo
    echo "\`BENCH_METRICS=1 BENCH_SECONDS=$SECONDS_EACH BENCH_METRICS_ROUNDS=$rounds bench/run\`: \`GET /work-orders/{id}\`"
    echo "(wrk -t2 -c32, ${SECONDS_EACH} s each), alternating without and with a scraper that fetches \`/metrics\`"
    echo "over one kept-alive connection (\`bench/metrics_scraper.py\`)"
    awk '{n++; bytes = $1; if ($2 > slowest) slowest = $2; sum += $2}
         END {printf "every second: %d scrapes of %d bytes (the last), each %.1f ms on average, %.1f ms at the slowest.\n",
              n, bytes, sum / n * 1000, slowest * 1000}' "$scrapes"
    echo
    echo "| round | scraper | req/s | p50 / p99 | failures |"
    echo "|---|---|---|---|---|"
    cat "$rows"
    echo
    awk -F' [|] ' '{sum[$2] += $3; n[$2]++}
         END {a = sum["without"] / n["without"]; b = sum["with"] / n["with"]
              printf "Mean req/s without a scraper %.1f, with %.1f: %+.2f %%.\n", a, b, (b - a) / a * 100}' "$rows"
  } > "$report"
  say "wrote $report"
  cat "$report"
}
