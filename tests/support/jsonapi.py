"""A JSON client of the API over urllib, for Python tests that need real
users and tokens (the main test server, or a SpawnedServer through
`base`). Answers of every status come back; nothing raises on a 4xx.
Standard library only."""
import json
import os
import time
import urllib.error
import urllib.request
import uuid

import openapi_contract

PASSWORD = "a-long-enough-password"


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return self.headers.get(name, "")

    def json(self):
        return json.loads(self.body) if self.body else None


def call(method, path, body=None, token=None, base=None, headers=None, raw=None):
    """`raw` sends those bytes as the body instead of `body` as JSON;
    `headers` adds to the JSON content type and the token. Every answer is
    checked against the server's OpenAPI document (openapi_contract)."""
    answer = _send(method, path, body, token, base, headers, raw)
    openapi_contract.check(base or os.environ["CRM_TEST_URL"], method, path, answer.status,
                           answer.header("Content-Type"), answer.body)
    return answer


def _send(method, path, body, token, base, headers, raw):
    headers = dict({"Content-Type": "application/json"}, **(headers or {}))
    if token:
        headers["Authorization"] = "Bearer " + token
    data = raw if raw is not None else json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request((base or os.environ["CRM_TEST_URL"]) + path, data=data, headers=headers,
                                     method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return Answer(r.status, r.headers, r.read().decode())
    except urllib.error.HTTPError as e:
        return Answer(e.code, e.headers, e.read().decode())


def login(email, password=PASSWORD, base=None):
    answer = call("POST", "/api/v2/auth/login", {"email": email, "password": password}, base=base)
    if answer.status != 200:
        raise RuntimeError("login of %s: %d %s" % (email, answer.status, answer.body))
    return answer.json()


def admin_token(base=None):
    return login(os.environ["CRM_TEST_ADMIN_EMAIL"], os.environ["CRM_TEST_ADMIN_PASSWORD"], base)["access_token"]


def new_user(admin, prefix="pytest", role="dispatcher", base=None):
    """Creates a user with PASSWORD and answers its email."""
    email = "%s-%s@example.com" % (prefix, uuid.uuid4().hex[:12])
    answer = call("POST", "/api/v2/users",
                  {"email": email, "password": PASSWORD, "full_name": "Pat", "role": role}, admin, base)
    if answer.status != 201:
        raise RuntimeError("creating %s: %d %s" % (email, answer.status, answer.body))
    return email


def refused_within(token, seconds=4.0):
    """Whether the access token is refused (401 on /auth/me) within
    `seconds`: a node remembers a user's token validity for two."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if call("GET", "/api/v2/auth/me", token=token).status == 401:
            return True
        time.sleep(0.2)
    return False
