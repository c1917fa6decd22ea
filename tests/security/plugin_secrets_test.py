"""Plugins see none of the server's secrets (security audit finding 10): a
plugin reads only its own `plugins.<id>.*` keys and the keys its
plugin.json lists, never the signing key, the database's address or a key
it did not declare; it signs with a key the host derives for it, and the
email plugin's unsubscribe links are no longer MACs under the JWT secret.
A fixture plugin (secrets-probe) asks for each of them in a server of the
test's own."""
import base64
import hashlib
import hmac
import os
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from fixture_plugins import plugin_folder  # noqa: E402
from jsonapi import call  # noqa: E402
from spawned_server import SpawnedServer  # noqa: E402

SECRET = os.environ["SECRET_KEY"]


def probe_plugins(manifest_change=None):
    return plugin_folder("secrets-probe", manifest_change)


def old_unsubscribe_token(email):
    """The token the email plugin used to mail: hex HMAC under the JWT secret."""
    mac = hmac.new(SECRET.encode(), ("unsubscribe:" + email).encode(), hashlib.sha256).hexdigest()
    return base64.urlsafe_b64encode(email.encode()).decode().rstrip("=") + "." + mac


class PluginSecretsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        work = os.environ.get("CRM_TEST_WORK", "/tmp")
        cls.config_file = os.path.join(work, "secrets-probe.properties")
        with open(cls.config_file, "w") as f:
            f.write("plugins.secrets-probe.greeting = hello from the operator\n")
            f.write("plugins.email.private = not for the probe\n")
        path = os.environ["CRM_PLUGIN_PATH"] + ":" + probe_plugins()
        cls.server = SpawnedServer(args=["--config", cls.config_file], CRM_PLUGIN_PATH=path,
                                   SMTP_PASSWORD="smtp-password-of-the-relay").__enter__()
        cls.base = "http://127.0.0.1:%d" % cls.server.port

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def ask(self, route, **query):
        answer = call("GET", "/api/v2/secrets-probe/%s?%s" % (route, urllib.parse.urlencode(query)), base=self.base)
        self.assertEqual(200, answer.status, answer.body)
        return answer.json()

    def test_the_core_secrets_and_undeclared_keys_read_as_unset(self):
        for key in ("auth.secret", "database.url", "admin.password", "smtp.password", "smtp.host",
                    "plugins.email.private", "plugins.secrets-probe-other.x"):
            self.assertEqual({"value": None}, self.ask("config", key=key), key)
        with open(self.server.log_path) as f:
            log = f.read()
        self.assertIn("secrets-probe", log)
        self.assertIn("'auth.secret', which is neither under plugins.secrets-probe.", log)

    def test_its_own_namespace_and_declared_keys_are_read(self):
        self.assertEqual({"value": "hello from the operator"}, self.ask("config", key="plugins.secrets-probe.greeting"))
        self.assertEqual({"value": os.environ["SMTP_FROM"]}, self.ask("config", key="smtp.from"))

    def test_it_signs_with_a_derived_key_never_with_the_secret(self):
        mac = self.ask("sign", purpose="links", message="customer 42")["mac"]
        self.assertEqual(43, len(mac))
        raw = hmac.new(SECRET.encode(), b"customer 42", hashlib.sha256).digest()
        self.assertNotEqual(base64.urlsafe_b64encode(raw).decode().rstrip("="), mac)
        self.assertEqual({"valid": True}, self.ask("verify", purpose="links", message="customer 42", mac=mac))
        self.assertEqual({"valid": False}, self.ask("verify", purpose="links", message="customer 43", mac=mac))
        self.assertEqual({"valid": False}, self.ask("verify", purpose="other", message="customer 42", mac=mac))
        # One character changed (the first: all six of its bits count, and it
        # is never already the one put in its place).
        changed = ("B" if mac[0] == "A" else "A") + mac[1:]
        self.assertEqual({"valid": False}, self.ask("verify", purpose="links", message="customer 42", mac=changed))
        # The key is the same on every node and after a restart: it is derived, not random.
        self.assertEqual(mac, self.ask("sign", purpose="links", message="customer 42")["mac"])

    def test_an_unsubscribe_token_under_the_jwt_secret_is_refused(self):
        token = old_unsubscribe_token("forged@secrets.example")
        answer = call("POST", "/api/v2/email/unsubscribe?token=" + token, base=self.base,
                      headers={"Content-Type": "application/x-www-form-urlencoded"}, raw=b"List-Unsubscribe=One-Click")
        self.assertEqual(400, answer.status, answer.body)

    def test_a_manifest_that_lists_a_core_secret_stops_start_up(self):
        def wants_secret(manifest):
            manifest["config"] = ["smtp.from", "auth.secret"]
        path = os.environ["CRM_PLUGIN_PATH"] + ":" + probe_plugins(wants_secret)
        with self.assertRaises(RuntimeError) as refused:
            with SpawnedServer(CRM_PLUGIN_PATH=path):
                pass
        self.assertIn("'auth.secret', which belongs to the core", str(refused.exception))


if __name__ == "__main__":
    unittest.main(verbosity=2)
