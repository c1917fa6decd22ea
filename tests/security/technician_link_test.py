"""A technician-role user's rights over work orders come from one link, kept
on the technician (API.md section 2): the technician whose user_id names the
user. Its technician_id in /auth/me, in the login answer and in its tokens
is that technician; it may change status and notes of that technician's work
orders and of no one else's; re-linking the technician to another user ends
the first user's rights and tokens (within the node's two-second cache);
/users sets the same link, refusing a technician that does not exist (422)
or is another user's (409), and a user is the user of one technician at
most."""
import os
import sys
import time
import unittest
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import jsonapi  # noqa: E402
from forged_tokens import claims_of  # noqa: E402
import table_fingerprints  # noqa: E402

MISSING_ID = 2147483000  # no table's sequence gets near it


class TechnicianLinkTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.admin = jsonapi.admin_token()
        cls.customer = cls.created("/api/v2/customers", {"name": "Link test customer"})

    @classmethod
    def created(cls, path, body):
        answer = jsonapi.call("POST", path, body, cls.admin)
        if answer.status != 201:
            raise AssertionError("POST %s: %d %s" % (path, answer.status, answer.body))
        return answer.json()["id"]

    def user(self, **extra):
        """A new technician-role user: (email, id)."""
        email = "link-%s@example.com" % uuid.uuid4().hex[:12]
        answer = jsonapi.call("POST", "/api/v2/users", dict({"email": email, "password": jsonapi.PASSWORD,
                                                              "full_name": "Sam", "role": "technician"}, **extra),
                              self.admin)
        self.assertEqual(201, answer.status, answer.body)
        return email, answer.json()["id"]

    def technician(self, user_id=None):
        return self.created("/api/v2/technicians", {"name": "Linked tech", "user_id": user_id})

    def work_order(self, technician):
        return self.created("/api/v2/work-orders", {"customer_id": self.customer, "assigned_technician_id": technician})

    def patch(self, work_order, token, body=None):
        return jsonapi.call("PATCH", "/api/v2/work-orders/%d" % work_order, body or {"status": "in_progress",
                                                                                  "notes": "on site"}, token)

    def technician_of(self, user_id):
        return jsonapi.call("GET", "/api/v2/users/%d" % user_id, token=self.admin).json()["technician_id"]

    def user_of(self, technician):
        return jsonapi.call("GET", "/api/v2/technicians/%d" % technician, token=self.admin).json()["user_id"]

    def test_the_user_a_technician_names_is_that_technician(self):
        email, uid = self.user()
        tech = self.technician(uid)
        mine, theirs = self.work_order(tech), self.work_order(self.technician())
        tokens = jsonapi.login(email)
        self.assertEqual(tech, tokens["user"]["technician_id"])
        self.assertEqual(tech, claims_of(tokens["access_token"]).get("tid"))
        me = jsonapi.call("GET", "/api/v2/auth/me", token=tokens["access_token"])
        self.assertEqual(tech, me.json()["technician_id"])
        self.assertEqual(tech, self.technician_of(uid))

        answer = self.patch(mine, tokens["access_token"])
        self.assertEqual(200, answer.status, answer.body)
        self.assertEqual(("in_progress", "on site"), (answer.json()["status"], answer.json()["notes"]))
        before = jsonapi.call("GET", "/api/v2/work-orders/%d" % theirs, token=self.admin).body
        self.assertEqual(403, self.patch(theirs, tokens["access_token"]).status)
        self.assertEqual(before, jsonapi.call("GET", "/api/v2/work-orders/%d" % theirs, token=self.admin).body)

    def test_relinking_the_technician_ends_the_first_users_rights(self):
        first_email, first = self.user()
        second_email, second = self.user()
        tech = self.technician(first)
        job = self.work_order(tech)
        old = jsonapi.login(first_email)
        self.assertEqual(200, self.patch(job, old["access_token"]).status)
        time.sleep(1.1)  # tokens are stamped in seconds: the change comes in a later second

        answer = jsonapi.call("PATCH", "/api/v2/technicians/%d" % tech, {"user_id": second}, self.admin)
        self.assertEqual(200, answer.status, answer.body)
        self.assertTrue(jsonapi.refused_within(old["access_token"]), "the first user's token still works")
        self.assertIn(self.patch(job, old["access_token"], {"notes": "still mine?"}).status, (401, 403))
        self.assertEqual(401, jsonapi.call("POST", "/api/v2/auth/refresh", {"refresh_token": old["refresh_token"]}).status)
        again = jsonapi.login(first_email)
        self.assertIsNone(again["user"]["technician_id"])
        self.assertNotIn("tid", claims_of(again["access_token"]))
        self.assertEqual(403, self.patch(job, again["access_token"], {"notes": "still mine?"}).status)

        new = jsonapi.login(second_email)
        self.assertEqual(tech, new["user"]["technician_id"])
        self.assertEqual(200, self.patch(job, new["access_token"], {"notes": "handed over"}).status)
        self.assertEqual("handed over", jsonapi.call("GET", "/api/v2/work-orders/%d" % job, token=self.admin).json()["notes"])

    def test_users_technician_id_is_the_technicians_user_id(self):
        tech = self.technician()
        email, uid = self.user(technician_id=tech)
        self.assertEqual(uid, self.user_of(tech))
        self.assertEqual(tech, jsonapi.login(email)["user"]["technician_id"])

        answer = jsonapi.call("PATCH", "/api/v2/users/%d" % uid, {"technician_id": None}, self.admin)
        self.assertEqual(200, answer.status, answer.body)
        self.assertIsNone(answer.json()["technician_id"])
        self.assertIsNone(self.user_of(tech))

        other = self.technician()
        answer = jsonapi.call("PATCH", "/api/v2/users/%d" % uid, {"technician_id": other}, self.admin)
        self.assertEqual(200, answer.status, answer.body)
        self.assertEqual(other, answer.json()["technician_id"])
        self.assertEqual(uid, self.user_of(other))
        answer = jsonapi.call("PATCH", "/api/v2/users/%d" % uid, {"technician_id": tech}, self.admin)
        self.assertEqual(tech, answer.json()["technician_id"])
        self.assertEqual((uid, None), (self.user_of(tech), self.user_of(other)), "a user is one technician's at most")

    def test_a_technician_that_does_not_exist_is_422_and_changes_nothing(self):
        email = "link-%s@example.com" % uuid.uuid4().hex[:12]
        answer = jsonapi.call("POST", "/api/v2/users", {"email": email, "password": jsonapi.PASSWORD,
                                                        "role": "technician", "technician_id": MISSING_ID}, self.admin)
        self.assertEqual(422, answer.status, answer.body)
        self.assertEqual(["body", "technician_id"], answer.json()["detail"][0]["loc"])
        self.assertEqual("0", table_fingerprints.psql("SELECT count(*) FROM users WHERE lower(email) = lower('%s')" % email).strip())

        tech = self.technician()
        _, uid = self.user(technician_id=tech)
        answer = jsonapi.call("PATCH", "/api/v2/users/%d" % uid, {"technician_id": MISSING_ID, "full_name": "Changed"},
                              self.admin)
        self.assertEqual(422, answer.status, answer.body)
        self.assertEqual(["body", "technician_id"], answer.json()["detail"][0]["loc"])
        user = jsonapi.call("GET", "/api/v2/users/%d" % uid, token=self.admin).json()
        self.assertEqual((tech, "Sam"), (user["technician_id"], user["full_name"]))

    def test_a_user_is_the_user_of_one_technician_at_most(self):
        _, uid = self.user()
        tech = self.technician(uid)
        other = self.technician()
        answer = jsonapi.call("POST", "/api/v2/technicians", {"name": "Second profile", "user_id": uid}, self.admin)
        self.assertEqual(409, answer.status, answer.body)
        answer = jsonapi.call("PATCH", "/api/v2/technicians/%d" % other, {"user_id": uid}, self.admin)
        self.assertEqual(409, answer.status, answer.body)
        self.assertIn(str(tech), answer.json()["detail"])
        self.assertEqual((uid, None), (self.user_of(tech), self.user_of(other)))

        # /users does not take another user's technician away either.
        _, someone = self.user()
        answer = jsonapi.call("PATCH", "/api/v2/users/%d" % someone, {"technician_id": tech}, self.admin)
        self.assertEqual(409, answer.status, answer.body)
        self.assertEqual(uid, self.user_of(tech))
        self.assertIsNone(self.technician_of(someone))


if __name__ == "__main__":
    unittest.main(verbosity=2)
