"""What a hostile sweep got back: counts per route, family and status class,
and the answers that break the contract, each kind with a few examples of
the request that got it."""
import collections
import json
import threading

from route_table import WRITE_METHODS

WHERE = ("body", "query", "path")


def writes(case):
    method = case.method.decode("latin-1") if isinstance(case.method, bytes) else case.method
    return method in WRITE_METHODS


def contract_problem(case, answer):
    """Why a 4xx answer breaks the error contract (API.md), or None."""
    if not 400 <= answer.status < 500 or case.method in ("HEAD", b"HEAD"):
        return None
    if not answer.headers.get("content-type", "").startswith("application/json"):
        return "content type %r" % answer.headers.get("content-type")
    try:
        detail = json.loads(answer.body)["detail"]
    except (ValueError, KeyError, TypeError):
        return "body is not {\"detail\": ...}: %r" % answer.body[:120]
    if isinstance(detail, list):
        for entry in detail:
            if not (isinstance(entry, dict) and isinstance(entry.get("msg"), str) and isinstance(entry.get("type"), str)
                    and isinstance(entry.get("loc"), list) and entry["loc"] and entry["loc"][0] in WHERE):
                return "bad 422 entry %r" % (entry,)
    elif not isinstance(detail, str) or not detail:
        return "detail %r" % (detail,)
    required = {401: "www-authenticate", 405: "allow", 429: "retry-after"}.get(answer.status)
    if required and not answer.headers.get(required):
        return "%d without %s" % (answer.status, required)
    return None


class Tally:
    def __init__(self, examples=5):
        self.lock = threading.Lock()
        self.examples = examples
        self.total = 0
        self.classes = collections.Counter()
        self.statuses = collections.Counter()
        self.families = collections.Counter()
        self.routes = collections.defaultdict(collections.Counter)
        self.failures = collections.defaultdict(list)     # kind -> examples
        self.failure_counts = collections.Counter()
        self.tolerated_resets = collections.Counter()     # family -> count

    def fail(self, kind, text):
        self.failure_counts[kind] += 1
        if len(self.failures[kind]) < self.examples:
            self.failures[kind].append(text)

    def record(self, case, answer, reason):
        with self.lock:
            self.total += 1
            self.families[case.family] += 1
            route = self.routes[case.route.name]
            if answer is None:
                route["none"] += 1
                self.classes["no answer"] += 1
                if case.reset_ok:
                    self.tolerated_resets[case.family] += 1
                else:
                    self.fail("no answer", "%s -> %s" % (case.describe(), reason))
                return
            self.statuses[answer.status] += 1
            status_class = "%dxx" % (answer.status // 100)
            route[status_class] += 1
            self.classes[status_class] += 1
            if answer.status >= 500:
                self.fail("5xx", "%s -> %d %r" % (case.describe(), answer.status, answer.body[:200]))
            elif 200 <= answer.status < 300 and (writes(case) or case.refused):
                self.fail("accepted", "%s -> %d %r" % (case.describe(), answer.status, answer.body[:200]))
            if case.expect and answer.status not in case.expect:
                self.fail("unexpected status", "%s -> %d, not one of %s: %r" % (case.describe(), answer.status,
                                                                               sorted(case.expect), answer.body[:200]))
            problem = contract_problem(case, answer)
            if problem:
                self.fail("contract", "%s -> %d: %s" % (case.describe(), answer.status, problem))
