"""Expired token state leaves the database: rows of token_revocations and
refresh_tokens past their expires_at are deleted by the server's
background job (every AUTH_TOKEN_PURGE_SECONDS, which scripts/test sets
short), in batches, while rows that have not expired stay. The rows are
written with psql, as a backlog left by an older server would be."""
import os
import subprocess
import time
import unittest
import uuid

EXPIRED, LIVE = 2500, 3  # more expired rows than one batch deletes


def psql(sql):
    done = subprocess.run(["psql", "-qAtX", "-v", "ON_ERROR_STOP=1", os.environ["DATABASE_URL"], "-c", sql],
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise RuntimeError("psql: " + done.stderr)
    return done.stdout.strip()


class PurgeTest(unittest.TestCase):
    def setUp(self):
        self.tag = "purge-test-" + uuid.uuid4().hex[:8]
        self.wait = max(10, 4 * int(os.environ.get("AUTH_TOKEN_PURGE_SECONDS", "60")))

    def tearDown(self):
        psql("DELETE FROM token_revocations WHERE jti LIKE '%s%%'; DELETE FROM refresh_tokens WHERE jti LIKE '%s%%'"
             % (self.tag, self.tag))

    def count(self, table, kind):
        return int(psql("SELECT count(*) FROM %s WHERE jti LIKE '%s-%s-%%'" % (table, self.tag, kind)))

    def wait_until_gone(self, table):
        deadline = time.monotonic() + self.wait
        while self.count(table, "expired") and time.monotonic() < deadline:
            time.sleep(0.5)
        return self.count(table, "expired")

    def test_expired_revocations_are_deleted_and_live_ones_kept(self):
        psql("INSERT INTO token_revocations (jti, expires_at) "
             "SELECT '%s-expired-' || i, now() - interval '1 hour' FROM generate_series(1, %d) i; "
             "INSERT INTO token_revocations (jti, expires_at) "
             "SELECT '%s-live-' || i, now() + interval '1 hour' FROM generate_series(1, %d) i"
             % (self.tag, EXPIRED, self.tag, LIVE))
        self.assertEqual(0, self.wait_until_gone("token_revocations"),
                         "expired revocations still there after %d s" % self.wait)
        self.assertEqual(LIVE, self.count("token_revocations", "live"))

    def test_expired_refresh_tokens_are_deleted_and_live_ones_kept(self):
        user = "(SELECT min(id) FROM users)"
        psql("INSERT INTO refresh_tokens (jti, family_id, user_id, expires_at, spent_at) "
             "SELECT '%s-expired-' || i, '%s', %s, now() - interval '1 hour', CASE WHEN i %% 2 = 0 THEN now() END "
             "FROM generate_series(1, %d) i; "
             "INSERT INTO refresh_tokens (jti, family_id, user_id, expires_at) "
             "SELECT '%s-live-' || i, '%s', %s, now() + interval '1 hour' FROM generate_series(1, %d) i"
             % (self.tag, self.tag, user, EXPIRED, self.tag, self.tag, user, LIVE))
        self.assertEqual(0, self.wait_until_gone("refresh_tokens"),
                         "expired refresh tokens still there after %d s" % self.wait)
        self.assertEqual(LIVE, self.count("refresh_tokens", "live"))


if __name__ == "__main__":
    unittest.main()
