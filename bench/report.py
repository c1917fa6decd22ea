#!/usr/bin/python3
"""Writes bench/results/<date>.md from bench/run's measurements.

Usage: report.py RESULTS.tsv REPORT.md SECONDS RUNS name=rssMB... ceiling:endpoint@scale=tps...
       naive:endpoint@scale=tps... (ceiling:login=verifications/s has no scale)
       report.py --rounds ROUNDS.tsv   (a crm-server-only scenario's table rows, to stdout: the
       worker-threads and the cores-apart tables)
RESULTS.tsv rows: endpoint, run, scale, server, 2xx req/s, p50, p99, cpu %, failures, items per response,
server CPU us per request, PostgreSQL CPU us per request.
Every figure is the median of the runs (each figure on its own); the req/s
column shows the spread too.
"""
import collections
import datetime
import platform
import statistics
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
    "customer_orders": "GET /customers/{id}/work-orders (random, 10 each)",
    "summary": "GET /reports/summary",
}
# issue of performance: at 10x every endpoint keeps this share of its 1x
# throughput (the rest 0.8), and p99 at most twice its 1x p99.
FLAT_TARGET = {"summary": 0.95, "customer_orders": 0.95}


def milliseconds(latency):
    """wrk's latency text (850.00us, 8.70ms, 1.09s) in ms; None for "-"."""
    for suffix, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60000.0)):
        if latency.endswith(suffix):
            return float(latency[: -len(suffix)]) * factor
    return None


def latency_text(ms):
    if ms is None:
        return "-"
    return f"{ms * 1000:.0f} us" if ms < 1 else f"{ms:.1f} ms" if ms < 1000 else f"{ms / 1000:.2f} s"


def figure(rps):
    return f"{rps:,.1f}" if rps < 100 else f"{rps:,.0f}"


class Measurements:
    def __init__(self, path):
        self.runs = collections.defaultdict(list)
        self.endpoints, self.scales = [], []
        for line in open(path, encoding="utf-8"):
            (endpoint, _run, scale, server, rps, p50, p99, cpu, errors, rows,
             server_us, pg_us) = line.rstrip("\n").split("\t")
            if endpoint not in self.endpoints:
                self.endpoints.append(endpoint)
            if scale not in self.scales:
                self.scales.append(scale)
            self.runs[(endpoint, scale, server)].append({
                "rps": float(rps or 0), "p50": milliseconds(p50), "p99": milliseconds(p99), "cpu": float(cpu or 0),
                "errors": int(errors or 0), "rows": int(rows or 1), "server_us": float(server_us or 0),
                "pg_us": float(pg_us or 0)})

    def has(self, endpoint, scale, server):
        return bool(self.runs.get((endpoint, scale, server)))

    def median(self, endpoint, scale, server, key):
        values = [r[key] for r in self.runs.get((endpoint, scale, server), []) if r[key] is not None]
        return statistics.median(values) if values else None

    def spread(self, endpoint, scale, server):
        values = sorted(r["rps"] for r in self.runs.get((endpoint, scale, server), []))
        if not values:
            return "-"
        middle, low, high = figure(statistics.median(values)), figure(values[0]), figure(values[-1])
        return middle if low == high else f"{middle} ({low}-{high})"


