"""The requests of a hostile sweep, generated from the route table: every
route with every mutation family, each sent with the admin token and with
one other token by turns, then seeded random combinations of a route's
mutations (a hostile body, path or query and head at once) until the total
is reached. Deterministic for a seed."""
import random

import body_mutations
import header_mutations
import path_mutations
import query_mutations
from route_frame import INVALID_ONLY, RouteFrame
from sweep_case import Case


class SweepPlan:
    def __init__(self, routes, tokens, limits, missing_id, existing_id):
        self.routes, self.tokens, self.limits = routes, tokens, limits
        self.frames = [RouteFrame(r, missing_id, existing_id) for r in routes]
        self.registered = {(r.method, r.path) for r in routes}

    def mutations(self, frame):
        """Every mutation of one route, without a token."""
        if frame.route.has_body:
            yield from body_mutations.cases(frame, self.limits["json_depth"])
        yield from query_mutations.cases(frame)
        yield from path_mutations.cases(frame, self.registered)
        yield from header_mutations.cases(frame, self.limits["head_bytes"])

    def expensive(self, frame):
        """Oversized bodies: a megabyte each, so once per route, admin only."""
        if frame.route.has_body:
            for case in body_mutations.oversized_cases(frame, self.limits["body_bytes"]):
                yield case.with_token(self.tokens.admin)
        if frame.route.has_body and frame.route.writes and frame.route.required:
            yield body_mutations.chunked_oversized(frame, self.limits["body_bytes"]).with_token(self.tokens.admin)

    def token_cases(self, frame):
        route = frame.route
        refused = not route.public
        for label, token in self.tokens.invalid:
            yield Case(route, "token", label, frame.target(), frame.base_body(), token=token, refused=refused)
        for label, token in self.tokens.valid_like + [("viewer", self.tokens.viewer), ("admin", self.tokens.admin)]:
            yield Case(route, "token", label, frame.target(), frame.base_body(), token=token)

    def first_token(self, case):
        """The admin's, unless the case must not authenticate: then an
        invalid one, picked by the label so that cases spread over them."""
        if case.token_policy == INVALID_ONLY:
            return self.tokens.rotating(len(case.label), INVALID_ONLY)[1]
        return self.tokens.admin

    def systematic(self):
        turn = 0
        for frame in self.frames:
            yield from self.token_cases(frame)
            yield from self.expensive(frame)
            for case in self.mutations(frame):
                yield case.with_token(self.first_token(case))
                turn += 1
                yield case.with_token(self.tokens.rotating(turn, case.token_policy)[1])

    def combined(self, count, seed):
        """`count` requests, each a route's body (or none), target and extra
        head lines drawn from its own mutations, with a drawn token."""
        rng = random.Random(seed)
        pools = []
        for frame in self.frames:
            all_cases = [c for c in self.mutations(frame) if not c.alone and c.framing is None]
            bodies = [c for c in all_cases if c.family in BODY_FAMILIES]
            targets = [c for c in all_cases if c.family in TARGET_FAMILIES]
            heads = [c for c in all_cases if c.family == "header_odd" and c.host]
            pools.append((frame, bodies, targets, heads))
        for _ in range(count):
            frame, bodies, targets, heads = rng.choice(pools)
            body = rng.choice(bodies) if bodies else None
            target = rng.choice(targets)
            head = rng.choice(heads)
            policy = body.token_policy if body else "any"
            if policy != INVALID_ONLY and rng.random() < 0.6:
                token = self.tokens.admin
            else:
                token = self.tokens.rotating(rng.randrange(1000), policy)[1]
            yield Case(frame.route, "combined", "%s+%s+%s" % (body.label if body else "-", target.label, head.label),
                       target.target, body.body if body else frame.base_body(), token=token,
                       content_type=body.content_type if body else b"application/json", headers=head.headers,
                       refused=(body.refused if body else False) or target.refused, token_policy=policy)


BODY_FAMILIES = {"wrong_type", "huge_number", "control_chars", "invalid_utf8", "long_string", "format",
                 "deep_nesting", "malformed_json", "content_type"}
TARGET_FAMILIES = {"query_value", "query_repeat", "query_unknown", "path_id", "path_trick"}
