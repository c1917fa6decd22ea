"""Hostile request heads for one route: header floods within and past
HTTP_MAX_HEADER_BYTES, malformed header lines, duplicated and odd headers,
and body framing tricks (Content-Length and Transfer-Encoding)."""
from sweep_case import Case


def floods(max_head):
    """(label, header lines, past the limit)."""
    many = lambda n: [b"X-Sweep-%d: v" % i for i in range(n)]  # noqa: E731
    fill = lambda total: [b"X-Fill: " + b"f" * (total - 600)]  # noqa: E731  (the rest of a head is under 600 bytes)
    return [
        ("100-headers", many(100), False), ("600-headers", many(600), False), ("4000-headers", many(4000), True),
        ("8k-value", [b"X-Long: " + b"v" * 8192], False), ("limit-minus-2k", fill(max_head - 2048), False),
        ("limit+1", fill(max_head + 601), True), ("twice-limit", fill(2 * max_head), True),
        ("128KiB-value", [b"X-Huge: " + b"h" * (1 << 17)], True), ("50-cookies", [b"Cookie: c%d=%s" % (i, b"x" * 100) for i in range(50)], False),
    ]


MALFORMED = [
    ("obs-fold", [b"X-Folded: a", b"  continued"]), ("no-colon", [b"NoColonHere"]), ("empty-name", [b": x"]),
    ("space-in-name", [b"Bad Name: x"]), ("space-before-colon", [b"X-Space : x"]), ("nul-in-value", [b"X-Nul: a\x00b"]),
    ("nul-in-name", [b"X-N\x00ul: a"]), ("bare-cr", [b"X-Cr: a\rb"]), ("xff-in-value", [b"X-Bytes: \xff\xfe"]),
    ("xff-in-name", [b"X-\xff: a"]), ("only-spaces", [b"   "]), ("colon-only", [b":"]), ("tab-name", [b"\tX: a"]),
    ("utf8-value", ["X-Name: caf\u00e9 \U0001F600".encode()]), ("overlong-value", [b"X-O: \xc0\xaf"]),
]

