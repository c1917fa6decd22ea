#!/usr/bin/python3
"""Writes bench/results/<date>.md from bench/run's measurements.

Usage: report.py RESULTS.tsv REPORT.md SECONDS name=rssMB... ceiling:endpoint=tps... naive:endpoint=tps...
RESULTS.tsv rows: endpoint, run, server, 2xx req/s, p50, p99, cpu %, failures, items per response.
"""
import collections
import datetime
import platform
import subprocess
import sys

SERVERS = ["crm-server", "fastify", "fastapi"]
TITLES = {
    "login": "POST /auth/login",
    "list_first": "GET /work-orders?page=1&page_size=50",
    "list_deep": "GET /work-orders?page=100&page_size=50",
    "by_id": "GET /work-orders/{id} (random)",
    "patch": "PATCH /work-orders/{id} (technician / date)",
    "schedule": "GET /schedule (one day)",
    "customers": "GET /customers?search=Harbor",
    "summary": "GET /reports/summary",
}


def main():
    results, report, seconds = sys.argv[1], sys.argv[2], sys.argv[3]
    rss, ceiling, naive = {}, {}, {}
    for arg in sys.argv[4:]:
        key, value = arg.split("=", 1)
        if key.startswith("ceiling:"):
            ceiling[key[len("ceiling:"):]] = value
        elif key.startswith("naive:"):
            naive[key[len("naive:"):]] = value
        else:
            rss[key] = value
    runs = collections.defaultdict(list)
    order = []
    for line in open(results, encoding="utf-8"):
        endpoint, run, server, rps, p50, p99, cpu, errors, rows = line.rstrip("\n").split("\t")
        if endpoint not in order:
            order.append(endpoint)
        runs[(endpoint, server)].append(
            {"rps": float(rps or 0), "p50": p50, "p99": p99, "cpu": cpu, "errors": int(errors or 0), "rows": int(rows or 1)})

    def best(endpoint, server):
        return max(runs[(endpoint, server)], key=lambda r: r["rps"])

    def figure(rps):
        return f"{rps:,.1f}" if rps < 100 else f"{rps:,.0f}"

    def spread(endpoint, server):
        values = sorted(r["rps"] for r in runs[(endpoint, server)])
        low, high = figure(values[0]), figure(values[-1])
        return low if low == high else f"{low}-{high}"

    cpu_model = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                               capture_output=True, text=True).stdout.strip()
    out = [f"# Benchmark {datetime.date.today().isoformat()}", "",
           f"{platform.node()}: {cpu_model}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores. "
           f"wrk -t2 -c32 -d{seconds}s per measurement, every server in turn, {len(next(iter(runs.values())))} runs; "
           "PostgreSQL 15 on the same machine with max_parallel_workers_per_gather = 0. "
           "req/s count 2xx answers only and are the spread over runs; ratios, latency, CPU and failures are of "
           "each server's best run. Failures are non-2xx answers plus socket errors (timeouts included). "
           "CPU is the share of one core the server's processes used (200 % = both cores). "
           "The ceiling is PostgreSQL's tps for crm-server's statements, and for login bcrypt verifications "
           "per second with every core hashing; \"recounting\" is PostgreSQL's tps for the same answer "
           "recounted on every request (bench/naive/), the naive ceiling.", "",
           "| endpoint | crm-server req/s | Fastify req/s | FastAPI req/s | vs Fastify | vs FastAPI | ceiling "
           "| crm p50 / p99 | Fastify p50 / p99 | CPU % crm / Fastify / FastAPI | failures crm / Fastify / FastAPI |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for endpoint in order:
        c, f, a = (best(endpoint, s) for s in SERVERS)
        # The peers' schedule is unpaginated: compare work orders served per second.
        if endpoint == "schedule":
            unit = lambda r: r["rps"] * r["rows"]
            note = f" ({c['rows']} / {f['rows']} / {a['rows']} rows per response; ratios per row)"
        else:
            unit = lambda r: r["rps"]
            note = ""
        ratio = lambda x, y: f"{unit(x) / unit(y):.2f}×" if unit(y) else "-"
        out.append(f"| {TITLES.get(endpoint, endpoint)}{note} | {spread(endpoint, 'crm-server')} | {spread(endpoint, 'fastify')} "
                   f"| {spread(endpoint, 'fastapi')} | {ratio(c, f)} | {ratio(c, a)} | {ceiling.get(endpoint, '-')}"
                   f"{f' (recounting: {naive[endpoint]})' if endpoint in naive else ''} "
                   f"| {c['p50']} / {c['p99']} | {f['p50']} / {f['p99']} | {c['cpu']} / {f['cpu']} / {a['cpu']} "
                   f"| {c['errors']} / {f['errors']} / {a['errors']} |")
    if "login" in order and ceiling.get("login", "-") not in ("-", ""):
        logins = best("login", "crm-server")["rps"]
        out += ["", f"crm-server logins: {logins:.1f}/s, {100 * logins / float(ceiling['login']):.0f} % of bcrypt's "
                f"ceiling ({ceiling['login']} verifications/s with every core hashing)."]
    out += ["", "Peak resident memory over the whole run: " +
            ", ".join(f"{s} {rss.get(s, '?')} MB" for s in SERVERS) + ".", "",
            "The ceiling replays, with `pgbench -M prepared -c 8 -j 2`, the exact statements crm-server ran for one "
            "request of the endpoint (captured with CRM_TRACE_SQL; see bench/results/sql/).", ""]
    open(report, "w", encoding="utf-8").write("\n".join(out))


if __name__ == "__main__":
    main()
