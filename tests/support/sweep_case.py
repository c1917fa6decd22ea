"""One request of a hostile sweep, kept as its parts so the plan can vary
the token, and written out byte for byte by `wire`."""


class Case:
    __slots__ = ("route", "family", "label", "method", "target", "headers", "body", "content_type", "token",
                 "framing", "version", "host", "half_close", "alone", "reset_ok", "refused", "expect", "token_policy")

    def __init__(self, route, family, label, target, body=None, **parts):
        self.route, self.family, self.label, self.target, self.body = route, family, label, target, body
        self.method = parts.get("method", route.method)
        self.headers = parts.get("headers", [])          # raw header lines, bytes
        self.content_type = parts.get("content_type", b"application/json")
        self.token = parts.get("token")                  # the Authorization value, or None for no header
        self.framing = parts.get("framing")              # raw lines replacing Content-Length
        self.version = parts.get("version", b"HTTP/1.1")
        self.host = parts.get("host", True)
        self.half_close = parts.get("half_close", False)  # end the sending side after the request
        self.alone = parts.get("alone", False)           # a connection of its own, closed after
        self.reset_ok = parts.get("reset_ok", False)     # the server may close instead of answering
        self.refused = parts.get("refused", False)       # a 2xx answer would be a validation gap
        self.expect = parts.get("expect")                # the only statuses the contract allows, if set
        self.token_policy = parts.get("token_policy", "any")  # "invalid-only": must not authenticate

    def with_token(self, token, refused=False):
        other = Case.__new__(Case)
        for name in Case.__slots__:
            setattr(other, name, getattr(self, name))
        other.token, other.refused = token, self.refused or refused
        return other

    def describe(self):
        return "%s %s [%s/%s] %r" % (self.method if isinstance(self.method, str) else self.method.decode("latin-1"),
                                     self.target[:160].decode("latin-1"), self.family, self.label,
                                     (self.body or b"")[:160])

    def wire(self, host):
        method = self.method.encode() if isinstance(self.method, str) else self.method
        lines = [method + b" " + self.target + b" " + self.version]
        if self.host:
            lines.append(b"Host: " + host)
        if self.token is not None:
            lines.append(b"Authorization: " + (self.token.encode() if isinstance(self.token, str) else self.token))
        if self.body is not None and self.content_type is not None:
            lines.append(b"Content-Type: " + self.content_type)
        lines += self.headers
        if self.framing is not None:
            lines += self.framing
        elif self.body is not None:
            lines.append(b"Content-Length: %d" % len(self.body))
        return b"\r\n".join(lines) + b"\r\n\r\n" + (self.body or b"")
