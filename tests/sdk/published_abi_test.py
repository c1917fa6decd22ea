"""A plugin built against any published 1.x ABI loads into this server and
works: the same fixture plugin, in C and with the C++ wrapper, compiled
against each frozen header in sdk/abi/ (tests/fixtures/plugins/
published-abi), is put on a server's plugin path and every host function
it uses is exercised over HTTP."""
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import rawhttp  # noqa: E402
from fixture_plugins import plugin_folder  # noqa: E402
from jsonapi import call  # noqa: E402
from spawned_server import SpawnedServer  # noqa: E402

BUILDS = {"abi-1-0-c": "1.0", "abi-1-0-cpp": "1.0", "abi-1-1-c": "1.1", "abi-1-1-cpp": "1.1",
          "abi-1-2-c": "1.2", "abi-1-2-cpp": "1.2", "abi-1-3-c": "1.3", "abi-1-3-cpp": "1.3"}


class PublishedAbiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        folders = [plugin_folder(plugin_id) for plugin_id in BUILDS]
        cls.server = SpawnedServer(CRM_PLUGIN_PATH=":".join([os.environ["CRM_PLUGIN_PATH"], *folders])).__enter__()
        cls.base = "http://127.0.0.1:%d" % cls.server.port
        cls.token = rawhttp.login()["access_token"]

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def get(self, path, token=None):
        return call("GET", path, token=token, base=self.base)

    def test_each_build_serves_queries_bodies_and_validation(self):
        for plugin_id in BUILDS:
            with self.subTest(plugin_id):
                answer = self.get("/api/v2/%s/echo?name=septic" % plugin_id)
                self.assertEqual((200, {"plugin": plugin_id, "echo": "SEPTIC"}), (answer.status, answer.json()))
                answer = call("POST", "/api/v2/%s/echo" % plugin_id, {"name": "drain"}, base=self.base)
                self.assertEqual((201, {"plugin": plugin_id, "echo": "DRAIN"}), (answer.status, answer.json()))
                answer = call("POST", "/api/v2/%s/echo" % plugin_id, {"name": 7}, base=self.base)
                self.assertEqual(422, answer.status, answer.body)
                self.assertEqual(["body", "name"], answer.json()["detail"][0]["loc"])
                self.assertEqual(422, self.get("/api/v2/%s/echo" % plugin_id).status)

    def test_each_build_sees_the_caller_and_its_permission_is_enforced(self):
        for plugin_id in BUILDS:
            with self.subTest(plugin_id):
                self.assertEqual(401, self.get("/api/v2/%s/whoami" % plugin_id).status)
                answer = self.get("/api/v2/%s/whoami" % plugin_id, self.token)
                self.assertEqual(200, answer.status, answer.body)
                self.assertEqual("admin", answer.json()["role"])
                self.assertGreater(answer.json()["user_id"], 0)

    def test_each_build_pages_and_answers_errors_in_the_contracts_shape(self):
        for plugin_id in BUILDS:
            with self.subTest(plugin_id):
                answer = self.get("/api/v2/%s/numbers?page=2&page_size=10" % plugin_id)
                self.assertEqual(200, answer.status, answer.body)
                self.assertEqual({"items": list(range(11, 21)), "total": 25, "page": 2, "page_size": 10, "pages": 3},
                                 answer.json())
                self.assertEqual(422, self.get("/api/v2/%s/numbers?page=0" % plugin_id).status)
                answer = self.get("/api/v2/%s/missing" % plugin_id)
                self.assertEqual((404, {"detail": "Nothing here"}), (answer.status, answer.json()))

    def test_background_jobs_of_1_1_builds_run(self):
        for plugin_id in (p for p, version in BUILDS.items() if version >= "1.1"):
            with self.subTest(plugin_id):
                steps = 0
                for _ in range(100):
                    steps = self.get("/api/v2/%s/job" % plugin_id).json()["steps"]
                    if steps >= 2:
                        break
                    time.sleep(0.05)
                self.assertGreaterEqual(steps, 2)

    def test_the_server_lists_each_build_with_its_abi(self):
        with open(self.server.log_path) as f:
            log = f.read()
        for plugin_id in BUILDS:
            self.assertIn("loaded %s 1.0.0" % plugin_id, log)
        self.assertNotIn('"level": "error"', log)


    def test_a_manifest_that_disagrees_with_its_library_is_refused_naming_both(self):
        def claims_1_1(manifest):
            manifest["sdk_abi"] = "1.1"
        plugins = plugin_folder("abi-1-0-c", claims_1_1)
        with self.assertRaises(RuntimeError) as refused:
            with SpawnedServer(CRM_PLUGIN_PATH=os.environ["CRM_PLUGIN_PATH"] + ":" + plugins):
                pass
        self.assertIn("plugin.json says sdk_abi 1.1 but the library was built for 1.0", str(refused.exception))


if __name__ == "__main__":
    unittest.main(verbosity=2)
