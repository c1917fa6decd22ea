"""Connection limits on a server started with small ones: a head that does
not arrive in time is closed, slow clients hold no worker thread, each
client address has a cap, and at the connection limit idle connections
make room first."""
import os
import socket
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import rawhttp  # noqa: E402
from spawned_server import SpawnedServer  # noqa: E402

HEAD_TIMEOUT = 2
SETTINGS = dict(HTTP_THREADS=4, HTTP_MAX_CONNECTIONS=40, HTTP_MAX_CONNECTIONS_PER_CLIENT=20,
                HTTP_HEADER_TIMEOUT_SECONDS=HEAD_TIMEOUT, HTTP_KEEP_ALIVE_SECONDS=30)
HEALTH = b"GET /health HTTP/1.1\r\nHost: test\r\n\r\n"


class LimitsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        rawhttp.raise_open_files_limit()
        cls.server = SpawnedServer(**SETTINGS).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def connect(self, source):
        return rawhttp.connect(source=source, address=self.server.address)

    def health(self, source="127.0.0.1", wait=5.0):
        sock = self.connect(source)
        sock.settimeout(wait)
        sock.sendall(HEALTH)
        status = rawhttp.Reader(sock).response().status
        sock.close()
        return status

    def test_unfinished_head_is_closed_with_408_after_the_deadline(self):
        sock = self.connect("127.0.0.7")
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: test\r\n")
        started = time.monotonic()
        reader = rawhttp.Reader(sock)
        sock.settimeout(HEAD_TIMEOUT + 5)
        r = reader.response()
        waited = time.monotonic() - started
        self.assertEqual(408, r.status)
        self.assertGreaterEqual(waited, HEAD_TIMEOUT - 0.5)
        self.assertTrue(reader.closed(wait=2))
        sock.close()

    def test_silent_connection_is_closed_after_the_deadline(self):
        sock = self.connect("127.0.0.7")
        reader = rawhttp.Reader(sock)
        self.assertTrue(reader.closed(wait=HEAD_TIMEOUT + 5))
        self.assertEqual(b"", reader.buffer)
        sock.close()

    def test_slow_clients_hold_no_worker(self):
        # Four worker threads; ten clients dribbling their heads would take
        # all of them if a connection held a thread.
        slow = []
        for i in range(10):
            s = self.connect("127.0.0.8")
            s.sendall(b"GET /health HTTP/1.1\r\n")
            slow.append(s)
        for _ in range(3):
            for s in slow:
                s.sendall(b"X-Slow: 1\r\n")
            started = time.monotonic()
            self.assertEqual(200, self.health(wait=1.0))
            self.assertLess(time.monotonic() - started, 1.0)
            time.sleep(0.3)
        for s in slow:
            s.close()

    def test_one_address_is_capped(self):
        held = [self.connect("127.0.0.9") for _ in range(SETTINGS["HTTP_MAX_CONNECTIONS_PER_CLIENT"])]
        time.sleep(0.2)
        extra = self.connect("127.0.0.9")
        extra.settimeout(5)
        r = rawhttp.Reader(extra).response()
        self.assertEqual(503, r.status)
        self.assertIn("Too many connections from your address", r.json()["detail"])
        self.assertEqual("5", r.header("Retry-After"))
        extra.close()
        self.assertEqual(200, self.health(source="127.0.0.10"))
        for s in held:
            s.close()
        time.sleep(0.3)
        self.assertEqual(200, self.health(source="127.0.0.9"))

    def test_at_the_limit_idle_connections_make_room_first(self):
        time.sleep(0.5)  # connections of earlier tests are closed
        idle = []
        for i in range(30):  # keep-alive connections that finished a request
            s = self.connect("127.0.1.%d" % (i // 10 + 1))
            s.sendall(HEALTH)
            self.assertEqual(200, rawhttp.Reader(s).response().status)
            idle.append(s)
        pending = []
        for i in range(10):  # heads still arriving
            s = self.connect("127.0.2.1")
            s.sendall(b"GET /health HTTP/1.1\r\n")
            pending.append(s)
        time.sleep(0.3)
        # The server is full (40); each newcomer closes the oldest idle one
        # and, once answered, stays open as the newest idle one.
        newcomers = []
        for i in range(5):
            s = self.connect("127.0.3.1")
            s.sendall(HEALTH)
            s.settimeout(5)
            self.assertEqual(200, rawhttp.Reader(s).response().status)
            newcomers.append(s)
        self.assertEqual([True] * 5, [rawhttp.Reader(s).closed(wait=1) for s in idle[:5]])
        self.assertEqual([False] * 5, [rawhttp.Reader(s).closed(wait=0.05) for s in idle[5:10]])
        for s in pending:  # still open: they finish their heads and are served
            s.sendall(b"Host: test\r\n\r\n")
            s.settimeout(5)
            self.assertEqual(200, rawhttp.Reader(s).response().status)
        for s in idle + pending + newcomers:
            s.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
