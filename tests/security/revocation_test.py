"""Revocation gaps (security audit finding 2): logout without a refresh
token ends its login's refresh family too, and revoking a family (logout, a
replayed refresh token) stops the access tokens issued from it at once."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import jsonapi  # noqa: E402


class RevocationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.email = jsonapi.new_user(jsonapi.admin_token(), prefix="revoke", role="dispatcher")

    def me(self, access):
        return jsonapi.call("GET", "/api/v2/auth/me", token=access).status

    def refresh(self, refresh):
        return jsonapi.call("POST", "/api/v2/auth/refresh", {"refresh_token": refresh})

    def test_logout_without_a_refresh_token_ends_the_family(self):
        tokens = jsonapi.login(self.email)
        self.assertEqual(204, jsonapi.call("POST", "/api/v2/auth/logout", {}, token=tokens["access_token"]).status)
        self.assertEqual(401, self.me(tokens["access_token"]))
        self.assertEqual(401, self.refresh(tokens["refresh_token"]).status)

    def test_logout_ends_the_access_tokens_refreshed_from_the_same_login(self):
        tokens = jsonapi.login(self.email)
        renewed = self.refresh(tokens["refresh_token"]).json()
        other = jsonapi.login(self.email)  # another device: not affected
        self.assertEqual(204, jsonapi.call("POST", "/api/v2/auth/logout", {}, token=tokens["access_token"]).status)
        self.assertEqual(401, self.me(renewed["access_token"]))
        self.assertEqual(401, self.refresh(renewed["refresh_token"]).status)
        self.assertEqual(200, self.me(other["access_token"]))

    def test_a_replayed_refresh_token_stops_the_familys_access_tokens_at_once(self):
        tokens = jsonapi.login(self.email)
        renewed = self.refresh(tokens["refresh_token"]).json()
        self.assertEqual(200, self.me(renewed["access_token"]))
        self.assertEqual(401, self.refresh(tokens["refresh_token"]).status)  # replayed: the thief or the owner
        self.assertEqual(401, self.me(renewed["access_token"]))
        self.assertEqual(401, self.me(tokens["access_token"]))
        self.assertEqual(401, self.refresh(renewed["refresh_token"]).status)


if __name__ == "__main__":
    unittest.main(verbosity=2)
