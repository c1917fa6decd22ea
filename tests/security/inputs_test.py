"""Inputs the validator used to let through to the database, and text that
reached mail headers (security audit findings 4 and 5): a padded sort value
on every list, invalid UTF-8 and NUL in queries and bodies, control
characters in single-line fields. Each is a clear 422 naming the field, and
no answer carries the database's own text or a constraint's name."""
import json
import os
import sys
import unittest
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import rawhttp  # noqa: E402

BASE = os.environ["CRM_TEST_URL"]
DATABASE_WORDS = ("invalid byte sequence", "violates", "constraint", "_key", "_fkey", "relation", "SQL", "syntax")


def call(method, path, token, body=None, raw_body=None):
    data = raw_body if raw_body is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(BASE + path, data=data, method=method,
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


class InputsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.token = rawhttp.login()["access_token"]
        with urllib.request.urlopen(BASE + "/api/v2/openapi.json", timeout=30) as r:
            cls.doc = json.loads(r.read())

    def assert_clean_422(self, status, text, loc):
        self.assertEqual(422, status, text)
        body = json.loads(text)
        self.assertIn(loc, [e["loc"] for e in body["detail"]], text)
        for word in DATABASE_WORDS:
            self.assertNotIn(word, text)

    def list_routes_with_sort(self):
        for path, item in self.doc["paths"].items():
            op = item.get("get")
            if not op or "{" in path:
                continue
            for p in op.get("parameters", []):
                if p["name"] == "sort":
                    yield path, p["schema"]["enum"][0]

    def test_a_padded_sort_value_is_the_value(self):
        routes = list(self.list_routes_with_sort())
        self.assertGreaterEqual(len(routes), 6, routes)
        for path, value in routes:
            for padded in (" " + value, value + " ", "%20" + value):
                query = urllib.parse.quote(padded) if not padded.startswith("%") else padded
                status, text = call("GET", "%s?sort=%s" % (path, query), self.token)
                self.assertEqual(200, status, "%s sort=%r: %s" % (path, padded, text))

    def test_invalid_utf8_in_a_query_is_422_naming_it(self):
        for path in ("/api/v2/customers", "/api/v2/technicians", "/api/v2/work-orders"):
            status, text = call("GET", path + "?search=%FF", self.token)
            self.assert_clean_422(status, text, ["query", "search"])
            self.assertIn("UTF-8", text)

    def test_nul_in_a_json_string_is_422_naming_it(self):
        status, text = call("POST", "/api/v2/customers", self.token, raw_body=b'{"name": "Nul\\u0000Inside"}')
        self.assert_clean_422(status, text, ["body", "name"])
        status, text = call("POST", "/api/v2/customers", self.token, raw_body=b'{"name": "Bad \xff byte"}')
        self.assertIn(status, (400, 422), text)
        for word in DATABASE_WORDS:
            self.assertNotIn(word, text)

    def test_line_breaks_in_single_line_fields_are_422(self):
        cases = [
            ("POST", "/api/v2/customers", {"name": "Evil\r\nBcc: victim@example.com"}, ["body", "name"]),
            ("POST", "/api/v2/technicians", {"name": "Tech\nX-Header: 1"}, ["body", "name"]),
            ("POST", "/api/v2/email-campaigns", {"name": "Camp\rX", "subject": "Hi", "body_text": "x"}, ["body", "name"]),
            ("POST", "/api/v2/email-campaigns", {"name": "Camp", "subject": "Hi\r\nBcc: x@example.com", "body_text": "x"},
             ["body", "subject"]),
            ("POST", "/api/v2/customers", {"name": "Tab\tinside"}, ["body", "name"]),
        ]
        for method, path, body, loc in cases:
            status, text = call(method, path, self.token, body)
            self.assert_clean_422(status, text, loc)
            self.assertIn("single line", text)

    def test_multi_line_fields_keep_their_line_breaks(self):
        status, text = call("POST", "/api/v2/customers", self.token,
                            {"name": "Multi Line Notes", "notes": "Gate code 1234\nDog in yard\r\n\tBeware"})
        self.assertEqual(201, status, text)
        self.assertEqual("Gate code 1234\nDog in yard\r\n\tBeware", json.loads(text)["notes"])
        status, text = call("POST", "/api/v2/customers", self.token, {"name": "Bell", "notes": "ring\x07ring"})
        self.assert_clean_422(status, text, ["body", "notes"])

    def test_a_form_body_with_broken_percent_encoding_is_400(self):
        # Found by the hostile sweep and by the form fuzzer.
        for form in (b"username=%zz&password=x", b"%", b"password=%4", b"username=admin%"):
            request = urllib.request.Request(BASE + "/api/v2/auth/login", data=form, method="POST",
                                             headers={"Content-Type": "application/x-www-form-urlencoded"})
            try:
                with urllib.request.urlopen(request, timeout=30) as r:
                    status, text = r.status, r.read().decode()
            except urllib.error.HTTPError as e:
                status, text = e.code, e.read().decode()
            self.assertEqual(400, status, "%r: %s" % (form, text))  # was 500, logged as a bug
            self.assertIn("percent-encoding", json.loads(text)["detail"])

    def test_an_answer_that_echoes_bytes_that_are_not_utf8_is_still_utf8_json(self):
        # The 415 names the content type it got: it used to copy the raw
        # bytes into the JSON, which then was not UTF-8.
        request = urllib.request.Request(BASE + "/api/v2/customers", data=b"{}", method="POST",
                                         headers={"Authorization": "Bearer " + self.token,
                                                  "Content-Type": "text/\xfe\xc0\xaf"})
        with self.assertRaises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        self.assertEqual(415, refused.exception.code)
        detail = json.loads(refused.exception.read().decode("utf-8"))["detail"]
        self.assertIn("text/\ufffd\ufffd\ufffd", detail)

    def test_database_errors_name_no_constraint(self):
        status, text = call("POST", "/api/v2/work-orders", self.token,
                            {"customer_id": 2147483000, "description": "orphan"})
        self.assertIn(status, (404, 422), text)
        for word in DATABASE_WORDS:
            self.assertNotIn(word, text)


if __name__ == "__main__":
    unittest.main(verbosity=2)
