"""The server's own route table, for tests generated from it: the method and
path of every route from `crm-server routes`, joined with what the server's
OpenAPI document says about each (permission, parameters, body fields).
Both come from the same registrations, so a route missing from either one
is an error here rather than a route a generated test quietly skips."""
import json
import os
import subprocess
import urllib.request

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class Route:
    def __init__(self, method, path, operation):
        self.method, self.path = method, path
        self.permission = operation.get("x-permission", "")
        self.parameters = operation.get("parameters", [])
        body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        self.has_body = body is not None
        self.fields = body["properties"] if body else {}
        self.required = body["required"] if body else []

    @property
    def name(self):
        return "%s %s" % (self.method, self.path)

    @property
    def writes(self):
        return self.method in WRITE_METHODS

    @property
    def public(self):
        return self.permission == "PUBLIC"

    def parameters_in(self, where):
        return [p for p in self.parameters if p["in"] == where]


def listed_routes(server=None):
    """(method, path) of every line `crm-server routes` prints; log lines
    (JSON) on the same stream are skipped."""
    done = subprocess.run([server or os.environ["CRM_SERVER"], "routes"], capture_output=True, text=True,
                          timeout=60, check=True)
    routes = []
    for line in done.stdout.splitlines():
        if line.startswith("{") or not line.strip():
            continue
        method, path = line.split()[:2]
        routes.append((method, path))
    return routes


def load(base_url, server=None):
    with urllib.request.urlopen(base_url + "/api/v2/openapi.json", timeout=30) as r:
        paths = json.loads(r.read())["paths"]
    documented = {(m.upper(), p): op for p, item in paths.items() for m, op in item.items()}
    listed = listed_routes(server)
    missing = sorted(set(listed) ^ set(documented))
    if missing:
        raise AssertionError("crm-server routes and /openapi.json disagree on %s" % missing)
    return [Route(method, path, documented[(method, path)]) for method, path in listed]
