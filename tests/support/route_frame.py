"""How a hostile sweep keeps every write it sends invalid, per route.

- A write with an id in its path names an id that does not exist, so a body
  that passes validation still reaches the handler and is refused there
  (404), never applied.
- A public write (login, refresh, unsubscribe) is refused by its handler:
  the sweep never sends a password or token the server issued.
- Any other write (a create, logout) gets a shield when the value under
  test might be valid: another of its fields set to `[[]]`, which no field
  type accepts. A route with no other field to shield with is sent such
  values only with tokens that do not authenticate.
Reads name an id that exists, so their handlers run on the hostile input."""
import field_values

POISON = b"[[]]"  # a list holding a list: not a string, number, boolean, object or list of strings
ANY, INVALID_ONLY = "any", "invalid-only"  # which tokens a case may carry


class RouteFrame:
    def __init__(self, route, missing_id, existing_id):
        self.route = route
        self.id = str(missing_id if route.writes else existing_id)
        self.valid = {name: field_values.valid(schema) for name, schema in route.fields.items()}
        self.needs_shield = route.writes and "{" not in route.path and not route.public

    def path(self, id_text=None):
        concrete = self.route.path
        for p in self.route.parameters_in("path"):
            concrete = concrete.replace("{%s}" % p["name"], id_text if id_text is not None else self.id)
        return concrete

    def target(self, id_text=None, query=b""):
        return self.path(id_text).encode("latin-1") + (b"?" + query if query else b"")

    @staticmethod
    def encode(fields):
        return b"{" + b", ".join(field_values.quoted(k) + b": " + v for k, v in fields.items()) + b"}"

    def valid_body(self):
        return self.encode(self.valid)

    def shielded(self, field=None):
        """Fields that make the request invalid whatever `field` holds, or
        None when no other field can carry the poison."""
        fields = dict(self.valid)
        if not self.needs_shield:
            return fields
        others = [name for name in fields if name != field]
        if not others:
            return None
        fields[others[0]] = POISON
        return fields

    def base_body(self):
        """The body of every case that does not test the body itself."""
        return self.encode(self.shielded()) if self.route.has_body else None

    def with_value(self, field, raw, certain):
        """(body, token policy) for `field` set to `raw`: alone among valid
        fields when it must be refused, behind the shield otherwise."""
        fields = dict(self.valid) if certain else self.shielded(field)
        if fields is None:
            return self.encode({field: raw}), INVALID_ONLY
        fields[field] = raw
        return self.encode(fields), ANY

    def replacing(self, certain):
        """The token policy of a body that keeps none of the route's fields
        (an empty one, a bare `{}`): nothing can shield it."""
        return ANY if certain or not self.needs_shield else INVALID_ONLY
