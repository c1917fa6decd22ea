"""Hostile query strings for one route: every declared parameter with hostile
text for its type, pagination and sort values, repeated and unknown
parameters, and query strings that are not well formed. Values are sent
percent-encoded as written here, or raw where the point is a raw byte."""
import re

from sweep_case import Case

DIGITS = re.compile(r"-?[0-9]+")


def unquote(text):
    return re.sub(r"%([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), text)


def integer_refused(text, schema):
    """Whether the server must refuse this (encoded) integer text: not
    digits after trimming, or out of the parameter's bounds or 64 bits."""
    plain = unquote(text).strip(" \t\r\n")
    if not DIGITS.fullmatch(plain):
        return True
    value = int(plain)
    low, high = max(schema.get("minimum", -2 ** 63), -2 ** 63), min(schema.get("maximum", 2 ** 63 - 1), 2 ** 63 - 1)
    return not low <= value <= high


INTEGERS = ["0", "-1", "-0", "2147483647", "2147483648", "99999999999999999999", "9223372036854775807",
            "9223372036854775808", "-9223372036854775809", "1e3", "1.5", "abc", "", "%00", "1%00", "%FF", "%201", "%091",
            "0x1", "%2B1", "%EF%BC%91", "%D9%A1", "1" + "0" * 1000, "--1", "1-", "00000000000000000001", "1%20%20"]
BOOLEANS = [("maybe", True), ("", True), ("2", True), ("%00", True), ("%FF", True), ("tru%00e", True), ("truee", True),
            ("-1", True), ("TRUE", False), ("yes", False), ("%20on%20", False), ("0", False)]
TEXT_REFUSED = ["%00", "a%00b", "%01", "%0D%0ASet-Cookie:%20a=b", "%1B%5B2J", "%7F", "%09", "%FF", "%C0%AF",
                "%E0%80%AF", "%ED%A0%80", "%80", "%F4%90%80%80", "%E2%82", "abc%E2", "%C0%80"]
TEXT_MAYBE = ["%25", "_", "%5C", "%5C%5C", "'", "%22", "'%20OR%201%3D1--", "%25%25%25", "%5B", "%5D", ".*", "%2A",
              "%C3%A9", "%F0%9F%98%80", "%E2%80%AE", "%EF%BB%BF", "+", "%20", "a%25_%5C", "%5C%25", "%5C_", "()",
              "%24%7B7*7%7D", "%3Cscript%3E", "..%2F..%2F", "%2500"]
DATES = ["2024-02-30", "2023-02-29", "2024-13-01", "0000-01-01", "2024-1-1", "20240101", "now", "2024-01-01T00:00:00Z",
         "-001-01-01", "99999-01-01", "%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%94-01-01"]
DATES_VALID = ["0001-01-01", "9999-12-31", "2024-02-29", "%202024-01-01"]


def text_values(schema):
    high, low = schema.get("maxLength"), schema.get("minLength", 0)
    values = [(v, True) for v in TEXT_REFUSED] + [(v, False) for v in TEXT_MAYBE]
    if high:
        values += [("x" * (high + 1), True), ("%C3%A9" * (high + 1), True), ("%F0%9F%98%80" * high, False)]
    values += [("x" * 8000, bool(high and high < 8000)), ("", low > 0), ("%20%20", low > 0)]
    if schema.get("format") == "date":
        values += [(v, True) for v in DATES] + [(v, False) for v in DATES_VALID]
    if "enum" in schema:
        first = schema["enum"][0]
        values += [("bogus", True), ("%20" + first, False), (first + "%20", False), (first.upper(), first != first.upper()),
                   (first + "," + first, True), ("-", True), ("--" + first, True), ("%2B" + first, True),
                   (first + "%00", True), (first + "%3BDROP%20TABLE%20users", True), (first[:-1], True)]
    return values


def values_for(schema):
    """(encoded text, refused) pairs for one parameter."""
    t = schema.get("type", "string")
    if t == "integer":
        return [(v, integer_refused(v, schema)) for v in INTEGERS]
    if t == "boolean":
        return BOOLEANS
    return text_values(schema)


def valid_text(schema):
    t = schema.get("type", "string")
    if t == "integer":
        return str(schema.get("minimum", 1))
    if t == "boolean":
        return "true"
    if "enum" in schema:
        return schema["enum"][0]
    return "2024-01-01" if schema.get("format") == "date" else "a"


def parameter_cases(frame):
    route = frame.route
    for p in route.parameters_in("query"):
        name, schema = p["name"], p["schema"]
        for text, refused in values_for(schema):
            query = ("%s=%s" % (name, text)).encode()
            yield Case(route, "query_value", "%s=%s" % (name, text[:24]), frame.target(query=query), frame.base_body(),
                       refused=refused)
        good = valid_text(schema)
        bad = next(text for text, refused in values_for(schema) if refused)
        # The last of repeated parameters is the one validated and used.
        for label, query, refused in (("repeated-bad-first", "%s=%s&%s=%s" % (name, bad, name, good), False),
                                      ("repeated-bad-last", "%s=%s&%s=%s" % (name, good, name, bad), True),
                                      ("repeated-50", "&".join("%s=%s" % (name, good) for _ in range(50)), False)):
            yield Case(route, "query_repeat", "%s:%s" % (name, label), frame.target(query=query.encode()),
                       frame.base_body(), refused=refused)


UNKNOWN = [b"x=1", b"x=%FF", b"x=%00", b"%FF=1", b"%00=1", b"=1", b"&&&", b"a=1=2", b"%", b"%zz", b"%2", b"a",
           b"a[]=1", b"a[b]=1", b"+=+", b"%2B", b"x=\xff", b"\xff", b"x=" + b"a" * 10000, b";a=1", b"a=1;b=2",
           b"x=%0D%0ASet-Cookie:%20a%3Db", b"?", b"??x=1", b"x=1#frag", b"#", b"x=%u0041", b"x=%%41",
           b"&".join(b"k%d=%d" % (i, i) for i in range(500)), b"k" * 4000 + b"=1", b"page[]=1", b"sort[]=id"]


def unknown_cases(frame):
    route = frame.route
    for query in UNKNOWN:
        yield Case(route, "query_unknown", "q=%r" % query[:20], frame.target(query=query), frame.base_body())


def date_range_cases(frame):
    """Extreme ranges where a route takes a start and an end date."""
    route = frame.route
    names = {p["name"] for p in route.parameters_in("query")}
    if not {"start_date", "end_date"} <= names:
        return
    for start, end in (("0001-01-01", "9999-12-31"), ("9999-12-31", "0001-01-01"), ("2024-02-29", "2024-02-28"),
                       ("9999-12-31", "9999-12-31"), ("0001-01-01", "0001-01-01")):
        query = ("start_date=%s&end_date=%s" % (start, end)).encode()
        yield Case(route, "query_value", "range %s..%s" % (start, end), frame.target(query=query), frame.base_body())


def cases(frame):
    yield from parameter_cases(frame)
    yield from unknown_cases(frame)
    yield from date_range_cases(frame)
