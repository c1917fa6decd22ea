"""300 browser-like keep-alive clients (an authenticated GET every ~2 s
each), first alone, then beside 1,000 idle connections and 200 slowloris
connections (a header line every 2 s, never finished, re-opened whenever
the server closes them), all against the default server on loopback.
Bounded: about 30 s in all. Passes when at least 99.5 % of the browsers'
requests are answered 200 within 5 s in each phase; prints p50 and p99
(bench/run measures latency; this checks that the server keeps serving)."""
import asyncio
import os
import random
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import rawhttp  # noqa: E402

BROWSERS, IDLE, SLOWLORIS = 300, 1000, 200
ALONE_SECONDS, ATTACKED_SECONDS = 10, 16
ANSWER_WITHIN = 5.0
PATHS = ["/api/v2/auth/me", "/api/v2/work-orders?page_size=20", "/api/v2/customers?page_size=20",
         "/api/v2/technicians"]


class Stats:
    def __init__(self):
        self.latencies, self.late, self.failed, self.reconnects = [], 0, 0, 0

    def summary(self):
        answered = sorted(self.latencies)
        total = len(answered) + self.late + self.failed
        def pct(p):
            return answered[min(len(answered) - 1, int(p * len(answered)))] * 1000 if answered else float("nan")
        return total, (len(answered) / total if total else 0.0), pct(0.5), pct(0.99)


async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    length = 0
    for line in lines[1:]:
        if line.lower().startswith("content-length:"):
            length = int(line.split(":", 1)[1])
    await reader.readexactly(length)
    return status


async def browser(host, port, token, stats_of, stop_at):
    conn, connected_before = None, False
    await asyncio.sleep(random.uniform(0, 2))
    while time.monotonic() < stop_at:
        path = random.choice(PATHS)
        request = ("GET %s HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer %s\r\n\r\n" % (path, token)).encode()
        stats = stats_of()
        started = time.monotonic()
        status = None
        for attempt in range(2):  # a browser retries once on a connection the server closed
            try:
                if conn is None:
                    conn = await asyncio.open_connection(host, port, local_addr=("127.0.0.1", 0))
                    stats.reconnects += connected_before
                    connected_before = True
                conn[1].write(request)
                remaining = ANSWER_WITHIN - (time.monotonic() - started)
                status = await asyncio.wait_for(read_response(conn[0]), max(0.01, remaining))
                break
            except asyncio.TimeoutError:
                status = "late"
                break
            except (OSError, asyncio.IncompleteReadError):
                if conn:
                    conn[1].close()
                conn = None
        if status == 200:
            stats.latencies.append(time.monotonic() - started)
        elif status == "late":
            stats.late += 1
            conn[1].close()
            conn = None
        else:
            stats.failed += 1
        await asyncio.sleep(random.uniform(1.8, 2.2))
    if conn:
        conn[1].close()


async def idle_client(host, port, stop_at, held):
    while time.monotonic() < stop_at:
        try:
            reader, writer = await asyncio.open_connection(host, port, local_addr=("127.0.0.2", 0))
        except OSError:
            await asyncio.sleep(0.2)
            continue
        held[0] += 1
        held[1] = max(held[1], held[0])
        try:
            await asyncio.wait_for(reader.read(1), max(0.01, stop_at - time.monotonic()))
        except (asyncio.TimeoutError, OSError):
            pass
        held[0] -= 1
        writer.close()


async def slowloris_client(host, port, stop_at, reopened):
    while time.monotonic() < stop_at:
        try:
            reader, writer = await asyncio.open_connection(host, port, local_addr=("127.0.0.3", 0))
            writer.write(b"GET /health HTTP/1.1\r\nHost: test\r\n")
            while time.monotonic() < stop_at:
                await asyncio.sleep(2)
                if reader.at_eof() or writer.is_closing():
                    break
                writer.write(b"X-Slow: 1\r\n")
                await writer.drain()
                try:  # the server's 408, or its close
                    if await asyncio.wait_for(reader.read(1024), 0.01) == b"":
                        break
                except asyncio.TimeoutError:
                    pass
            writer.close()
        except OSError:
            await asyncio.sleep(0.2)
        reopened[0] += 1


async def scenario(host, port, token):
    alone, attacked = Stats(), Stats()
    start = time.monotonic()
    switch_at = start + ALONE_SECONDS
    stop_at = switch_at + ATTACKED_SECONDS
    phase = lambda: alone if time.monotonic() < switch_at else attacked  # noqa: E731
    held, reopened = [0, 0], [0]
    browsers = [asyncio.create_task(browser(host, port, token, phase, stop_at)) for _ in range(BROWSERS)]
    await asyncio.sleep(ALONE_SECONDS - 2)  # the attackers are all connected when the second phase starts
    attackers = [asyncio.create_task(idle_client(host, port, stop_at, held)) for _ in range(IDLE)]
    attackers += [asyncio.create_task(slowloris_client(host, port, stop_at, reopened)) for _ in range(SLOWLORIS)]
    await asyncio.gather(*browsers, *attackers)
    return alone, attacked, held[1], reopened[0]


class LoadTest(unittest.TestCase):
    def test_browsers_are_served_alone_and_beside_idle_and_slowloris_connections(self):
        rawhttp.raise_open_files_limit()
        host, port = rawhttp.server_address()
        token = rawhttp.login()["access_token"]
        alone, attacked, most_idle, slowloris_rounds = asyncio.run(scenario(host, port, token))
        for name, stats in (("alone", alone), ("with 1000 idle + 200 slowloris", attacked)):
            total, share, p50, p99 = stats.summary()
            print("%s: %d requests, %.2f %% answered 200 within %.0f s, p50 %.1f ms, p99 %.1f ms, "
                  "%d late, %d failed, %d reconnects" % (name, total, share * 100, ANSWER_WITHIN, p50, p99,
                                                       stats.late, stats.failed, stats.reconnects))
            self.assertGreater(total, BROWSERS * 2)
            self.assertGreaterEqual(share, 0.995, name)
        print("idle connections held open at once: %d; slowloris connections opened: %d" % (most_idle, slowloris_rounds))
        self.assertGreaterEqual(most_idle, IDLE * 0.95)


if __name__ == "__main__":
    unittest.main(verbosity=2)
