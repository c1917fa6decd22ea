"""The login limit (security audit finding 3): an email padded with NUL
gets no counter of its own; concurrent guesses are counted before they are
hashed; behind a trusted proxy each client is counted by its X-Forwarded-For
address (IPv6 per /64), and from any other peer the header changes nothing."""
import os
import sys
import threading
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import jsonapi  # noqa: E402
from spawned_server import SpawnedServer  # noqa: E402

BASE = os.environ["CRM_TEST_URL"]


def login(base, email, password="wrong-password-123", forwarded=None, raw=None):
    return jsonapi.call("POST", "/api/v2/auth/login", {"email": email, "password": password}, base=base,
                        headers={"X-Forwarded-For": forwarded} if forwarded else None, raw=raw).status


class LoginLimitsTest(unittest.TestCase):
    def test_nul_padded_emails_get_no_counter_of_their_own(self):
        email = "nul-%d@test.example" % os.getpid()
        for i in range(12):
            raw = ('{"email": "%s\\u0000%d", "password": "wrong-password-123"}' % (email, i)).encode()
            self.assertEqual(422, login(BASE, email, raw=raw))
        statuses = [login(BASE, email) for _ in range(7)]
        self.assertEqual([401] * 5 + [429] * 2, statuses)

    def test_concurrent_guesses_are_counted_before_hashing(self):
        email = "race-%d@test.example" % os.getpid()
        statuses, barrier = [], threading.Barrier(30)

        def guess():
            barrier.wait()
            statuses.append(login(BASE, email))
        threads = [threading.Thread(target=guess) for _ in range(30)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(5, statuses.count(401), statuses)  # LOGIN_MAX_FAILURES_PER_EMAIL in scripts/test
        self.assertEqual(25, statuses.count(429), statuses)

    def test_behind_a_trusted_proxy_each_client_has_its_own_counter(self):
        settings = dict(TRUSTED_PROXIES="10.9.9.0/24, 127.0.0.1/32", LOGIN_MAX_FAILURES_PER_IP=3,
                        LOGIN_MAX_FAILURES_PER_EMAIL=1000)
        with SpawnedServer(**settings) as server:
            base = "http://127.0.0.1:%d" % server.port
            email = lambda i: "proxy-%d-%d@test.example" % (os.getpid(), i)  # noqa: E731
            self.assertEqual([401, 401, 401, 429],
                             [login(base, email(i), forwarded="203.0.113.5") for i in range(4)])
            self.assertEqual(401, login(base, email(9), forwarded="203.0.113.6"))
            # The client's own hops left of the proxy's entry prove nothing.
            self.assertEqual(429, login(base, email(10), forwarded="198.51.100.1, 203.0.113.5"))
            # A chain of trusted proxies: the first untrusted hop from the right.
            self.assertEqual(429, login(base, email(11), forwarded="203.0.113.5, 10.9.9.7"))
            # IPv6 clients are counted per /64.
            self.assertEqual([401, 401, 401, 429],
                             [login(base, email(20 + i), forwarded="2001:db8:1:2::%d" % (i + 1)) for i in range(4)])
            self.assertEqual(401, login(base, email(30), forwarded="2001:db8:1:3::1"))

    def test_from_an_untrusted_peer_x_forwarded_for_is_ignored(self):
        with SpawnedServer(LOGIN_MAX_FAILURES_PER_IP=3, LOGIN_MAX_FAILURES_PER_EMAIL=1000) as server:
            base = "http://127.0.0.1:%d" % server.port
            statuses = [login(base, "spoof-%d-%d@test.example" % (os.getpid(), i), forwarded="203.0.113.%d" % i)
                        for i in range(5)]
            self.assertEqual([401, 401, 401, 429, 429], statuses)


if __name__ == "__main__":
    unittest.main(verbosity=2)
