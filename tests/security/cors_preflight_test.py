"""A browser must see the server's answers, not a network failure. Before
a cross-origin request with a token or a JSON body, a browser sends a
preflight (OPTIONS with Access-Control-Request-Method); unless that is
answered 2xx with CORS headers that allow the method, the browser reports
net::ERR_FAILED and the page never sees the real status. So a preflight
from an allowed origin to any path under /api/v2 is answered 204, allowing
the method asked for, and the request that follows gets its real status
(404, 405, ...) with CORS headers. Other origins still get none."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import jsonapi  # noqa: E402

ALLOWED = "http://localhost:5173"


def preflight(path, method, origin=ALLOWED):
    return jsonapi.call("OPTIONS", path, headers={
        "Origin": origin, "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "authorization, content-type"})


def allowed_methods(answer):
    return [m.strip() for m in answer.header("Access-Control-Allow-Methods").split(",") if m.strip()]


class CorsPreflightTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.token = jsonapi.admin_token()

    def assert_browser_may_send(self, answer, method):
        self.assertEqual(204, answer.status, answer.body)
        self.assertEqual(ALLOWED, answer.header("Access-Control-Allow-Origin"))
        self.assertEqual("true", answer.header("Access-Control-Allow-Credentials"))
        self.assertIn(method, allowed_methods(answer))
        self.assertIn("Authorization", answer.header("Access-Control-Allow-Headers"))

    def test_a_path_the_server_does_not_have_gets_its_404_through(self):
        path = "/api/v2/no-such-resource/7"
        self.assert_browser_may_send(preflight(path, "GET"), "GET")
        answer = jsonapi.call("GET", path, token=self.token, headers={"Origin": ALLOWED})
        self.assertEqual(404, answer.status)
        self.assertEqual(ALLOWED, answer.header("Access-Control-Allow-Origin"))
        self.assertIn('"detail"', answer.body)

    def test_a_method_the_path_does_not_allow_gets_its_405_through(self):
        path = "/api/v2/customers/"
        self.assert_browser_may_send(preflight(path, "DELETE"), "DELETE")
        answer = jsonapi.call("DELETE", path, token=self.token, headers={"Origin": ALLOWED})
        self.assertEqual(405, answer.status)
        self.assertEqual(ALLOWED, answer.header("Access-Control-Allow-Origin"))

    def test_a_known_route_still_lists_its_own_methods(self):
        answer = preflight("/api/v2/customers/", "POST")
        self.assert_browser_may_send(answer, "POST")
        self.assertIn("GET", allowed_methods(answer))

    def test_another_origin_gets_no_cors_headers(self):
        answer = preflight("/api/v2/no-such-resource", "GET", origin="https://evil.example.com")
        self.assertEqual("", answer.header("Access-Control-Allow-Origin"))
        self.assertEqual("", answer.header("Access-Control-Allow-Methods"))

    def test_outside_the_api_a_missing_path_is_still_404(self):
        self.assertEqual(404, preflight("/no-such-page", "GET").status)


if __name__ == "__main__":
    unittest.main()
