"""Hostile bodies for one route: every field with every hostile value of its
type, then whole-body damage (malformed JSON, nesting, wrong content types,
form bodies, oversized bodies), each as a sweep Case."""
import field_values
from sweep_case import Case

# Damage to a whole JSON body. `certain`: no server may accept the result;
# otherwise it keeps the fields it is given, so a shielded body stays invalid.
MALFORMED = [
    ("truncated-1", lambda b: b[:-1], True), ("truncated-half", lambda b: b[:len(b) // 2], True),
    ("trailing-x", lambda b: b + b"x", True), ("trailing-object", lambda b: b + b"{}", True),
    ("trailing-bracket", lambda b: b + b"]", True), ("trailing-nul", lambda b: b + b"\x00", True),
    ("single-quotes", lambda b: b.replace(b'"', b"'"), True), ("unquoted-keys", lambda b: b.replace(b'": ', b": "), True),
    ("utf16", lambda b: b.decode("latin-1").encode("utf-16"), True), ("utf32", lambda b: b.decode("latin-1").encode("utf-32-le"), True),
    ("nul-inside", lambda b: b[:2] + b"\x00" + b[2:], True), ("in-array", lambda b: b"[" + b + b"]", True),
    ("unterminated-string", lambda b: b'{"' + b[2:-1], True), ("missing-colon", lambda b: b.replace(b": ", b" ", 1), True),
    ("missing-value", lambda b: b.replace(b": ", b": ,", 1), True), ("bad-escape", lambda b: b[:-1] + b', "k": "\\x41"}', True),
    ("short-unicode-escape", lambda b: b[:-1] + b', "k": "\\u12"}', True), ("raw-tab-in-key", lambda b: b'{"\t": 1, ' + b[1:], True),
    ("bom", lambda b: b"\xef\xbb\xbf" + b, False), ("trailing-comma", lambda b: b[:-1] + b", }", False),
    ("comment", lambda b: b"/* c */" + b, False), ("line-comment", lambda b: b[:-1] + b" // c\n}", False),
    ("padded", lambda b: b" \r\n\t" + b + b"\n\n ", False),
    ("duplicate-keys", lambda b: b[:-1] + b", " + b[1:], False),
    ("many-unknown-keys", lambda b: b[:-1] + b"".join(b', "k%d": %d' % (i, i) for i in range(5000)) + b"}", False),
    ("unknown-huge-array", lambda b: b[:-1] + b', "k": [' + b",".join([b"1"] * 20000) + b"]}", False),
    ("unknown-string-of-brackets", lambda b: b[:-1] + b', "k": "' + b"[" * 5000 + b'"}', False),
]

# Bodies that keep nothing of the route's fields.
REPLACEMENTS = [
    (b"", False), (b"   \r\n ", False), (b"{}", False), (b"null", True), (b"1", True), (b'"x"', True), (b"true", True),
    (b"[]", True), (b"[{}]", True), (b"{", True), (b"}", True), (b"{,}", True), (b'{"a"}', True), (b'{"a":}', True),
    (b"{:1}", True), (b'{"a" 1}', True), (b"NaN", True), (b"{\"a\": NaN}", True), (b"{\"a\": Infinity}", True),
    (b"{\"a\": -Infinity}", True), (b"{\"a\": 0x10}", True), (b"{\"a\": 01}", True), (b"{\"a\": +1}", True),
    (b"{\"a\": .5}", True), (b"\x00", True), (b"\xff\xfe{}", True), (b"{\"a\": \"\xff\"}", False),
]

WRONG_CONTENT_TYPES = [None, b"text/plain", b"application/xml", b"multipart/form-data; boundary=x", b"application/jsonx",
                       b"json", b"application/", b"\xff\xfe", b"text/json", b"application/json-seq+", b"*/*"]
LENIENT_CONTENT_TYPES = [b"APPLICATION/JSON", b"application/json; charset=utf-8", b"application/json; charset=latin1",
                         b"application/merge-patch+json", b" application/json ", b"application/json;;;",
                         b"application/json, text/plain", b"application/json; boundary=\xff"]
FORM_BODIES = [b"List-Unsubscribe=One-Click", b"a=%FF", b"a=%00", b"%FF=1", b"=&=&", b"&&&", b"a=1&a=2" * 500,
               b"List-Unsubscribe=%C0%AF", b"List-Unsubscribe=" + b"x" * 200, b"List-Unsubscribe", b"%", b"%zz=1"]


def field_cases(frame):
    route = frame.route
    for name, schema in route.fields.items():
        for value in field_values.hostile(schema):
            body, policy = frame.with_value(name, value.raw, value.certain)
            yield Case(route, value.family, "%s=%s" % (name, value.label), frame.target(), body,
                       token_policy=policy, refused=value.certain)


def depth_cases(frame, max_depth):
    """Nesting just inside, at and far past the limit, as a field's value."""
    route = frame.route
    first = next(iter(route.fields))
    inside = b"[" * (max_depth - 1) + b"]" * (max_depth - 1)  # with the body object: max_depth levels
    over = b"[" * max_depth + b"]" * max_depth
    objects = b'{"a": ' * max_depth + b"1" + b"}" * max_depth
    for label, raw in (("at-limit", inside), ("limit+1", over), ("objects-limit+1", objects),
                       ("far-past", b"[" * 100000 + b"]" * 100000), ("unbalanced", b"[" * 100000),
                       ("closers-first", b"]" * 1000 + b"[" * 1000)):
        body, policy = frame.with_value(first, raw, True)
        yield Case(route, "deep_nesting", "%s=%s" % (first, label), frame.target(), body, token_policy=policy, refused=True)


def malformed_cases(frame):
    route = frame.route
    for label, damage, certain in MALFORMED:
        source = frame.valid_body() if certain else frame.base_body()
        yield Case(route, "malformed_json", label, frame.target(), damage(source), refused=certain)
    for raw, certain in REPLACEMENTS:
        yield Case(route, "malformed_json", "whole=%r" % raw[:12], frame.target(), raw,
                   token_policy=frame.replacing(certain), refused=certain)


def content_type_cases(frame):
    route = frame.route
    for content_type in WRONG_CONTENT_TYPES:
        yield Case(route, "content_type", "ct=%r" % content_type, frame.target(), frame.valid_body(),
                   content_type=content_type, refused=True)
    for content_type in LENIENT_CONTENT_TYPES:
        yield Case(route, "content_type", "ct=%r" % content_type, frame.target(), frame.base_body(),
                   content_type=content_type)
    form = b"application/x-www-form-urlencoded"
    for raw in FORM_BODIES:
        # A route that takes forms might accept one: only where the handler refuses anyway.
        policy = frame.replacing(False)
        yield Case(route, "content_type", "form=%r" % raw[:16], frame.target(), raw, content_type=form,
                   token_policy=policy)


# 413, or 401/403 when the body is never read because the token does not
# allow the route.
REFUSED_SIZE = {413, 401, 403}


def oversized_cases(frame, max_body):
    """A few only: each sends over a megabyte. The server may close while
    the body is still arriving."""
    route = frame.route
    padding = b" " * (max_body + 1 - len(frame.base_body()))
    yield Case(route, "oversized_body", "limit+1", frame.target(), frame.base_body() + padding, reset_ok=True,
               refused=True, expect=REFUSED_SIZE)
    for label, length in (("declared-only", max_body + 1), ("declared-terabyte", 10 ** 12)):
        yield Case(route, "oversized_body", label, frame.target(), b"", framing=[b"Content-Length: %d" % length],
                   reset_ok=True, alone=True, refused=True, expect={413})


def chunked(body, size=65536):
    out = b""
    for start in range(0, len(body), size):
        piece = body[start:start + size]
        out += b"%x\r\n" % len(piece) + piece + b"\r\n"
    return out + b"0\r\n\r\n"


def chunked_oversized(frame, max_body):
    route = frame.route
    body = frame.base_body() + b" " * max_body
    return Case(route, "oversized_body", "chunked-limit+", frame.target(), chunked(body),
                framing=[b"Transfer-Encoding: chunked"], reset_ok=True, refused=True, expect=REFUSED_SIZE)


def cases(frame, max_depth):
    yield from field_cases(frame)
    yield from depth_cases(frame, max_depth)
    yield from malformed_cases(frame)
    yield from content_type_cases(frame)

