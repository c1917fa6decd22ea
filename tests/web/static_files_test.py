"""Static files over real HTTP: the console plugin's web app at /console/
(ABI 1.4 static_mount) and the Swagger UI at /docs/ (core). What a browser
needs (types, caching that revalidates, an app route that survives a
reload, security headers) and what an attacker tries (climbing out of the
folder, hidden files, other methods) against the server the tests start."""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import jsonapi  # noqa: E402
import rawhttp  # noqa: E402


def raw_get(target, method="GET"):
    """The request line exactly as written (urllib would tidy up '..'), and
    the answer read to the connection's end: a HEAD's body must be empty
    whatever its Content-Length says."""
    sock = rawhttp.connect()
    try:
        sock.sendall(("%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" % (method, target)).encode())
        received = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    finally:
        sock.close()
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return rawhttp.Response(int(lines[0].split(" ")[1]), headers, body)


class ConsoleFilesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.index = jsonapi.call("GET", "/console/")

    def test_the_page_is_html_revalidated_on_each_use_and_locked_down(self):
        self.assertEqual(200, self.index.status)
        self.assertEqual("text/html; charset=utf-8", self.index.header("Content-Type"))
        self.assertIn('<div id="root">', self.index.body)
        self.assertEqual("no-cache", self.index.header("Cache-Control"))
        self.assertEqual("nosniff", self.index.header("X-Content-Type-Options"))
        policy = self.index.header("Content-Security-Policy")
        self.assertIn("script-src 'self'", policy)
        self.assertIn("frame-ancestors 'none'", policy)
        self.assertTrue(self.index.header("ETag").startswith('"'))

    def test_hashed_assets_are_kept_for_a_year(self):
        scripts = re.findall(r'src="(/console/assets/[^"]+\.js)"', self.index.body)
        self.assertTrue(scripts, "index.html names no script under /console/assets/")
        answer = jsonapi.call("GET", scripts[0])
        self.assertEqual(200, answer.status)
        self.assertEqual("text/javascript; charset=utf-8", answer.header("Content-Type"))
        self.assertEqual("public, max-age=31536000, immutable", answer.header("Cache-Control"))
        self.assertGreater(len(answer.body), 1000)

    def test_an_unchanged_file_is_a_304_without_body(self):
        tag = self.index.header("ETag")
        answer = jsonapi.call("GET", "/console/", headers={"If-None-Match": tag})
        self.assertEqual(304, answer.status)
        self.assertEqual("", answer.body)
        self.assertEqual(tag, answer.header("ETag"))
        self.assertEqual(200, jsonapi.call("GET", "/console/", headers={"If-None-Match": '"other"'}).status)

    def test_an_app_route_gets_the_app_and_a_missing_file_a_404(self):
        route = jsonapi.call("GET", "/console/board/2026-12-07")
        self.assertEqual(200, route.status)
        self.assertEqual(self.index.body, route.body)
        missing = jsonapi.call("GET", "/console/assets/missing.js")
        self.assertEqual(404, missing.status)
        self.assertEqual({"detail": "Not Found"}, missing.json())

    def test_the_folder_url_without_its_slash_redirects_to_it(self):
        answer = raw_get("/console")
        self.assertEqual(308, answer.status)
        self.assertEqual("/console/", answer.header("Location"))

    def test_head_answers_the_length_without_the_bytes(self):
        answer = raw_get("/console/", "HEAD")
        self.assertEqual(200, answer.status)
        self.assertEqual(str(len(self.index.body.encode())), answer.header("Content-Length"))
        self.assertEqual(b"", answer.body)

    def test_only_get_and_head(self):
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            answer = jsonapi.call(method, "/console/", body={})
            self.assertEqual(405, answer.status, method)
            self.assertEqual("GET, HEAD", answer.header("Allow"))

    def test_nothing_outside_the_folder_or_hidden_is_served(self):
        # The plugin's folder holds plugin.json and its library next to web/.
        for target in ("/console/../plugin.json", "/console/%2e%2e/plugin.json", "/console/assets/..%2f..%2fplugin.json",
                       "/console/..%2f..%2f..%2f..%2fetc%2fpasswd", "/console/.hidden", "/console/assets/.x.js",
                       "/console//etc/passwd", "/console/%00.js", "/console/assets%5c..%5cplugin.json"):
            answer = raw_get(target)
            self.assertIn(answer.status, (400, 404), target)
            self.assertNotIn(b'"sdk_abi"', answer.body, target)
            self.assertNotIn(b"root:", answer.body, target)


class DocsFilesTest(unittest.TestCase):
    def test_swagger_ui_is_served_from_this_server_alone(self):
        page = jsonapi.call("GET", "/docs/")
        self.assertEqual(200, page.status)
        self.assertIn("swagger-ui-bundle.js", page.body)
        self.assertNotRegex(page.body, r'(src|href)="(https?:)?//', "the page loads something from elsewhere")
        for script in re.findall(r'src="\./([^"]+)"', page.body):
            answer = jsonapi.call("GET", "/docs/" + script)
            self.assertEqual(200, answer.status, script)
            self.assertEqual("text/javascript; charset=utf-8", answer.header("Content-Type"), script)
        starter = jsonapi.call("GET", "/docs/crm-docs.js").body
        self.assertIn("api/v2/openapi.json", starter)
        self.assertIn("validatorUrl: null", starter)

    def test_docs_has_no_app_fallback(self):
        self.assertEqual(404, jsonapi.call("GET", "/docs/nothing-here").status)


if __name__ == "__main__":
    unittest.main()
