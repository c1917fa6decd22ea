"""static_mount (ABI 1.4) from the plugin's side: the fixture plugin
`static-app` serves its web/ folder at /fixture-app, only because its
plugin.json lists that path; a link inside the folder that leads out of it
is never followed; a folder others may write stops start-up, since its
pages run in the API's origin."""
import os
import sys
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from fixture_plugins import plugin_folder  # noqa: E402
from spawned_server import SpawnedServer  # noqa: E402


def fetch(server, path):
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d%s" % (server.port, path), timeout=10) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


def plugin_path(folder):
    return os.environ["CRM_PLUGIN_PATH"] + ":" + folder


class StaticMountTest(unittest.TestCase):
    def test_a_declared_folder_is_served_with_its_app_routes(self):
        folder = plugin_folder("static-app")
        with SpawnedServer(CRM_PLUGIN_PATH=plugin_path(folder)) as server:
            status, headers, body = fetch(server, "/fixture-app/")
            self.assertEqual(200, status)
            self.assertIn("fixture app", body)
            self.assertEqual("no-cache", headers["Cache-Control"])
            status, headers, body = fetch(server, "/fixture-app/assets/app.js")
            self.assertEqual((200, "text/javascript; charset=utf-8"), (status, headers["Content-Type"]))
            self.assertEqual("public, max-age=31536000, immutable", headers["Cache-Control"])
            self.assertEqual(200, fetch(server, "/fixture-app/jobs/42")[0])
            self.assertEqual(404, fetch(server, "/fixture-app/assets/none.js")[0])

    def test_a_link_out_of_the_folder_is_not_followed(self):
        folder = plugin_folder("static-app")
        web = os.path.join(folder, "static-app", "web")
        os.symlink("/etc/passwd", os.path.join(web, "assets", "passwd.js"))
        os.symlink("/etc", os.path.join(web, "etc"))
        with SpawnedServer(CRM_PLUGIN_PATH=plugin_path(folder)) as server:
            status, _, body = fetch(server, "/fixture-app/assets/passwd.js")
            self.assertEqual(404, status)
            self.assertNotIn("root:", body)
            # Without an extension, a path is the app's own route: the app.
            for path in ("/fixture-app/etc/passwd", "/fixture-app/etc/hostname"):
                status, _, body = fetch(server, path)
                self.assertEqual(200, status, path)
                self.assertIn("fixture app", body, path)
                self.assertNotIn("root:", body, path)

    def test_a_path_plugin_json_does_not_list_stops_start_up(self):
        folder = plugin_folder("static-app", lambda m: m.update(static_paths=[]))
        with self.assertRaises(RuntimeError) as refused:
            SpawnedServer(CRM_PLUGIN_PATH=plugin_path(folder)).__enter__()
        self.assertIn("static path /fixture-app is not among the static_paths of plugin.json", str(refused.exception))

    def test_a_folder_others_may_write_stops_start_up(self):
        folder = plugin_folder("static-app")
        web = os.path.join(folder, "static-app", "web")
        os.chmod(web, 0o777)
        with self.assertRaises(RuntimeError) as refused:
            SpawnedServer(CRM_PLUGIN_PATH=plugin_path(folder)).__enter__()
        self.assertIn("plugin static folder", str(refused.exception))
        self.assertIn("static-app/web can be written by anyone", str(refused.exception))


if __name__ == "__main__":
    unittest.main()
