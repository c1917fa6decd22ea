# Sourced by bench/run (BENCH_METRICS=1), after its wrk_measure and
# wait_idle: reads by id with and without a scraper polling /metrics every
# second over one kept-alive connection, as Prometheus does
# (bench/metrics_scraper.py). The two alternate (without, with, without, with,
# ...) so that whatever else drifts on the machine during the run falls on
# both alike; the means of each are compared.

# Then, on the idle server, the CPU one scrape costs it: 2,000 scrapes back
# to back, measured from /proc (bench/run's cpu_seconds) of its SESSION.

# metrics_overhead URL TOKEN ROUNDS SESSION REPORT: prints the table and
# writes it to REPORT.
metrics_overhead() {
  local url=$1 token=$2 rounds=$3 session=$4 report=$5 rows="$work/metrics-rows.md" scrapes="$work/scrapes"
  local round mode scraper rps p50 p99 failures load before after burst=2000
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
      # The machine is shared: its load says how much the others took.
      load=$(cut -d' ' -f1 /proc/loadavg)
      printf '| %s | %s | %s | %s / %s | %s | %s |\n' "$round" "$mode" "$rps" "$p50" "$p99" "$failures" "$load" >> "$rows"
    done
  done
  wait_idle
  before=$(cpu_seconds "$session")
  /usr/bin/python3 bench/metrics_scraper.py "$url/metrics" "$work/burst" "$burst"
  after=$(cpu_seconds "$session")
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
    echo "| round | scraper | req/s | p50 / p99 | failures | load average after |"
    echo "|---|---|---|---|---|---|"
    cat "$rows"
    echo
    awk -F' [|] ' '{sum[$2] += $3; n[$2]++}
         END {a = sum["without"] / n["without"]; b = sum["with"] / n["with"]
              printf "Mean req/s without a scraper %.1f, with %.1f: %+.2f %%.\n", a, b, (b - a) / a * 100}' "$rows"
    echo
    awk -v a="$after" -v b="$before" -v n="$burst" \
      'BEGIN {printf "On the idle server, %d scrapes back to back cost it %.2f s of CPU: %.3f ms a scrape, %.3f %% of a core at one a second.\n",
              n, a - b, (a - b) / n * 1000, (a - b) / n * 100}'
  } > "$report"
  say "wrote $report"
  cat "$report"
}
