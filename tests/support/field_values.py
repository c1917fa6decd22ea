"""Values for one JSON body field, from its OpenAPI schema: a valid one, and
hostile ones by family (wrong types, huge numbers, control characters,
invalid UTF-8, lengths, formats). Each value is raw JSON text (bytes), since
most hostile ones cannot be written with the json module, and says whether
the server must refuse it whatever the other fields hold (`certain`): a
value that might be valid is only ever sent where something else refuses
the request."""


class Value:
    __slots__ = ("family", "label", "raw", "certain")

    def __init__(self, family, label, raw, certain=True):
        self.family, self.label, self.raw, self.certain = family, label, raw, certain


def kind(schema):
    """(JSON type, nullable) of a field."""
    types = schema.get("type", "string")
    if isinstance(types, list):
        return [t for t in types if t != "null"][0], "null" in types
    return types, False


def quoted(text):
    """A JSON string of `text`, keeping any escapes already in it."""
    return b'"' + (text if isinstance(text, bytes) else text.encode()) + b'"'


def valid(schema):
    """A value the server accepts for this field."""
    t, _ = kind(schema)
    if t == "integer":
        return str(schema.get("minimum", 1)).encode()
    if t == "boolean":
        return b"true"
    if t == "array":
        return b'["sweep"]'
    if t == "object":
        return b"{" + b", ".join(quoted(k) + b": " + valid(s) for k, s in schema.get("properties", {}).items()) + b"}"
    if "enum" in schema:
        return quoted(schema["enum"][0])
    fmt = schema.get("format") or schema.get("pattern")
    samples = {"email": "sweep@example.com", "date": "2031-05-06", "time": "10:30", "^#[0-9A-Fa-f]{6}$": "#1A2B3C"}
    if fmt in samples:
        return quoted(samples[fmt])
    text = "Sweep value"[:schema.get("maxLength", 11)]
    return quoted(text.ljust(schema.get("minLength", 0), "x"))


# Values of each JSON type, and the field types for which they may be valid.
OTHER_TYPES = [
    ("string", b'"1"', {"string"}), ("empty-string", b'""', {"string"}),
    ("integer", b"1", {"integer"}), ("negative", b"-1", {"integer"}), ("float", b"1.5", set()),
    ("true", b"true", {"boolean"}), ("false", b"false", {"boolean"}),
    ("empty-array", b"[]", {"array"}), ("array-of-array", b"[[]]", set()), ("array-of-int", b"[1]", set()),
    ("array-of-null", b"[null]", set()), ("array-of-string", b'["x"]', {"array"}),
    ("empty-object", b"{}", {"object"}), ("object", b'{"a": 1}', {"object"}),
]


def wrong_types(schema):
    t, nullable = kind(schema)
    values = [Value("wrong_type", label, raw, t not in ok) for label, raw, ok in OTHER_TYPES]
    values.append(Value("wrong_type", "null", b"null", not nullable))
    return values


HUGE_NUMBERS = [
    "1e400", "-1e400", "1e-400", "18446744073709551616", "18446744073709551615", "9223372036854775808",
    "9223372036854775807", "-9223372036854775808", "-9223372036854775809", "9999999999999999999",
    "99999999999999999999", "2147483648", "2147483647", "-2147483649", "-0", "0", "-1", "1e3", "1E2", "1.0",
    "0.5e1", "1" + "0" * 400, "0." + "0" * 400 + "1", "-" + "9" * 300,
]


def number_certain(text, schema):
    """Whether the integer field must refuse this number: not an integer as
    written, or outside the field's bounds or 64 bits."""
    if any(c in text for c in ".eE"):
        return True
    value = int(text)
    low, high = schema.get("minimum", -2 ** 63), schema.get("maximum", 2 ** 63 - 1)
    return not low <= value <= high


def huge_numbers(schema):
    t, _ = kind(schema)
    if t != "integer":
        return [Value("huge_number", n, n.encode()) for n in ("1e400", "9999999999999999999", "-0")]
    values = [Value("huge_number", n if len(n) < 24 else n[:20] + "...", n.encode(), number_certain(n, schema))
              for n in HUGE_NUMBERS]
    for name, bound, step in (("minimum", "minimum", -1), ("maximum", "maximum", 1)):
        if bound in schema:
            values.append(Value("huge_number", "%s%+d" % (name, step), str(schema[bound] + step).encode()))
    return values


CONTROL = [
    ("escaped-nul", b"a\\u0000b", True), ("only-nul", b"\\u0000", True), ("soh", b"\\u0001", True),
    ("escape-sequence", b"\\u001b[2J", True), ("delete", b"x\\u007f", True), ("backspace", b"x\\u0008", True),
    ("raw-nul", b"a\x00b", True), ("raw-soh", b"a\x01b", True), ("raw-newline", b"a\nb", True),
    ("crlf-header", b"Eve\\r\\nBcc: victim@example.com", False), ("tab", b"a\\tb", False),
    ("line-separators", b"\\u2028\\u2029", False), ("bom", b"\\ufeffname", False), ("zero-width", b"a\\u200bb", False),
]