def side_by_side(m, scale, ceiling, naive):
    out = [f"## {scale}x data set ({20000 * int(scale):,} customers, {200000 * int(scale):,} work orders)", "",
           "| endpoint | crm-server req/s | Fastify req/s | FastAPI req/s | vs Fastify | vs FastAPI | ceiling "
           "| p99 crm / Fastify / FastAPI | server CPU us/request crm / Fastify / FastAPI "
           "| PostgreSQL CPU us/request crm / Fastify / FastAPI | failures crm / Fastify / FastAPI |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for endpoint in m.endpoints:
        med = lambda server, key: m.median(endpoint, scale, server, key)
        # The peers' schedule is unpaginated: compare work orders served per second.
        per_row = endpoint == "schedule"
        unit = lambda server: (med(server, "rps") or 0) * ((med(server, "rows") or 1) if per_row else 1)
        note = (f" ({' / '.join(str(int(med(s, 'rows') or 0)) for s in SERVERS)} rows per response; ratios per row)"
                if per_row else "")
        ratio = lambda peer: f"{unit('crm-server') / unit(peer):.2f}×" if m.has(endpoint, scale, peer) and unit(peer) else "-"
        each = lambda key, fmt: " / ".join(fmt(med(s, key)) if m.has(endpoint, scale, s) else "-" for s in SERVERS)
        key = f"{endpoint}@{scale}" if endpoint != "login" else "login"
        recount = f" (recounting: {naive[key]})" if key in naive else ""
        out.append(f"| {TITLES.get(endpoint, endpoint)}{note} | {m.spread(endpoint, scale, 'crm-server')} "
                   f"| {m.spread(endpoint, scale, 'fastify')} | {m.spread(endpoint, scale, 'fastapi')} "
                   f"| {ratio('fastify')} | {ratio('fastapi')} | {ceiling.get(key, '-')}{recount} "
                   f"| {each('p99', latency_text)} | {each('server_us', lambda v: f'{v:.0f}')} "
                   f"| {each('pg_us', lambda v: f'{v:.0f}')} | {each('errors', lambda v: f'{v:.0f}')} |")
    return out


def growth(m, scale):
    out = [f"## crm-server at 1x and {scale}x", "",
           f"Target: at {scale}x each endpoint keeps 0.8 of its 1x throughput (the summary and a customer's work "
           "orders 0.95) and p99 at most 2× its 1x p99.", "",
           f"| endpoint | req/s 1x | req/s {scale}x | {scale}x / 1x | p99 1x | p99 {scale}x | server us/request 1x / {scale}x "
           f"| PostgreSQL us/request 1x / {scale}x | met |",
           "|---|---|---|---|---|---|---|---|---|"]
    for endpoint in m.endpoints:
        if not (m.has(endpoint, "1", "crm-server") and m.has(endpoint, scale, "crm-server")):
            continue
        med = lambda s, key: m.median(endpoint, s, "crm-server", key)
        small, large = med("1", "rps"), med(scale, "rps")
        share = large / small if small else 0
        p99_small, p99_large = med("1", "p99"), med(scale, "p99")
        flat = share >= FLAT_TARGET.get(endpoint, 0.8)
        tail = p99_small is not None and p99_large is not None and p99_large <= 2 * p99_small
        out.append(f"| {TITLES.get(endpoint, endpoint)} | {figure(small)} | {figure(large)} | {share:.2f} "
                   f"| {latency_text(p99_small)} | {latency_text(p99_large)} "
                   f"| {med('1', 'server_us'):.0f} / {med(scale, 'server_us'):.0f} "
                   f"| {med('1', 'pg_us'):.0f} / {med(scale, 'pg_us'):.0f} "
                   f"| {'yes' if flat and tail else 'no: ' + ', '.join(w for w, ok in (('req/s', flat), ('p99', tail)) if not ok)} |")
    return out


def scenario_rows(path):
    """Rows of a crm-server-only scenario's table: the median of each
    setting's rounds (the setting's cells, 2xx req/s, p50, p99, failures,
    server and PostgreSQL CPU us per request), in the order first measured.
    The setting is the first field, as the table shows it ("64", or
    "GET by id | apart")."""
    rounds = collections.defaultdict(list)
    for line in open(path, encoding="utf-8"):
        setting, *figures = line.rstrip("\n").split("\t")
        rounds[setting].append(figures)
    out = []
    for setting, runs in rounds.items():
        def median(i, parse=float):
            values = [v for v in (parse(r[i]) for r in runs) if v is not None]
            return statistics.median(values) if values else None
        out.append(f"| {setting} | {figure(median(0))} | {latency_text(median(1, milliseconds))} / "
                   f"{latency_text(median(2, milliseconds))} | {median(4):.0f} | {median(5):.0f} | {median(3):.0f} |")
    return out


def main():
    if sys.argv[1] == "--rounds":
        print("\n".join(scenario_rows(sys.argv[2])))
        return
    results, report, seconds, runs = sys.argv[1:5]
    rss, ceiling, naive = {}, {}, {}
    for arg in sys.argv[5:]:
        key, value = arg.split("=", 1)
        if key.startswith("ceiling:"):
            ceiling[key[len("ceiling:"):]] = value
        elif key.startswith("naive:"):
            naive[key[len("naive:"):]] = value
        else:
            rss[key] = value
    m = Measurements(results)
    cpu_model = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                               capture_output=True, text=True).stdout.strip()
    out = [f"# Benchmark {datetime.date.today().isoformat()}", "",
           f"{platform.node()}: {cpu_model}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores. "
           f"wrk -t2 -c32 -d{seconds}s per measurement; {runs} rounds, each measuring every data set size and every "
           "server in turn (interleaved, so a slow spell of the machine falls on all alike); every figure is the "
           "median of the rounds, req/s with the spread in brackets. PostgreSQL 15 on the same machine with "
           "max_parallel_workers_per_gather = 0, sized for it, every table prewarmed. req/s count 2xx answers only. "
           "Server CPU per request is the server's processes' user + system time over the window divided by the "
           "answers it gave; PostgreSQL's is the whole cluster's (only one server is under load at a time). "
           "Failures are non-2xx answers plus socket errors (timeouts included). The ceiling is PostgreSQL's tps "
           "for crm-server's statements (pgbench), and for login bcrypt verifications per second with every core "
           "hashing; \"recounting\" is PostgreSQL's tps for the same answer recounted on every request "
           "(bench/naive/), the naive ceiling.", ""]
    for scale in m.scales:
        out += side_by_side(m, scale, ceiling, naive) + [""]
    for scale in m.scales:
        if scale != "1":
            out += growth(m, scale) + [""]
    if "login" in m.endpoints and ceiling.get("login", "-") not in ("-", ""):
        logins = m.median("login", "1", "crm-server", "rps")
        out += [f"crm-server logins: {logins:.1f}/s, {100 * logins / float(ceiling['login']):.0f} % of bcrypt's "
                f"ceiling ({ceiling['login']} verifications/s with every core hashing).", ""]
    out += ["Peak resident memory over the whole run, 1x server: " +
            ", ".join(f"{s} {rss.get(s, '?')} MB" for s in SERVERS) + ".", "",
            "The ceiling replays, with `pgbench -M prepared -c 8 -j 2`, the exact statements crm-server ran for one "
            "request of the endpoint (captured with CRM_TRACE_SQL; see bench/results/sql/); their plans at each "
            "size, with `EXPLAIN (ANALYZE, BUFFERS)`, are in bench/results/plans/.", ""]
    open(report, "w", encoding="utf-8").write("\n".join(out))


if __name__ == "__main__":
    main()
