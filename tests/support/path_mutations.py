"""Hostile paths and request lines for one route: ids that are not ids,
spellings of the frame's own id, dot segments, doubled slashes, encodings
and double encodings, raw bytes, very long segments, other methods and
protocol versions."""
from sweep_case import Case

BAD_IDS = ["-1", "0", "-0", "1e3", "1.0", "0x1", "%2B1", "abc", "%00", "1%00", "%FF", "%C0%AF", "%ED%A0%80",
           "99999999999999999999", "2147483648", "9223372036854775808", "-9223372036854775809", "1;x", "1,2", "%20",
           "null", "undefined", "%5B1%5D", "%7B%7D", "1%0D%0AX-Injected:%201", "%D9%A1", "%EF%BC%91", "a" * 5000,
           "9" * 5000, "%2e%2e", "..", "%25", "%2531", "1%2F..%2F2", "%0A", "-", "1-1", "%C2%A01"]


def spellings(id_text):
    """Other ways to write the same id: the validator normalises some."""
    return ["0" + id_text, "%3" + id_text[0] + id_text[1:], id_text + "%20", "%20" + id_text, "%09" + id_text,
            id_text + "/", "0000000000" + id_text, id_text + "?", id_text + "#x", id_text + "%23x", id_text + "%2F"]


def id_cases(frame):
    route = frame.route
    if not route.parameters_in("path"):
        return
    for bad in BAD_IDS:
        yield Case(route, "path_id", "id=%s" % bad[:24], frame.target(bad), frame.base_body(), refused=True)
    for spelling in spellings(frame.id):
        yield Case(route, "path_id", "id=%s" % spelling, frame.target(spelling), frame.base_body())


def structures(path):
    """Whole-path tricks on a concrete path like /api/v2/customers/7."""
    head, _, rest = path.partition("/api/v2/")
    inner = rest or path.lstrip("/")
    prefix = head + "/api/v2/" if rest else "/"
    encoded_first = "%%%02X" % ord(inner[0]) + inner[1:]
    return [
        ("dot-dot", prefix + "x/../" + inner), ("encoded-dot-dot", prefix + "x/%2e%2e/" + inner),
        ("encoded-slash-dot-dot", prefix + "x%2F..%2F" + inner), ("upper-encoded", prefix + "x/%2E%2E%2F" + inner),
        ("dot", prefix + "./" + inner), ("double-slash-start", "/" + path), ("double-slash-inside", prefix + "/" + inner),
        ("trailing-nul", path + "%00"), ("trailing-encoded-slash", path + "%2F"), ("trailing-dot", path + "/."),
        ("trailing-dot-dot", path + "/.."), ("double-encoded-slash", prefix + "x%252F..%252F" + inner),
        ("double-encoded-dot", prefix + "x/%252e%252e/" + inner), ("lone-percent", path + "%"), ("bad-percent", path + "%zz"),
        ("encoded-first-letter", prefix + encoded_first), ("upper-case", path.upper()), ("backslash", path.replace("/", "\\")),
        ("matrix", path + ";jsessionid=1"), ("semicolon-inside", prefix + ";x/" + inner), ("raw-xff", path + "\xff"),
        ("raw-utf8-overlong", path + "\xc0\xaf"), ("encoded-overlong", path + "%C0%AF"), ("encoded-surrogate", path + "/%ED%A0%80"),
        ("fragment", path + "#x"), ("absolute-form", "http://127.0.0.1" + path), ("absolute-evil", "http://evil.example" + path),
        ("no-leading-slash", path.lstrip("/")), ("asterisk", "*"), ("long-segment", path + "/" + "a" * 12000),
        ("many-segments", path + "/a" * 3000), ("many-slashes", "/" * 5000 + path.lstrip("/")), ("tab", path + "\t"),
        ("unicode", path + "/\u00e9"), ("encoded-unicode", path + "/%C3%A9"), ("nul-raw", path + "\x00"),
        ("space-raw", path + " x"), ("question-only", path + "?"), ("version-segment", path.replace("/v2/", "/v1/")),
    ]


def structure_cases(frame):
    route = frame.route
    for label, target in structures(frame.path()):
        yield Case(route, "path_trick", label, target.encode("latin-1"), frame.base_body())


METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
ODD_METHODS = [b"HEAD", b"OPTIONS", b"TRACE", b"FOO", b"get", b"G\xffT", b"PROPFIND", b"M-SEARCH", b"X" * 1000]
VERSIONS = [b"HTTP/1.0", b"HTTP/2.0", b"HTTP/1.11", b"http/1.1", b"HTTP/1", b"HTTP/9.9", b"HTTX/1.1", b""]


def method_cases(frame, registered):
    """Methods the path does not have (405 with Allow), odd ones, versions."""
    route = frame.route
    for method in METHODS:
        if (method, route.path) not in registered:
            yield Case(route, "method", method, frame.target(), frame.base_body(), method=method, refused=True,
                       alone=True)
    for method in ODD_METHODS:
        yield Case(route, "method", method.decode("latin-1")[:12], frame.target(), frame.base_body(), method=method,
                   alone=True)
    for version in VERSIONS:
        yield Case(route, "request_line", "version=%r" % version, frame.target(), frame.base_body(), version=version,
                   alone=True)
    yield Case(route, "request_line", "double-space", b" " + frame.target(), frame.base_body(), alone=True)


def cases(frame, registered):
    yield from id_cases(frame)
    yield from structure_cases(frame)
    yield from method_cases(frame, registered)
