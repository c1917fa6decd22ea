"""Holds the server to its own OpenAPI document: every answer a test client
receives (jsonapi.call) is checked against the operation the document
gives for its method and path. A status the operation does not list, or a
JSON body its schema refuses, raises AssertionError naming the request,
the status and the field. Paths or methods the document lacks (an unknown
path's 404, a 405, OPTIONS) are not the document's to describe and pass.

The schema check is the subset of JSON Schema the document uses: type
(with "null" in a list), enum, properties, required, additionalProperties
false, items, anyOf, minimum/maximum, and $ref to components. Standard
library only."""
import json
import threading
import urllib.error
import urllib.parse
import urllib.request

_documents = {}
_lock = threading.Lock()

_TYPES = {
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


def document_of(base):
    """The document of the server at `base`, fetched once per process; None
    when it cannot be had (the server is down: nothing to check against)."""
    with _lock:
        if base in _documents:
            return _documents[base]
    try:
        with urllib.request.urlopen(base + "/api/v2/openapi.json", timeout=30) as r:
            document = json.loads(r.read())
    except (OSError, ValueError):
        return None
    with _lock:
        _documents[base] = document
    return document


def _segments(path):
    return [s for s in path.split("/") if s]


def find_operation(document, method, target):
    """(template, operation) for a request target, or None. A literal
    segment beats a {parameter} at the same place, as in the router."""
    path = urllib.parse.urlsplit(target).path
    wanted = _segments(path)
    best = None
    for template, item in document.get("paths", {}).items():
        parts = _segments(template)
        if len(parts) != len(wanted):
            continue
        score = []
        for part, given in zip(parts, wanted):
            if part.startswith("{") and part.endswith("}"):
                score.append(0)
            elif part == given:
                score.append(1)
            else:
                break
        else:
            if best is None or score > best[0]:
                best = (score, template, item)
    if best is None:
        return None
    operation = best[2].get(method.lower())
    return (best[1], operation) if operation is not None else None


class Schema:
    def __init__(self, document):
        self.components = document.get("components", {})

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            kind, name = node["$ref"].split("/")[-2:]
            node = self.components[kind][name]
        return node

    def problem(self, schema, value, where):
        """The first way `value` breaks `schema`, as text, or None."""
        schema = self.resolve(schema)
        if "anyOf" in schema:
            problems = [self.problem(s, value, where) for s in schema["anyOf"]]
            if all(problems):
                return "%s: matches none of anyOf (%s)" % (where, "; ".join(problems))
        types = schema.get("type")
        if types is not None:
            types = types if isinstance(types, list) else [types]
            if not any(_TYPES[t](value) for t in types):
                return "%s: expected %s, got %s" % (where, "|".join(types), json.dumps(value)[:80])
        if "enum" in schema and value not in schema["enum"]:
            return "%s: %s is not one of %s" % (where, json.dumps(value)[:80], schema["enum"])
        if _TYPES["number"](value):
            if "minimum" in schema and value < schema["minimum"]:
                return "%s: %s is below the minimum %s" % (where, value, schema["minimum"])
            if "maximum" in schema and value > schema["maximum"]:
                return "%s: %s is above the maximum %s" % (where, value, schema["maximum"])
        if isinstance(value, dict):
            properties = schema.get("properties", {})
            for name in schema.get("required", []):
                if name not in value:
                    return "%s.%s: required, missing" % (where, name)
            for name, item in value.items():
                if name in properties:
                    found = self.problem(properties[name], item, "%s.%s" % (where, name))
                    if found:
                        return found
                elif schema.get("additionalProperties") is False:
                    return "%s.%s: not in the documented schema" % (where, name)
        if isinstance(value, list) and "items" in schema:
            for i, item in enumerate(value):
                found = self.problem(schema["items"], item, "%s[%d]" % (where, i))
                if found:
                    return found
        return None


def check(base, method, target, status, content_type, body):
    """Raises AssertionError when the answer breaks the document."""
    if method == "HEAD":
        return
    document = document_of(base)
    if document is None:
        return
    found = find_operation(document, method, target)
    if found is None:
        return
    template, operation = found
    request = "%s %s (%s)" % (method, urllib.parse.urlsplit(target).path, template)
    responses = operation.get("responses", {})
    if str(status) not in responses:
        raise AssertionError("%s answered %d, which the OpenAPI document does not list (it lists %s): %s"
                             % (request, status, ", ".join(sorted(responses)), body[:200]))
    schema = Schema(document)
    content = schema.resolve(responses[str(status)]).get("content")
    if not content:
        if body:
            raise AssertionError("%s answered %d with a body the document says it has not: %s"
                                 % (request, status, body[:200]))
        return
    media = (content_type or "").split(";")[0].strip().lower()
    if media not in content:
        raise AssertionError("%s answered %d as %r; the document says %s"
                             % (request, status, content_type, ", ".join(content)))
    if media != "application/json":
        return
    try:
        value = json.loads(body)
    except ValueError:
        raise AssertionError("%s answered %d with a body that is not JSON: %s" % (request, status, body[:200]))
    problem = schema.problem(content[media].get("schema", {}), value, "body")
    if problem:
        raise AssertionError("%s answered %d against the OpenAPI document: %s" % (request, status, problem))
