"""Header injection and SMTP smuggling (security audit finding 4): text
stored before the validator refused control characters (put in with SQL
here) cannot add a mail header; a body's bare LF followed by "." reaches
the relay as a dot-stuffed CRLF line; non-ASCII subjects are RFC 2047
encoded."""
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


def call(method, path, token, body):
    request = urllib.request.Request(BASE + path, data=json.dumps(body).encode(), method=method,
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def psql(query):
    subprocess.run(["psql", "-qtAX", "-v", "ON_ERROR_STOP=1", os.environ["DATABASE_URL"], "-c", query], check=True,
                   capture_output=True)


def received(address):
    for _ in range(100):
        found = []
        if os.path.exists(os.environ["CRM_TEST_SMTP_LOG"]):
            with open(os.environ["CRM_TEST_SMTP_LOG"]) as f:
                found = [json.loads(line) for line in f if line.endswith("}\n") and address in line]
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("nothing arrived for " + address)


class MailTest(unittest.TestCase):
    def test_stored_line_breaks_add_no_header_and_bodies_are_dot_stuffed(self):
        token = rawhttp.login()["access_token"]
        tag = "%d%d" % (os.getpid(), int(time.time()))
        address, region = "mail+%s@inject.example" % tag, "Inject-" + tag
        status, customer = call("POST", "/api/v2/customers", token, {"name": "Placeholder", "email": address,
                                                                     "region": region})
        self.assertEqual(201, status)
        psql("UPDATE customers SET name = E'Eve\\r\\nBcc: victim@evil.example' WHERE id = %d" % customer["id"])
        status, campaign = call("POST", "/api/v2/email-campaigns", token, {
            "name": "Inject", "subject": "Grüße from the crew",
            "body_text": "Hello {{name}}\nline one\n.\nMAIL FROM:<x@evil.example>\nlast line",
            "audience": {"region": region}})
        self.assertEqual(201, status, campaign)
        psql("UPDATE email_campaigns SET subject = E'Hi\\r\\nBcc: victim@evil.example' WHERE id = %d" % campaign["id"])
        self.assertEqual(202, call("POST", "/api/v2/email-campaigns/%d/send" % campaign["id"], token, {})[0])

        messages = received(address)
        self.assertEqual(1, len(messages))
        m = messages[0]
        self.assertNotIn("bcc", m["headers"])
        self.assertEqual(1, m["headers"].count("subject"))
        self.assertNotIn("\n", m["to_header"])
        self.assertIn("Eve  Bcc: victim@evil.example", m["to_header"])  # one harmless line
        self.assertEqual("Hi  Bcc: victim@evil.example", m["subject"])
        # Every line break of the body arrived as CRLF, the lone "." intact
        # (the relay un-stuffs ".." back to ".").
        text = m["text"].replace("\r\n", "\n")
        self.assertIn("line one\n.\nMAIL FROM:<x@evil.example>\nlast line", text)
        self.assertNotIn("\n", m["raw"].replace("\r\n", ""))

    def test_non_ascii_subjects_are_encoded_words(self):
        token = rawhttp.login()["access_token"]
        tag = "%d%d" % (os.getpid(), int(time.time()))
        address, region = "utf8+%s@mail.example" % tag, "Utf8-" + tag
        self.assertEqual(201, call("POST", "/api/v2/customers", token, {"name": "Zoë", "email": address,
                                                                        "region": region})[0])
        status, campaign = call("POST", "/api/v2/email-campaigns", token, {
            "name": "Utf8", "subject": "Grüße", "body_text": "Hallo {{name}}", "audience": {"region": region}})
        self.assertEqual(201, status)
        self.assertEqual(202, call("POST", "/api/v2/email-campaigns/%d/send" % campaign["id"], token, {})[0])
        m = received(address)[0]
        self.assertEqual("Grüße", m["subject"])
        self.assertIn("=?UTF-8?", m["raw"].split("\r\n\r\n")[0])


if __name__ == "__main__":
    unittest.main(verbosity=2)
