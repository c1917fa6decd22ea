"""Settings from the environment change what the server does. These four
were once documented and never read (HTTP_KEEP_ALIVE_SECONDS was in the
README): each is set to a value of its own on a spawned server, and the
server is seen to keep to it over HTTP."""
import base64
import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import rawhttp  # noqa: E402
from jsonapi import call, login  # noqa: E402
from spawned_server import SpawnedServer  # noqa: E402

KEEP_ALIVE_SECONDS = 2
MAX_BODY_BYTES = 2048
MAX_JSON_DEPTH = 4
REFRESH_TOKEN_DAYS = 3
LOGIN = "/api/v2/auth/login"


def claims(jwt):
    payload = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


class EnvironmentTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = SpawnedServer(HTTP_KEEP_ALIVE_SECONDS=KEEP_ALIVE_SECONDS, HTTP_MAX_BODY_BYTES=MAX_BODY_BYTES,
                                   HTTP_MAX_JSON_DEPTH=MAX_JSON_DEPTH, REFRESH_TOKEN_DAYS=REFRESH_TOKEN_DAYS).__enter__()
        cls.base = "http://127.0.0.1:%d" % cls.server.port

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def test_http_keep_alive_seconds_closes_an_idle_connection(self):
        sock = rawhttp.connect(address=self.server.address)
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: test\r\n\r\n")
        reader = rawhttp.Reader(sock)
        self.assertEqual(200, reader.response().status)
        idle_since = time.monotonic()
        self.assertTrue(reader.closed(wait=KEEP_ALIVE_SECONDS + 5), "the idle connection was kept open")
        self.assertGreaterEqual(time.monotonic() - idle_since, KEEP_ALIVE_SECONDS - 0.5)
        sock.close()

    def test_http_max_body_bytes_refuses_a_larger_body(self):
        body = {"email": "env-test-%d@example.com" % os.getpid(), "password": "x" * MAX_BODY_BYTES}
        answer = call("POST", LOGIN, body, base=self.base)
        self.assertEqual(413, answer.status, answer.body)
        self.assertIn("the limit is %d bytes" % MAX_BODY_BYTES, answer.body)
        self.assertNotEqual(413, call("POST", LOGIN, body).status, "the main test server has the default limit")

    def test_http_max_json_depth_refuses_deeper_nesting(self):
        nested = "x"
        for _ in range(MAX_JSON_DEPTH + 1):
            nested = [nested]
        answer = call("POST", LOGIN, {"email": nested, "password": "p"}, base=self.base)
        self.assertEqual(400, answer.status, answer.body)
        self.assertIn("deeper than %d levels" % MAX_JSON_DEPTH, answer.body)

    def test_refresh_token_days_is_the_refresh_tokens_lifetime(self):
        tokens = login(os.environ["CRM_TEST_ADMIN_EMAIL"], os.environ["CRM_TEST_ADMIN_PASSWORD"], self.base)
        refresh = claims(tokens["refresh_token"])
        self.assertEqual(REFRESH_TOKEN_DAYS * 86400, refresh["exp"] - refresh["iat"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
