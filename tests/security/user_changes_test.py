"""Disabling, demoting or re-passwording a user ends its tokens (security
audit finding 1): access tokens issued before the change are refused within
the node's two-second cache, its refresh tokens at once; and the last active
admin cannot be disabled or demoted (409 saying why)."""
import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import jsonapi  # noqa: E402


def psql(query):
    return subprocess.run(["psql", "-qtAX", "-v", "ON_ERROR_STOP=1", os.environ["DATABASE_URL"], "-c", query],
                          capture_output=True, text=True, check=True).stdout.strip()


class UserChangesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.admin = jsonapi.admin_token()

    def user(self, role="admin"):
        email = jsonapi.new_user(self.admin, prefix="change", role=role)
        tokens = jsonapi.login(email)
        uid = jsonapi.call("GET", "/api/v2/auth/me", token=tokens["access_token"]).json()["id"]
        time.sleep(1.1)  # tokens are stamped in seconds: the change comes in a later second
        return email, uid, tokens

    def patch(self, uid, body, token=None):
        return jsonapi.call("PATCH", "/api/v2/users/%d" % uid, body, token=token or self.admin)

    def test_a_disabled_and_demoted_admin_cannot_use_or_renew_its_tokens(self):
        email, uid, tokens = self.user("admin")
        self.assertEqual(200, self.patch(uid, {"is_active": False, "role": "viewer"}).status)
        self.assertTrue(jsonapi.refused_within(tokens["access_token"]), "the old access token still works")
        # The audit's attack: re-enable and re-promote itself with its own token.
        self.assertEqual(401, self.patch(uid, {"is_active": True, "role": "admin"}, tokens["access_token"]).status)
        self.assertEqual(401, jsonapi.call("POST", "/api/v2/auth/refresh",
                                           {"refresh_token": tokens["refresh_token"]}).status)
        self.assertEqual("f|viewer", psql("SELECT is_active, role FROM users WHERE id = %d" % uid))

    def test_a_password_change_ends_earlier_tokens(self):
        email, uid, tokens = self.user("dispatcher")
        self.assertEqual(200, self.patch(uid, {"password": "a-brand-new-password"}).status)
        self.assertTrue(jsonapi.refused_within(tokens["access_token"]))
        self.assertEqual(401, jsonapi.call("POST", "/api/v2/auth/refresh",
                                           {"refresh_token": tokens["refresh_token"]}).status)
        fresh = jsonapi.login(email, "a-brand-new-password")
        self.assertEqual(200, jsonapi.call("GET", "/api/v2/auth/me", token=fresh["access_token"]).status)

    def test_a_change_of_name_ends_nothing(self):
        email, uid, tokens = self.user("dispatcher")
        self.assertEqual(200, self.patch(uid, {"full_name": "Renamed"}).status)
        time.sleep(2.5)
        self.assertEqual(200, jsonapi.call("GET", "/api/v2/auth/me", token=tokens["access_token"]).status)
        self.assertEqual(200, jsonapi.call("POST", "/api/v2/auth/refresh",
                                           {"refresh_token": tokens["refresh_token"]}).status)

    def test_the_last_active_admin_cannot_be_disabled_or_demoted(self):
        me = jsonapi.call("GET", "/api/v2/auth/me", token=self.admin).json()["id"]
        others = psql("SELECT string_agg(id::text, ',') FROM users WHERE role = 'admin' AND is_active AND id <> %d" % me)
        try:
            if others:  # other suites made admins: park them, as an operator might
                psql("ALTER TABLE users DISABLE TRIGGER users_guard; "
                     "UPDATE users SET is_active = false WHERE id IN (%s); "
                     "ALTER TABLE users ENABLE TRIGGER users_guard" % others)
            for body in ({"is_active": False}, {"role": "viewer"}):
                answer = self.patch(me, body)
                self.assertEqual(409, answer.status, answer.body)
                self.assertIn("last active admin", answer.json()["detail"])
            self.assertEqual("t|admin", psql("SELECT is_active, role FROM users WHERE id = %d" % me))
        finally:
            if others:
                psql("ALTER TABLE users DISABLE TRIGGER users_guard; "
                     "UPDATE users SET is_active = true WHERE id IN (%s); "
                     "ALTER TABLE users ENABLE TRIGGER users_guard" % others)


if __name__ == "__main__":
    unittest.main(verbosity=2)
