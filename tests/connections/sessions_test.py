"""Database sessions per request: a refresh takes one session, not two (12
at once used to stall the pool); a statement past statement_timeout answers
503 with Retry-After; long reads (reports, searches) hold at most their share
of the sessions, so other requests still get one."""
import json
import os
import subprocess
import sys
import threading
import time
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import rawhttp  # noqa: E402
from spawned_server import SpawnedServer  # noqa: E402


def call(base, method, path, token=None, body=None, timeout=30):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            status, headers, text = r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        status, headers, text = e.code, e.headers, e.read()
    return status, headers, json.loads(text) if text else None, time.monotonic() - started


def hold_lock(table, seconds):
    """A psql session that takes an exclusive lock on `table` for `seconds`;
    returns once the lock is held."""
    sql = "BEGIN; LOCK TABLE %s IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(%s); COMMIT;" % (table, seconds)
    process = subprocess.Popen(["psql", "-q", "-X", os.environ["DATABASE_URL"], "-c", sql],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    query = "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation " \
            "WHERE c.relname = '%s' AND l.mode = 'AccessExclusiveLock' AND l.granted" % table
    for _ in range(100):
        held = subprocess.run(["psql", "-qtAX", os.environ["DATABASE_URL"], "-c", query],
                              capture_output=True, text=True).stdout.strip()
        if held == "1":
            return process
        time.sleep(0.05)
    raise RuntimeError("psql did not get the lock on " + table)


def concurrently(count, fn):
    results, barrier = [None] * count, threading.Barrier(count)

    def run(i):
        barrier.wait()
        results[i] = fn(i)
    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


class SessionsTest(unittest.TestCase):
    base = os.environ["CRM_TEST_URL"]

    def test_concurrent_refreshes_never_wait_for_a_second_session(self):
        tokens = [rawhttp.login()["refresh_token"] for _ in range(16)]
        for round_ in range(3):
            results = concurrently(len(tokens), lambda i: call(self.base, "POST", "/api/v2/auth/refresh",
                                                               body={"refresh_token": tokens[i]}))
            statuses = [r[0] for r in results]
            self.assertEqual([200] * len(tokens), statuses, "round %d" % round_)
            tokens = [r[2]["refresh_token"] for r in results]

    def test_statement_past_its_timeout_is_503_with_retry_after(self):
        token = rawhttp.login()["access_token"]
        with SpawnedServer(DB_STATEMENT_TIMEOUT_MS=300) as server:
            base = "http://127.0.0.1:%d" % server.port
            locker = hold_lock("customers", 3)
            status, headers, body, took = call(base, "GET", "/api/v2/customers?page_size=5", token)
            locker.wait()
            self.assertEqual(503, status, body)
            self.assertEqual("5", headers["Retry-After"])
            self.assertIn("took too long", body["detail"])
            self.assertLess(took, 2.5)
            status, _, _, _ = call(base, "GET", "/api/v2/customers?page_size=5", token)
            self.assertEqual(200, status)
        with open(server.log_path) as f:
            log = f.read()
        self.assertNotIn('"level": "error"', log)

    def test_long_reads_leave_sessions_for_everything_else(self):
        token = rawhttp.login()["access_token"]
        _, _, page, _ = call(self.base, "GET", "/api/v2/customers?page_size=1", token)
        customer = page["items"][0]["id"]
        # 4 sessions, of which long reads may hold 1.
        with SpawnedServer(DB_POOL_SIZE=4, DB_LONG_READ_SHARE_PERCENT=25) as server:
            base = "http://127.0.0.1:%d" % server.port
            locker = hold_lock("technicians", 3)
            reports = []
            threads = [threading.Thread(target=lambda: reports.append(call(
                base, "GET", "/api/v2/reports/technician-performance?start_date=2026-01-01&end_date=2026-12-31", token)))
                for _ in range(6)]
            for t in threads:
                t.start()
            time.sleep(0.5)  # every report is waiting: one on the lock, five for their turn
            others = [call(base, "GET", "/api/v2/customers/%d" % customer, token) for _ in range(5)]
            for t in threads:
                t.join()
            locker.wait()
            self.assertEqual([200] * 5, [r[0] for r in others])
            self.assertLess(max(r[3] for r in others), 1.0)  # not behind the 3 s lock
            self.assertIn(200, [r[0] for r in reports])


if __name__ == "__main__":
    unittest.main(verbosity=2)
