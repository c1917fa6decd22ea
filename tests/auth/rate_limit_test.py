"""Refresh and logout are limited per user, over real HTTP, on a server
started with a small limit and a short window: past the limit one user is
answered 429 with Retry-After and a detail saying what to do, another user
is not, a refused refresh does not spend its token and a refused logout
revokes nothing, and the window's end lifts the limit."""
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import jsonapi  # noqa: E402
from spawned_server import SpawnedServer  # noqa: E402

LIMIT, WINDOW = 3, 5
SETTINGS = dict(AUTH_REFRESH_MAX_PER_USER=LIMIT, AUTH_LOGOUT_MAX_PER_USER=LIMIT, AUTH_TOKEN_WINDOW_SECONDS=WINDOW)


class RateLimitTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = SpawnedServer(**SETTINGS).__enter__()
        cls.base = "http://127.0.0.1:%d" % cls.server.port
        cls.admin = jsonapi.admin_token(cls.base)

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def call(self, method, path, body=None, token=None):
        return jsonapi.call(method, path, body, token, self.base)

    def login(self, email):
        return jsonapi.login(email, base=self.base)

    def refresh(self, token):
        return self.call("POST", "/api/v2/auth/refresh", {"refresh_token": token})

    def assert_limited(self, answer, wording):
        self.assertEqual(429, answer.status, answer.body)
        wait = int(answer.header("Retry-After"))
        self.assertTrue(1 <= wait <= WINDOW, wait)
        detail = answer.json()["detail"]
        self.assertIn(wording, detail)
        self.assertIn("retry in %d s" % wait, detail)
        return wait

    def test_refresh_past_the_limit_is_429_and_does_not_spend_the_token(self):
        user, other = (jsonapi.new_user(self.admin, "limit", base=self.base) for _ in range(2))
        token = self.login(user)["refresh_token"]
        for _ in range(LIMIT):
            answer = self.refresh(token)
            self.assertEqual(200, answer.status, answer.body)
            token = answer.json()["refresh_token"]
        wait = self.assert_limited(self.refresh(token), "Too many token refreshes")

        self.assertEqual(200, self.refresh(self.login(other)["refresh_token"]).status)

        # The refused token is still the live one of its family: once the
        # window ends it refreshes (a spent token would be a replay: 401).
        time.sleep(wait)
        answer = self.refresh(token)
        self.assertEqual(200, answer.status, answer.body)
        self.assertEqual(200, self.refresh(answer.json()["refresh_token"]).status)

    def test_logout_past_the_limit_is_429_and_revokes_nothing(self):
        user, other = (jsonapi.new_user(self.admin, "limit", base=self.base) for _ in range(2))
        sessions = [self.login(user) for _ in range(LIMIT + 1)]
        for s in sessions[:LIMIT]:
            self.assertEqual(204, self.call("POST", "/api/v2/auth/logout", {}, s["access_token"]).status)
        last = sessions[LIMIT]
        wait = self.assert_limited(
            self.call("POST", "/api/v2/auth/logout", {"refresh_token": last["refresh_token"]}, last["access_token"]),
            "Too many logouts")
        self.assertEqual(200, self.call("GET", "/api/v2/auth/me", token=last["access_token"]).status)
        self.assertEqual(200, self.refresh(last["refresh_token"]).status)

        self.assertEqual(204, self.call("POST", "/api/v2/auth/logout", {}, self.login(other)["access_token"]).status)

        time.sleep(wait)
        self.assertEqual(204, self.call("POST", "/api/v2/auth/logout", {}, last["access_token"]).status)
        self.assertEqual(401, self.call("GET", "/api/v2/auth/me", token=last["access_token"]).status)


if __name__ == "__main__":
    unittest.main()
