"""GET /metrics (Prometheus text format): the page passes `promtool check
metrics` with no lint problem; request counters and histograms move by the
requests made, labelled with route templates (never a raw path, "unmatched"
when no route matched); the pool, build, plugin, email outbox and process
families say what the server and its database say; a client that is not
loopback (as the server learns it: X-Forwarded-For from a trusted proxy) is
refused unless METRICS_ALLOW or METRICS_TOKEN opens the page to it; and the
alert rules in docs/metrics.md pass `promtool check rules`."""
import http.client
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import jsonapi  # noqa: E402
import table_fingerprints  # noqa: E402
from prometheus_text import Samples  # noqa: E402
from spawned_server import SpawnedServer  # noqa: E402

PROMTOOL = "/usr/bin/promtool"  # Debian's prometheus package (scripts/test installs it)
DOCS = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "metrics.md")
TOKEN = "metrics-token-for-the-test-0123456789"
MISSING_ID = 2147483000


def scrape(base=None, headers=None):
    answer = jsonapi.call("GET", "/metrics", base=base, headers=headers)
    if answer.status != 200:
        raise AssertionError("/metrics: %d %s" % (answer.status, answer.body))
    return answer


def promtool(*args, text=None):
    return subprocess.run([PROMTOOL, *args], input=text, capture_output=True, text=True, timeout=60)


