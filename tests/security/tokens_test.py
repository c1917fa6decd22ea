"""Malleable tokens (security audit finding 6): only the canonical spelling
of a token is accepted. A fourth segment, padding, or a last base64url
character that differs without changing the decoded signature is refused,
so no variant reaches the verified-token cache (which variants used to churn
without bound)."""
import http.client
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import rawhttp  # noqa: E402

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def resident_kb():
    pid = open(os.path.join(os.environ["CRM_TEST_WORK"], "server.pid")).read().strip()
    for line in open("/proc/%s/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])


class TokensTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.token = rawhttp.login()["access_token"]
        host, port = rawhttp.server_address()
        cls.conn = http.client.HTTPConnection(host, port, timeout=30)

    def status(self, token):
        self.conn.request("GET", "/api/v2/auth/me", headers={"Authorization": "Bearer " + token})
        r = self.conn.getresponse()
        r.read()
        return r.status

    def test_the_canonical_token_works(self):
        self.assertEqual(200, self.status(self.token))

    def test_a_fourth_segment_is_refused(self):
        for suffix in (".x", ".", ".anything.more"):
            self.assertEqual(401, self.status(self.token + suffix), suffix)

    def test_padding_is_refused(self):
        self.assertEqual(401, self.status(self.token + "="))

    def test_a_last_character_with_unused_bits_set_is_refused(self):
        header, payload, signature = self.token.split(".")
        self.assertEqual(3, len(signature) % 4)  # HS256: 32 bytes, 43 characters, 2 unused bits
        value = ALPHABET.index(signature[-1])
        for unused in (1, 2, 3):
            variant = signature[:-1] + ALPHABET[value | unused]
            self.assertNotEqual(signature, variant)
            self.assertEqual(401, self.status(".".join([header, payload, variant])))
        self.assertEqual(200, self.status(self.token))

    @unittest.skipIf(os.environ.get("CRM_TEST_SANITIZE") == "1", "resident memory means something else under ASan")
    def test_variants_do_not_grow_the_server(self):
        before = resident_kb()
        for i in range(20000):
            self.assertEqual(401, self.status("%s.%d" % (self.token, i)))
        grown = resident_kb() - before
        print("20,000 token variants: resident memory grew %d kB" % grown)
        self.assertLess(grown, 4096)


if __name__ == "__main__":
    unittest.main(verbosity=2)
