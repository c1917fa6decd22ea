"""A hostile sweep generated from the server's own route table (security
issue): every route with malformed JSON, wrong types, huge numbers, deep
nesting, control characters, invalid UTF-8, path and percent-encoding
tricks, header floods, oversized bodies, framing tricks and forged tokens,
with and without a valid token, over 100,000 requests against a server of
its own. Afterwards: no 5xx, no request left without an answer, no write
(or request the validator must refuse) accepted, every 4xx in the error
contract's shape, no row of any table changed, the server alive and
nothing logged at error level."""
import datetime
import json
import os
import sys
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import jsonapi  # noqa: E402
import route_table  # noqa: E402
import sweep_client  # noqa: E402
import table_fingerprints  # noqa: E402
from spawned_server import SpawnedServer  # noqa: E402
from sweep_plan import SweepPlan  # noqa: E402
from sweep_tally import Tally  # noqa: E402
from token_variants import TokenVariants  # noqa: E402

TOTAL = int(os.environ.get("CRM_SWEEP_REQUESTS", "110000"))
SEED = int(os.environ.get("CRM_SWEEP_SEED", "20261202"))
MISSING_ID = 2147483000  # no table's sequence gets near it; checked below
EXISTING_ID = 1          # the bootstrap admin, and the first demo customer, technician and work order
LIMITS = {"json_depth": 32, "head_bytes": 16384, "body_bytes": 1048576}  # the shipped defaults, set explicitly

SETTINGS = dict(
    HTTP_MAX_JSON_DEPTH=LIMITS["json_depth"], HTTP_MAX_HEADER_BYTES=LIMITS["head_bytes"],
    HTTP_MAX_BODY_BYTES=LIMITS["body_bytes"],
    # The sweep's logins all fail, from one address, with a few emails:
    # counted as they would be, they would turn the login route into 429s
    # after 20. Every other limit is the default.
    LOGIN_MAX_FAILURES_PER_EMAIL=10 ** 6, LOGIN_MAX_FAILURES_PER_IP=10 ** 6,
)


def token_rows_kept_until(moment):
    """Both servers purge refresh tokens and revocations once they expire
    (AUTH_TOKEN_PURGE_SECONDS): rows that may expire before the sweep ends
    are left out of both fingerprints, every other row is compared."""
    clause = "expires_at > '%s'" % moment.isoformat()
    return {"refresh_tokens": clause, "token_revocations": clause}


def assert_id_unused(identifier):
    tables = table_fingerprints.psql("SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
                                     "AND column_name = 'id' ORDER BY 1").split()
    used = table_fingerprints.psql(" UNION ALL ".join("SELECT '%s' FROM %s WHERE id = %d" % (t, t, identifier)
                                                      for t in tables)).split()
    if used:
        raise AssertionError("id %d exists in %s: the sweep's writes must name an id that does not" % (identifier, used))


def error_lines(log_path):
    lines = []
    with open(log_path, errors="replace") as log:
        for line in log:
            try:
                if json.loads(line).get("level") == "error":
                    lines.append(line.strip())
            except ValueError:
                lines.append("not a JSON log line: " + line.strip()[:200])
    return lines


