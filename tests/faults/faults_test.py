"""Faults, with real processes: a plugin handler that throws; SIGTERM under
load (requests already received complete, new connections are refused, the
process exits within its bound, the campaign sender stops and its deliveries
are finished by another node); PostgreSQL stopped for 10 s under 32 clients
reading and writing (503 with Retry-After meanwhile, recovery without a
restart, every write answered 2xx is in the database, counters consistent)."""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "connections"))
import rawhttp  # noqa: E402
from sessions_test import call, hold_lock  # noqa: E402
from fixture_plugins import plugin_folder  # noqa: E402
from spawned_server import SpawnedServer  # noqa: E402

BASE = os.environ["CRM_TEST_URL"]


def sql(query):
    return subprocess.run(["psql", "-qtAX", "-v", "ON_ERROR_STOP=1", os.environ["DATABASE_URL"], "-c", query],
                          capture_output=True, text=True, check=True).stdout.strip()


def sink_messages(needle):
    found = []
    with open(os.environ["CRM_TEST_SMTP_LOG"]) as f:
        for line in f:
            if line.endswith("}\n") and needle in line:
                found.append(json.loads(line))
    return found


class Client:
    """One keep-alive connection, as a browser tab or a dispatcher's script."""

    def __init__(self, port, token):
        self.port, self.token, self.conn = port, token, None

    def request(self, method, path, body=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Authorization": "Bearer " + self.token}
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            r = self.conn.getresponse()
            data = r.read()
            return r.status, r.getheader("Retry-After"), data
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise


class FaultsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.token = rawhttp.login()["access_token"]

    def test_a_plugin_handler_that_throws_is_500_and_the_server_keeps_serving(self):
        path = os.environ["CRM_PLUGIN_PATH"] + ":" + plugin_folder("faulty")
        with SpawnedServer(CRM_PLUGIN_PATH=path) as server:
            base = "http://127.0.0.1:%d" % server.port
            for _ in range(20):
                for route in ("/api/v2/faulty/throws", "/api/v2/faulty/throws-other"):
                    status, _, body, _ = call(base, "GET", route)
                    self.assertEqual(500, status, route)
                    self.assertEqual({"detail": "Internal server error"}, body)
                status, _, body, _ = call(base, "GET", "/api/v2/faulty/fine")
                self.assertEqual((200, {"fine": True}), (status, body))
                self.assertEqual(200, call(base, "GET", "/api/v2/customers?page_size=1", self.token)[0])
            self.assertIsNone(server.process.poll(), "the server died")
        with open(server.log_path) as f:
            errors = [line for line in f if '"level": "error"' in line]
        # Logged once each, with the plugin named, and no internals sent.
        self.assertEqual(40, len(errors))
        self.assertTrue(all("faulty" in line for line in errors))
        self.assertTrue(any("deliberate failure" in line for line in errors))

    def test_sigterm_finishes_what_was_received_refuses_the_rest_and_exits_in_time(self):
        domain = "term%d.example" % os.getpid()
        region = "Term-%d" % os.getpid()
        for i in range(150):
            status, _, _, _ = call(BASE, "POST", "/api/v2/customers", self.token,
                                   {"name": "Term %d" % i, "email": "r%d+slow@%s" % (i, domain), "region": region})
            self.assertEqual(201, status)
        with SpawnedServer(HTTP_SHUTDOWN_SECONDS=10, EMAIL_RATE_PER_SECOND=20) as server:
            base = "http://127.0.0.1:%d" % server.port
            status, _, campaign, _ = call(base, "POST", "/api/v2/email-campaigns", self.token,
                                          {"name": "Term", "subject": "SIGTERM test", "body_text": "Hi {{name}}",
                                           "audience": {"region": region}})
            self.assertEqual(201, status)
            self.assertEqual(202, call(base, "POST", "/api/v2/email-campaigns/%d/send" % campaign["id"], self.token)[0])

            # Load on keep-alive connections, and one request the database
            # holds (a lock) across the signal.
            stop, results = threading.Event(), []

            def load():
                client = Client(server.port, self.token)
                while not stop.is_set():
                    try:
                        results.append(client.request("GET", "/api/v2/customers?page_size=5")[0])
                    except (OSError, http.client.HTTPException) as e:
                        results.append(type(e).__name__)
                        time.sleep(0.05)
            loaders = [threading.Thread(target=load) for _ in range(16)]
            for t in loaders:
                t.start()
            time.sleep(1)
            locker = hold_lock("technicians", 2)
            held = []
            slow = threading.Thread(target=lambda: held.append(call(base, "GET", "/api/v2/technicians", self.token)))
            slow.start()
            time.sleep(0.3)
            signalled = time.monotonic()
            server.process.send_signal(signal.SIGTERM)
            time.sleep(0.3)
            with self.assertRaises(ConnectionRefusedError):
                socket.create_connection(("127.0.0.1", server.port), timeout=2)
            code = server.process.wait(timeout=20)
            exited = time.monotonic() - signalled
            stop.set()
            for t in loaders + [slow]:
                t.join()
            locker.wait()
        self.assertEqual(0, code)
        self.assertLess(exited, 12)  # HTTP_SHUTDOWN_SECONDS=10, plus the sender's stop
        self.assertEqual(200, held[0][0], "the request in flight at SIGTERM was not finished")
        answered = [r for r in results if isinstance(r, int)]
        self.assertGreater(len(answered), 50)
        self.assertEqual([], [r for r in answered if r != 200], "answers other than 200 during shutdown")
        with open(server.log_path) as f:
            log = f.read()
        self.assertIn("job email-sender stopped", log)
        self.assertNotIn('"level": "error"', log)

        # The main test server's sender finishes the campaign: nothing the
        # stopped node had claimed is lost.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status, _, c, _ = call(BASE, "GET", "/api/v2/email-campaigns/%d" % campaign["id"], self.token)
            if c["status"] == "sent":
                break
            time.sleep(0.2)
        self.assertEqual(("sent", 150, 0), (c["status"], c["sent_count"], c["failed_count"]))
        per_address = {}
        for m in sink_messages("@" + domain):
            per_address[m["to"][0]] = per_address.get(m["to"][0], 0) + 1
        self.assertEqual(150, len(per_address))
        self.assertLessEqual(sum(per_address.values()) - 150, 1)  # at most the message in flight

    def test_database_stopped_for_10s_under_load(self):
        work_orders = [int(x) for x in sql("SELECT id FROM work_orders ORDER BY id LIMIT 32").split()]
        self.assertEqual(32, len(work_orders))
        port = rawhttp.server_address()[1]
        stop = threading.Event()
        answered_writes = {}   # work order -> notes of every PATCH answered 2xx
        attempted = {}         # work order -> notes of every PATCH sent
        created, statuses, lock = [], [], threading.Lock()

        def client(i):
            c, n, wo = Client(port, self.token), 0, work_orders[i]
            while not stop.is_set():
                n += 1
                notes = "outage-%d-%d-%d" % (os.getpid(), i, n)
                try:
                    if n % 3 == 0:
                        status, retry, body = c.request("POST", "/api/v2/customers", {"name": notes})
                        if status == 201:
                            with lock:
                                created.append(json.loads(body)["id"])
                    elif n % 3 == 1:
                        attempted.setdefault(wo, []).append(notes)
                        status, retry, _ = c.request("PATCH", "/api/v2/work-orders/%d" % wo, {"notes": notes})
                        if 200 <= status < 300:
                            answered_writes.setdefault(wo, []).append(notes)
                    else:
                        status, retry, _ = c.request("GET", "/api/v2/work-orders/%d" % wo)
                    with lock:
                        statuses.append((status, retry))
                    if status == 503:
                        time.sleep(0.2)
                except (OSError, http.client.HTTPException):
                    time.sleep(0.2)
        threads = [threading.Thread(target=client, args=(i,)) for i in range(32)]
        for t in threads:
            t.start()
        time.sleep(3)
        subprocess.run(os.environ["CRM_TEST_DB_STOP"], shell=True, check=True)
        try:
            time.sleep(10)
        finally:
            subprocess.run(os.environ["CRM_TEST_DB_START"], shell=True, check=True)
        recovered_at = len(statuses)
        time.sleep(5)
        stop.set()
        for t in threads:
            t.join()

        codes = [s for s, _ in statuses]
        self.assertIn(503, codes, "the outage was not seen")
        self.assertEqual([], [s for s in codes if s >= 500 and s != 503])
        self.assertEqual([], [s for s in codes if s < 200 or (300 <= s < 500)])
        self.assertTrue(all(r for s, r in statuses if s == 503), "a 503 without Retry-After")
        after = codes[recovered_at:]
        self.assertGreater(after.count(200) + after.count(201), 100)
        tail = codes[-200:]
        self.assertEqual([], [s for s in tail if s == 503], "not recovered by the end")

        # Every write answered 2xx is in the database.
        if created:
            found = int(sql("SELECT count(*) FROM customers WHERE id IN (%s)" % ",".join(map(str, created))))
            self.assertEqual(len(created), found)
        for wo, answered in answered_writes.items():
            current = sql("SELECT notes FROM work_orders WHERE id = %d" % wo)
            sent = attempted[wo]
            # The newest answered write, or one sent after it whose answer was lost.
            self.assertIn(current, sent[sent.index(answered[-1]):], "work order %d lost a write" % wo)
        # No write half-applied: the counters still match a recount.
        mismatch = sql("SELECT count(*) FROM (SELECT status, sum(n) AS n FROM work_order_counts GROUP BY status) c "
                       "FULL JOIN (SELECT status, count(*) AS n FROM work_orders GROUP BY status) w USING (status) "
                       "WHERE coalesce(c.n, 0) <> coalesce(w.n, 0)")
        self.assertEqual("0", mismatch)


if __name__ == "__main__":
    unittest.main(verbosity=2)
