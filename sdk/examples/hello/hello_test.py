"""The hello plugin over HTTP, run by crm_add_plugin_test(): the server is
at $CRM_TEST_URL with this plugin loaded; an admin can log in with
$CRM_TEST_ADMIN_EMAIL and $CRM_TEST_ADMIN_PASSWORD."""
import json
import os
import unittest
import urllib.error
import urllib.parse
import urllib.request

URL = os.environ["CRM_TEST_URL"] + "/api/v2"


def call(method, path, body=None, token=None):
    request = urllib.request.Request(URL + path, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


class HelloTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        status, body = call("POST", "/auth/login", {"email": os.environ["CRM_TEST_ADMIN_EMAIL"],
                                                    "password": os.environ["CRM_TEST_ADMIN_PASSWORD"]})
        assert status == 200, body
        cls.token = body["access_token"]

    def test_greets_by_name(self):
        self.assertEqual((200, {"message": "Hello, Crew!"}), call("GET", "/hello?name=Crew", token=self.token))

    def test_needs_a_token(self):
        self.assertEqual(401, call("GET", "/hello")[0])

    def test_the_host_validates_the_query_before_the_handler(self):
        status, body = call("GET", "/hello?" + urllib.parse.urlencode({"name": "x" * 65}), token=self.token)
        self.assertEqual(422, status)
        self.assertEqual(["query", "name"], body["detail"][0]["loc"])

    def test_the_public_route_needs_none(self):
        self.assertEqual(200, call("GET", "/hello/public")[0])


if __name__ == "__main__":
    unittest.main()