class HostileSweepTest(unittest.TestCase):
    maxDiff = None  # a failure shows every line it is about
    @classmethod
    def setUpClass(cls):
        cls.tally = Tally()
        with SpawnedServer(**SETTINGS) as server:
            base = "http://127.0.0.1:%d" % server.port
            cls.routes = route_table.load(base)
            login = jsonapi.login(os.environ["CRM_TEST_ADMIN_EMAIL"], os.environ["CRM_TEST_ADMIN_PASSWORD"], base)
            viewer = jsonapi.login(jsonapi.new_user(login["access_token"], "sweep", "viewer", base), base=base)
            tokens = TokenVariants(login["access_token"], viewer["access_token"], login["refresh_token"],
                                   os.environ.get("JWT_SECRET") or os.environ["SECRET_KEY"])
            plan = SweepPlan(cls.routes, tokens, LIMITS, MISSING_ID, EXISTING_ID)
            assert_id_unused(MISSING_ID)
            # The sweep builds its valid bodies from the OpenAPI document:
            # where a valid body is safe to send (an id that does not exist),
            # it must pass validation and reach the handler.
            cls.documented_bodies = {
                f.route.name: jsonapi.call(f.route.method, f.path(), raw=f.valid_body(), token=login["access_token"],
                                           base=base)
                for f in plan.frames if f.route.writes and f.route.has_body and "{" in f.route.path}

            filters = token_rows_kept_until(datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=20))
            cls.before = table_fingerprints.settled(filters)
            started = time.monotonic()
            sweep_client.sweep(plan.systematic(), server.address, cls.tally.record)
            sweep_client.sweep(plan.combined(max(TOTAL - cls.tally.total, 0), SEED), server.address, cls.tally.record)
            cls.seconds = time.monotonic() - started
            cls.after = table_fingerprints.fingerprints(filters)

            cls.alive = server.process.poll() is None
            with urllib.request.urlopen(base + "/health", timeout=10) as r:
                cls.health = r.status
            # Had any request logged the admin out, the rest of the sweep
            # would have run without a valid token.
            cls.admin_after = jsonapi.call("GET", "/api/v2/auth/me", token=login["access_token"], base=base).status
            cls.log_path = server.log_path
        cls.report()

    @classmethod
    def report(cls):
        t = cls.tally
        print("\nhostile sweep: %d requests in %.1f s (%.0f requests/s), seed %d"
              % (t.total, cls.seconds, t.total / cls.seconds, SEED))
        print("by status class: " + ", ".join("%s %d" % kv for kv in sorted(t.classes.items())))
        print("by status: " + ", ".join("%d %d" % kv for kv in sorted(t.statuses.items())))
        print("by family: " + ", ".join("%s %d" % kv for kv in sorted(t.families.items())))
        print("tolerated resets: %s" % (dict(t.tolerated_resets) or "none"))
        print("tables compared: %d (%s)" % (len(cls.before), ", ".join(sorted(cls.before))))
        print("per route:")
        for route in cls.routes:
            counts = t.routes[route.name]
            print("  %-52s %6d  %s" % (route.name, sum(counts.values()),
                                       " ".join("%s=%d" % kv for kv in sorted(counts.items()))))
        for kind, examples in t.failures.items():
            print("%s: %d, first ones:" % (kind, t.failure_counts[kind]))
            for example in examples:
                print("    " + example)

    def assert_none(self, kind):
        self.assertEqual(0, self.tally.failure_counts[kind], "\n".join(self.tally.failures[kind]))

    def test_at_least_100000_requests_covering_every_route(self):
        self.assertGreaterEqual(self.tally.total, 100000)
        self.assertGreaterEqual(len(self.routes), 40)
        counts = {r.name: sum(self.tally.routes[r.name].values()) for r in self.routes}
        thin = {name: n for name, n in counts.items() if n < 500}
        self.assertEqual({}, thin, "routes the sweep barely reached")

    def test_the_valid_token_stayed_valid(self):
        self.assertEqual(200, self.admin_after)
        self.assertGreater(self.tally.classes["2xx"], 5000)

    def test_bodies_built_from_the_openapi_document_pass_validation(self):
        # The handler answers: 404 for the id, or a rule of its own
        # ("customer_id cannot be changed with PATCH", type value_error).
        def validated(answer):
            return answer.status == 404 or (answer.status == 422 and all(
                entry["type"] == "value_error" for entry in answer.json()["detail"]))
        self.assertGreaterEqual(len(self.documented_bodies), 5)
        self.assertEqual({}, {name: (answer.status, answer.body) for name, answer in self.documented_bodies.items()
                              if not validated(answer)})

    def test_every_family_was_sent(self):
        families = {"token", "wrong_type", "huge_number", "deep_nesting", "control_chars", "invalid_utf8", "long_string",
                    "format", "malformed_json", "content_type", "oversized_body", "query_value", "query_repeat",
                    "query_unknown", "path_id", "path_trick", "method", "request_line", "header_flood",
                    "header_malformed", "header_odd", "framing", "combined"}
        self.assertEqual(set(), families - set(self.tally.families))

    def test_no_5xx(self):
        self.assertEqual(0, self.tally.classes["5xx"])
        self.assert_none("5xx")

    def test_every_request_was_answered(self):
        self.assert_none("no answer")

    def test_no_invalid_request_was_accepted(self):
        self.assert_none("accepted")

    def test_framing_and_size_refusals_have_their_documented_status(self):
        self.assert_none("unexpected status")

    def test_errors_follow_the_contract(self):
        self.assertGreater(self.tally.classes["4xx"], 50000)
        self.assert_none("contract")

    def test_no_row_changed(self):
        self.assertGreaterEqual(len(self.before), 10)
        self.assertEqual({}, table_fingerprints.changed(self.before, self.after))

    def test_the_server_lived_and_logged_no_error(self):
        self.assertTrue(self.alive, "crm-server exited during the sweep")
        self.assertEqual(200, self.health)
        self.assertEqual([], error_lines(self.log_path)[:20])


if __name__ == "__main__":
    unittest.main(verbosity=2)
