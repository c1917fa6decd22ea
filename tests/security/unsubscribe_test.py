"""GET /email/unsubscribe changes nothing (security audit finding 12): mail
scanners follow every link, so the GET answers a page whose one button
POSTs; the RFC 8058 one-click POST unsubscribes."""
import json
import os
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import rawhttp  # noqa: E402

BASE = os.environ["CRM_TEST_URL"]


def call(method, path, token=None, body=None, form=None):
    headers = {}
    data = None
    if token:
        headers["Authorization"] = "Bearer " + token
    if body is not None:
        headers["Content-Type"], data = "application/json", json.dumps(body).encode()
    if form is not None:
        headers["Content-Type"], data = "application/x-www-form-urlencoded", form.encode()
    request = urllib.request.Request(BASE + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


def suppressed(email):
    return subprocess.run(["psql", "-qtAX", os.environ["DATABASE_URL"], "-c",
                           "SELECT count(*) FROM email_suppressions WHERE email = lower('%s')" % email.replace("'", "''")],
                          capture_output=True, text=True, check=True).stdout.strip()


class UnsubscribeTest(unittest.TestCase):
    def test_the_link_shows_a_page_and_only_the_post_unsubscribes(self):
        token = rawhttp.login()["access_token"]
        tag = "%d%d" % (os.getpid(), int(time.time()))
        email, region = "o'brien+%s@unsub.example" % tag, "Unsub-" + tag
        self.assertEqual(201, call("POST", "/api/v2/customers", token,
                                   {"name": "O'Brien <&>", "email": email, "region": region})[0])
        status, _, text = call("POST", "/api/v2/email-campaigns", token,
                               {"name": "Unsub", "subject": "Hello", "body_text": "Hi {{name}}",
                                "audience": {"region": region}})
        self.assertEqual(201, status, text)
        self.assertEqual(202, call("POST", "/api/v2/email-campaigns/%d/send" % json.loads(text)["id"], token)[0])
        header = None
        for _ in range(100):
            lines = open(os.environ["CRM_TEST_SMTP_LOG"]) if os.path.exists(os.environ["CRM_TEST_SMTP_LOG"]) else []
            for line in lines:
                if line.endswith("}\n") and email in line:
                    header = json.loads(line)["list_unsubscribe"]
            if header:
                break
            time.sleep(0.1)
        self.assertIsNotNone(header, "the message did not arrive")
        url = header.strip("<>")
        path = url[url.index("/api/v2"):]

        for _ in range(3):  # a scanner, a preview, a person reading
            status, headers, page = call("GET", path)
            self.assertEqual(200, status, page)
            self.assertTrue(headers["Content-Type"].startswith("text/html"))
            self.assertIn('method="post"', page)
            self.assertIn('name="List-Unsubscribe" value="One-Click"', page)
            self.assertIn("o&#39;brien+%s@unsub.example" % tag, page)
            self.assertNotIn(email, page)  # escaped, never raw
            self.assertIn("no-store", headers["Cache-Control"])
        self.assertEqual("0", suppressed(email))

        status, _, text = call("POST", path, form="List-Unsubscribe=One-Click")
        self.assertEqual(200, status, text)
        self.assertEqual("unsubscribed", json.loads(text)["status"])
        self.assertEqual("1", suppressed(email))

    def test_a_bad_token_is_400_json(self):
        status, headers, text = call("GET", "/api/v2/email/unsubscribe?token=nonsense")
        self.assertEqual(400, status)
        self.assertTrue(headers["Content-Type"].startswith("application/json"))
        self.assertIn("invalid", json.loads(text)["detail"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