def request(base, method, path):
    """Any method, even one no client library sends; answers the status."""
    host, port = base.split("//", 1)[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


class MetricsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.base = os.environ["CRM_TEST_URL"]
        cls.admin = jsonapi.admin_token()
        created = jsonapi.call("POST", "/api/v2/customers/", {"name": "Metrics Test"}, cls.admin)
        assert created.status == 201, created.body
        cls.customer = created.json()["id"]

    def test_the_page_passes_promtool_lint(self):
        answer = scrape()
        self.assertTrue(answer.header("Content-Type").startswith("text/plain; version=0.0.4"), answer.header("Content-Type"))
        done = promtool("check", "metrics", text=answer.body)
        self.assertEqual((0, "", ""), (done.returncode, done.stdout, done.stderr), answer.body[:2000])

    def test_requests_are_counted_under_their_route_template(self):
        by_id = "/api/v2/customers/{id}"
        before = Samples(scrape().body)
        for _ in range(3):
            self.assertEqual(200, jsonapi.call("GET", "/api/v2/customers/%d" % self.customer, token=self.admin).status)
        for _ in range(2):
            self.assertEqual(404, jsonapi.call("GET", "/api/v2/customers/%d" % MISSING_ID, token=self.admin).status)
            self.assertEqual(404, jsonapi.call("GET", "/api/v2/no-such-thing-%d" % os.getpid()).status)
        self.assertEqual(405, jsonapi.call("DELETE", "/health").status)
        self.assertEqual(405, request(self.base, "BREW", "/health"))
        after = Samples(scrape().body)

        def moved(name, **labels):
            return after.get(name, **labels) - before.get(name, **labels)
        total = "crm_http_requests_total"
        self.assertEqual(3, moved(total, method="GET", route=by_id, status="200"))
        self.assertEqual(2, moved(total, method="GET", route=by_id, status="404"))
        self.assertEqual(2, moved(total, method="GET", route="unmatched", status="404"))
        self.assertEqual(1, moved(total, method="DELETE", route="unmatched", status="405"))
        self.assertEqual(1, moved(total, method="other", route="unmatched", status="405"))
        self.assertEqual(1, moved(total, method="GET", route="/metrics", status="200"))  # the first scrape

        duration = "crm_http_request_duration_seconds"
        self.assertEqual(5, moved(duration + "_count", method="GET", route=by_id))
        self.assertEqual(5, moved(duration + "_bucket", method="GET", route=by_id, le="+Inf"))
        self.assertGreater(moved(duration + "_sum", method="GET", route=by_id), 0)
        self.assertGreaterEqual(moved("crm_db_wait_seconds_count"), 5)  # each read took a session

        paths = jsonapi.call("GET", "/api/v2/openapi.json").json()["paths"]
        for name in (total, duration + "_count"):
            self.assertLessEqual(after.label_values(name, "route"), set(paths) | {"unmatched"})
        self.assertNotIn("/api/v2/customers/%d" % self.customer, scrape().body)

    def test_build_plugins_pool_outbox_and_process(self):
        with SpawnedServer(DB_POOL_SIZE=6) as server:
            base = "http://127.0.0.1:%d" % server.port
            health = jsonapi.call("GET", "/health", base=base).json()
            deadline = time.monotonic() + 20
            while True:
                # The outbox may be changing under other suites' senders: compare with a count that held still.
                counted = outbox_counts()
                page = Samples(scrape(base).body)
                if counted == outbox_counts() or time.monotonic() > deadline:
                    break
        [(build, one)] = page.series("crm_build_info")
        self.assertEqual((health["version"], 1.0), (build["version"], one))
        self.assertRegex(build["abi"], r"^\d+\.\d+$")
        self.assertEqual(sorted((p["id"], p["version"]) for p in health["plugins"]),
                         sorted((labels["id"], labels["version"]) for labels, _ in page.series("crm_plugin_info")))
        sessions = {labels["state"]: value for labels, value in page.series("crm_db_sessions")}
        self.assertEqual({"busy", "idle", "unopened"}, set(sessions))
        self.assertEqual(6, sum(sessions.values()))
        shown = {labels["status"]: value for labels, value in page.series("crm_email_deliveries")}
        self.assertEqual(dict({s: 0.0 for s in ("pending", "sent", "failed", "skipped")}, **counted), shown)
        self.assertGreater(page.get("process_resident_memory_bytes"), 1e6)
        self.assertGreater(page.get("process_cpu_seconds_total"), 0)
        self.assertGreaterEqual(page.get("process_open_fds"), 5)

    def test_clients_behind_a_trusted_proxy_are_not_loopback(self):
        with SpawnedServer(TRUSTED_PROXIES="127.0.0.1/32", METRICS_ALLOW="203.0.113.0/24") as server:
            base = "http://127.0.0.1:%d" % server.port
            self.assertEqual(200, jsonapi.call("GET", "/metrics", base=base).status)  # the proxy's own scrape
            for client in ("198.51.100.7", "127.0.0.1, 198.51.100.7"):  # hops left of the proxy's prove nothing
                refused = jsonapi.call("GET", "/metrics", base=base, headers={"X-Forwarded-For": client})
                self.assertEqual(403, refused.status, client)
                self.assertEqual({"detail": "Not enough permissions"}, refused.json())
                self.assertTrue(refused.header("Content-Type").startswith("application/json"))
            allowed = jsonapi.call("GET", "/metrics", base=base, headers={"X-Forwarded-For": "203.0.113.9"})
            self.assertEqual(200, allowed.status)

    def test_the_token_opens_it_to_anyone_who_sends_it(self):
        with SpawnedServer(TRUSTED_PROXIES="127.0.0.1/32", METRICS_TOKEN=TOKEN) as server:
            base = "http://127.0.0.1:%d" % server.port
            far = {"X-Forwarded-For": "198.51.100.7"}
            for authorization, detail in ((None, "Not authenticated"), ("Bearer " + TOKEN + "x", "Invalid token"),
                                          ("Bearer " + TOKEN[:-1], "Invalid token"), ("Basic " + TOKEN, "Not authenticated")):
                headers = dict(far, **({"Authorization": authorization} if authorization else {}))
                refused = jsonapi.call("GET", "/metrics", base=base, headers=headers)
                self.assertEqual(401, refused.status, authorization)
                self.assertEqual({"detail": detail}, refused.json())
                self.assertEqual("Bearer", refused.header("WWW-Authenticate"))
            answer = scrape(base, dict(far, Authorization="Bearer " + TOKEN))
            self.assertIn("crm_build_info{", answer.body)

    def test_the_documented_alert_rules_pass_promtool(self):
        with open(DOCS) as docs:
            blocks = re.findall(r"```yaml\n(.*?)```", docs.read(), re.S)
        self.assertEqual(1, len(blocks), "docs/metrics.md should hold one yaml block: the alert rules")
        with tempfile.NamedTemporaryFile("w", suffix=".yml") as rules:
            rules.write(blocks[0])
            rules.flush()
            done = promtool("check", "rules", rules.name)
        self.assertEqual(0, done.returncode, done.stdout + done.stderr)
        self.assertIn("SUCCESS: 2 rules found", done.stdout)


def outbox_counts():
    rows = table_fingerprints.psql("SELECT status, count(*) FROM email_deliveries GROUP BY status").split()
    return {status: float(count) for status, count in (row.split("|") for row in rows)}


if __name__ == "__main__":
    unittest.main(verbosity=2)