ODD = [
    ("expect-continue", [b"Expect: 100-continue"]), ("expect-garbage", [b"Expect: teapot"]),
    ("connection-garbage", [b"Connection: x, y, z"]), ("upgrade-websocket", [b"Connection: Upgrade", b"Upgrade: websocket"]),
    ("upgrade-h2c", [b"Connection: Upgrade, HTTP2-Settings", b"Upgrade: h2c", b"HTTP2-Settings: AAMAAABkAAQAAP__"]),
    ("request-id-long", [b"X-Request-ID: " + b"r" * 2000]), ("request-id-control", [b"X-Request-ID: a\x01b\x7f"]),
    ("request-id-injection", [b"X-Request-ID: a\r\nX-Injected: 1"]), ("correlation-id-unicode", ["X-Correlation-ID: \u00e9t\u00e9".encode()]),
    ("forwarded-for", [b"X-Forwarded-For: 1.2.3.4"]), ("forwarded-for-garbage", [b"X-Forwarded-For: not-an-address, ::zz"]),
    ("forwarded-for-many", [b"X-Forwarded-For: " + b", ".join(b"10.0.%d.%d" % (i // 256, i % 256) for i in range(1000))]),
    ("if-match-garbage", [b"If-Match: garbage"]), ("if-match-star", [b"If-Match: *"]), ("if-match-weak", [b'If-Match: W/"x"']),
    ("if-none-match", [b'If-None-Match: "x"']), ("idempotency-key-long", [b"Idempotency-Key: " + b"k" * 4000]),
    ("origin-evil", [b"Origin: http://evil.example"]), ("origin-null", [b"Origin: null"]),
    ("origin-allowed", [b"Origin: http://localhost:5173"]), ("range", [b"Range: bytes=0-1"]),
    ("accept-garbage", [b"Accept: \xff/\xff"]), ("accept-encoding", [b"Accept-Encoding: gzip;q=garbage, br, zstd"]),
    ("host-duplicate", [b"Host: evil.example"]), ("content-encoding", [b"Content-Encoding: gzip"]),
    ("second-authorization", [b"Authorization: Bearer garbage"]), ("proxy-authorization", [b"Proxy-Authorization: Basic eA=="]),
    ("te-on-get", [b"TE: trailers"]), ("max-forwards", [b"Max-Forwards: -1"]),
]


def head_cases(frame, max_head):
    route = frame.route
    for label, lines, past in floods(max_head):
        yield Case(route, "header_flood", label, frame.target(), frame.base_body(), headers=lines, reset_ok=past,
                   refused=past, alone=past, expect={431} if past else None)
    for label, lines in MALFORMED:
        yield Case(route, "header_malformed", label, frame.target(), frame.base_body(), headers=lines, alone=True)
    for label, lines in ODD:
        yield Case(route, "header_odd", label, frame.target(), frame.base_body(), headers=lines)
    yield Case(route, "header_odd", "no-host", frame.target(), frame.base_body(), host=False)
    yield Case(route, "header_odd", "connection-close", frame.target(), frame.base_body(), headers=[b"Connection: close"],
               alone=True)


# Framing refused before any handler runs: 400, or 401/403 when the body is
# never read because the token does not allow the route (docs/connections.md).
REFUSED_FRAMING = {400, 401, 403}


def framing(body):
    """(label, framing lines, body bytes, extra case settings); a malformed
    framing's settings say which answers it may get."""
    n = len(body)
    chunk = b"%x\r\n" % n + body + b"\r\n0\r\n\r\n"
    te = [b"Transfer-Encoding: chunked"]
    bad = {"expect": REFUSED_FRAMING}
    return [
        ("cl-negative", [b"Content-Length: -1"], body, bad), ("cl-plus", [b"Content-Length: +%d" % n], body, bad),
        ("cl-exponent", [b"Content-Length: 1e3"], body, bad), ("cl-hex", [b"Content-Length: 0x10"], body, bad),
        ("cl-two-numbers", [b"Content-Length: %d %d" % (n, n)], body, bad),
        ("cl-twice-same", [b"Content-Length: %d" % n] * 2, body, bad),
        ("cl-twice-different", [b"Content-Length: %d" % n, b"Content-Length: %d" % (n + 1)], body, bad),
        ("cl-and-te", [b"Content-Length: %d" % n] + te, chunk, bad),
        ("te-gzip", [b"Transfer-Encoding: gzip, chunked"], chunk, bad),
        ("te-identity", [b"Transfer-Encoding: identity"], body, bad), ("te-twice", te * 2, chunk, bad),
        ("chunk-size-garbage", te, b"zz\r\n" + body + b"\r\n0\r\n\r\n", bad),
        ("chunk-size-huge", te, b"ffffffffffffffffff\r\n" + body + b"\r\n0\r\n\r\n", bad),
        ("chunk-size-negative", te, b"-5\r\n" + body + b"\r\n0\r\n\r\n", bad),
        ("chunk-no-end", te, b"%x\r\n" % n + body + b"\r\n", dict(bad, half_close=True)),
        ("cl-longer-than-body", [b"Content-Length: %d" % (n + 100)], body, dict(bad, half_close=True)),
        ("cl-huge-digits", [b"Content-Length: " + b"9" * 40], body, bad),
        ("chunk-extension", te, b"%x;a=b\r\n" % n + body + b"\r\n0\r\n\r\n", {}),
        ("cl-shorter-than-body", [b"Content-Length: %d" % max(n - 3, 0)], body + b"GET / HTTP/1.1\r\n\r\n", {}),
        ("cl-zero-with-body", [b"Content-Length: 0"], body, {"body_less": True}),
        ("cl-leading-zeros", [b"Content-Length: 000%d" % n], body, {}),
    ]


def framing_cases(frame):
    """Only where the route reads a body. Each on a connection of its own:
    a body framed wrongly leaves bytes the next request would trip over.
    The server answers every one before it closes (docs/connections.md)."""
    route = frame.route
    if not route.has_body:
        yield Case(route, "framing", "body-on-" + route.method, frame.target(), b'{"a": 1}', alone=True)
        return
    for label, lines, body, extra in framing(frame.base_body()):
        # A request framed with no body is one without the shield: only
        # where the handler refuses anyway, or without a valid token.
        extra = dict(extra)
        policy = frame.replacing(False) if extra.pop("body_less", False) else "any"
        yield Case(route, "framing", label, frame.target(), body, framing=lines, alone=True, token_policy=policy,
                   **extra)


def cases(frame, max_head):
    yield from head_cases(frame, max_head)
    yield from framing_cases(frame)
