"""The host API at the plugin boundary: a plugin's misuse is refused with a
status, not a crash, and every failure there is logged once, naming the
plugin, the request id and the host function, so a 500 always has a cause
in the log. The fixture plugin `faulty` does each misuse through the C ABI
or the C++ wrapper (tests/fixtures/plugins/faulty/faulty.cpp)."""
import json
import os
import sys
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from fixture_plugins import plugin_folder  # noqa: E402
from spawned_server import SpawnedServer  # noqa: E402


class BoundaryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        path = os.environ["CRM_PLUGIN_PATH"] + ":" + plugin_folder("faulty")
        cls.server = SpawnedServer(CRM_PLUGIN_PATH=path).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def get(self, route):
        url = "http://127.0.0.1:%d/api/v2/faulty/%s" % (self.server.port, route)
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                return r.status, r.headers["X-Request-ID"], json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, e.headers["X-Request-ID"], json.loads(e.read())

    def error_lines(self, request_id):
        with open(self.server.log_path) as f:
            return [json.loads(line) for line in f
                    if request_id in line and '"level": "error"' in line and line.startswith("{")]

    def assert_logged_once(self, request_id, *fragments):
        lines = self.error_lines(request_id)
        self.assertEqual(1, len(lines), lines)
        self.assertEqual("plugin.faulty", lines[0]["logger"])
        for fragment in fragments:
            self.assertIn(fragment, lines[0]["msg"])

    def test_a_null_out_pointer_is_an_argument_error_not_a_crash(self):
        status, request_id, body = self.get("null-out-pointer")
        self.assertEqual((200, {"status": 1}), (status, body))  # CRM_ERR_ARGUMENT, handed back to the plugin
        self.assert_logged_once(request_id, "request_param", "`value` is NULL")
        self.assertIsNone(self.server.process.poll(), "the server died")

    def test_a_status_that_is_not_http_fails_the_request_and_says_so(self):
        status, request_id, body = self.get("bad-status")
        self.assertEqual((500, {"detail": "Internal server error"}), (status, body))
        self.assert_logged_once(request_id, "response_status", "42 is not an HTTP status")

    def test_text_read_as_an_integer_fails_instead_of_passing_for_zero(self):
        status, request_id, body = self.get("text-as-integer")
        self.assertEqual((500, {"detail": "Internal server error"}), (status, body))
        self.assert_logged_once(request_id, "'twelve', not an integer")

    def test_columns_are_read_by_their_declared_names_and_types(self):
        status, _, body = self.get("named-columns")
        self.assertEqual((200, {"text": "maybe", "number": 7, "yes": True, "no": False, "nothing_is_null": True}),
                         (status, body))

    def test_a_misread_row_fails_the_request_and_says_why(self):
        for how, why in (("column-count", "declares 1 columns and returned 2"),
                         ("null-as-text", "column 'nothing' is NULL"),
                         ("undeclared", "declares no column 'other'"),
                         ("text-as-boolean", "column 'text' is 'maybe', not a boolean")):
            with self.subTest(how=how):
                status, request_id, body = self.get("misread/" + how)
                self.assertEqual((500, {"detail": "Internal server error"}), (status, body))
                self.assert_logged_once(request_id, why)

    def test_the_server_still_serves_after_each_misuse(self):
        for route in ("null-out-pointer", "bad-status", "text-as-integer", "misread/undeclared"):
            self.get(route)
        self.assertEqual(200, self.get("fine")[0])


if __name__ == "__main__":
    unittest.main()