INVALID_UTF8 = [
    ("xff", b"\xff"), ("overlong-slash", b"\xc0\xaf"), ("overlong-3", b"\xe0\x80\xaf"), ("overlong-nul", b"\xc0\x80"),
    ("surrogate", b"\xed\xa0\x80"), ("low-surrogate", b"\xed\xbf\xbf"), ("lone-continuation", b"\x80"),
    ("past-max", b"\xf4\x90\x80\x80"), ("five-bytes", b"\xf8\x88\x80\x80\x80"), ("cut-short", b"\xe2\x82"),
    ("cut-at-end", b"abc\xe2"), ("escaped-high-surrogate", b"\\ud800"), ("escaped-low-surrogate", b"\\udfff"),
    ("escaped-reversed-pair", b"\\udc00\\ud800"), ("escaped-surrogate-then-letter", b"\\ud800\\u0041"),
]


def strings(schema):
    """Text problems in a string field (or an item of a string array); in any
    other field each is a wrong type."""
    t, _ = kind(schema)
    wrap = (lambda raw: b"[" + raw + b"]") if t == "array" else (lambda raw: raw)
    other = t not in ("string", "array")
    values = [Value("control_chars", label, wrap(quoted(raw)), certain or other) for label, raw, certain in CONTROL]
    values += [Value("invalid_utf8", label, wrap(quoted(raw))) for label, raw in INVALID_UTF8]
    values.append(Value("invalid_utf8", "valid-pair", wrap(quoted(b"\\ud83d\\ude00")), other))
    return values + lengths(schema, wrap, other)


# Characters are counted, not bytes: multi-byte text at the limit, for
# limits whose text still fits in a body (a megabyte body_html does not).
MULTIBYTE_UP_TO = 100000


def lengths(schema, wrap, other):
    item = schema.get("items", schema) if kind(schema)[0] == "array" else schema
    high, low = item.get("maxLength"), item.get("minLength", 0)
    values = []
    if high:
        values.append(Value("long_string", "max+1", wrap(quoted("x" * (high + 1)))))
    if high and high <= MULTIBYTE_UP_TO:
        values += [Value("long_string", "max+1-accented", wrap(quoted("\u00e9" * (high + 1)))),
                   Value("long_string", "max-emoji", wrap(quoted("\U0001F600" * high)), other)]
    if not high:
        values.append(Value("long_string", "64k", wrap(quoted("y" * 65536)), other))
    values += [Value("long_string", "only-spaces", wrap(quoted("   ")), low > 0 or other),
               Value("long_string", "empty", wrap(quoted("")), low > 0 or other)]
    return values


FORMATS = {
    "date": ["2024-02-30", "2023-02-29", "2024-13-01", "0000-01-01", "2024-1-1", "20240101", "2024-01-01T00:00:00Z",
             "\uff12\uff10\uff12\uff14-01-01", "2024-01-01 ", "-001-01-01", "2024-00-10", "99999-01-01"],
    "time": ["24:00", "12:60", "12:00:60", "1200", "12:00:00.5", "-1:00", "\uff11\uff12:00", "12", "12:00:00Z"],
    "email": ["plain", "a@b", "@example.com", "a@@example.com", "a@example..com", "a b@example.com",
              "a@example.com.", "a@.example.com", "a@example.com\\r\\nBcc: b@example.com"],
    "^#[0-9A-Fa-f]{6}$": ["#12345", "#GGGGGG", "red", "#1234567", "123456", "#12345\\u0000"],
}


def formats(schema):
    fmt = schema.get("format") or schema.get("pattern")
    # Values are trimmed before their format is checked: a padded one may pass.
    values = [Value("format", text, quoted(text), text.strip() == text) for text in FORMATS.get(fmt, [])]
    if "enum" in schema:
        first = schema["enum"][0]
        values += [Value("format", "bogus", b'"bogus"'), Value("format", "upper", quoted(first.upper()), first == first.upper()),
                   Value("format", "list", quoted(first + "," + first)), Value("format", "padded", quoted(" " + first), False),
                   Value("format", "prefix", quoted(first[:-1]))]
    return values


def hostile(schema):
    """Every hostile value for a field, with its family."""
    values = wrong_types(schema) + huge_numbers(schema) + strings(schema) + formats(schema)
    if kind(schema)[0] == "object":
        for name, inner in schema.get("properties", {}).items():
            values += [Value(v.family, name + ":" + v.label, b"{" + quoted(name) + b": " + v.raw + b"}", v.certain)
                       for v in hostile(inner)]
    return values
