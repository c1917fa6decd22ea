"""Keyset pages (docs/pagination.md): a work-order list walked with `after`,
the cursor each page's envelope gives as next_after, returns exactly the
rows of the same list read in one page, in the same order, for every sort
in both directions: ties on the sort key, unscheduled dates and times
(sorted last either way) and rows sharing one created_at included. A
cursor is signed: an edited one, or one carried over to another sort, is a
422 naming `after`, as is `after` together with `page`."""
import os
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import jsonapi  # noqa: E402
from table_fingerprints import psql  # noqa: E402

SORTS = ["scheduled_date", "created_at", "priority", "id"]


class KeysetPagesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.token = jsonapi.admin_token()
        created = jsonapi.call("POST", "/api/v2/customers", {"name": "Keyset Septic"}, token=cls.token)
        assert created.status == 201, created.body
        cls.customer = created.json()["id"]
        # 30 work orders in one statement, so they share one created_at;
        # dates and times repeat and are sometimes missing.
        psql("""INSERT INTO work_orders (customer_id, status, priority, scheduled_date, scheduled_time)
                SELECT %d, 'pending', 1 + i %% 3,
                       CASE WHEN i %% 5 = 0 THEN NULL ELSE date '2026-12-01' + i %% 4 END,
                       CASE WHEN i %% 4 = 0 THEN NULL ELSE time '08:00' + (i %% 3) * interval '90 minutes' END
                FROM generate_series(1, 30) i""" % cls.customer)
        cls.path = "/api/v2/customers/%d/work-orders" % cls.customer

    def get(self, query):
        return jsonapi.call("GET", self.path + "?" + urllib.parse.urlencode(query), token=self.token)

    def walk(self, sort, page_size):
        ids, after, pages = [], None, 0
        while True:
            query = {"sort": sort, "page_size": page_size}
            if after:
                query["after"] = after
            answer = self.get(query)
            self.assertEqual(200, answer.status, answer.body)
            envelope = answer.json()
            self.assertEqual(30, envelope["total"])
            self.assertEqual(None if after else 1, envelope["page"])
            ids += [item["id"] for item in envelope["items"]]
            pages += 1
            after = envelope["next_after"]
            if after is None:
                return ids, pages
            self.assertEqual(page_size, len(envelope["items"]))
            self.assertLess(pages, 40, "the cursor does not advance")

    def test_every_sort_walks_the_same_rows_as_one_page(self):
        for sort in SORTS + ["-" + s for s in SORTS]:
            with self.subTest(sort):
                whole = self.get({"sort": sort, "page_size": 200}).json()
                self.assertIsNone(whole["next_after"])
                expected = [item["id"] for item in whole["items"]]
                self.assertEqual(30, len(expected))
                walked, pages = self.walk(sort, 7)
                self.assertEqual(expected, walked)
                self.assertEqual(5, pages)  # 7 + 7 + 7 + 7 + 2: the last page says it is the last

    def test_numbered_pages_hold_the_same_work_orders_as_one_page(self):
        # Page 1 takes its rows as the walk passes them; later pages pick
        # their ids first and look the rows up (WorkOrdersPlugin's
        # listSql): both must answer the same work orders, byte for byte.
        for sort in SORTS + ["-" + s for s in SORTS]:
            with self.subTest(sort):
                whole = self.get({"sort": sort, "page_size": 200}).json()["items"]
                numbered = []
                for page in range(1, 6):
                    envelope = self.get({"sort": sort, "page_size": 7, "page": page}).json()
                    self.assertEqual(30, envelope["total"])
                    numbered += envelope["items"]
                self.assertEqual(whole, numbered)

    def test_a_page_that_ends_the_list_exactly_has_no_next(self):
        walked, pages = self.walk("-created_at", 10)
        self.assertEqual(3, pages)
        self.assertEqual(30, len(set(walked)))

    def test_a_cursor_survives_the_deletion_of_the_row_it_names(self):
        first = self.get({"sort": "id", "page_size": 5}).json()
        last = first["items"][-1]["id"]
        cursor = first["next_after"]
        psql("DELETE FROM work_orders WHERE id = %d" % last)
        try:
            rest = self.get({"sort": "id", "page_size": 5, "after": cursor}).json()
            self.assertGreater(rest["items"][0]["id"], last)
        finally:
            psql("""INSERT INTO work_orders (id, customer_id, status, priority, created_at)
                    SELECT %d, %d, 'pending', 1, (SELECT min(created_at) FROM work_orders WHERE customer_id = %d)"""
                 % (last, self.customer, self.customer))

    def assert_after_refused(self, answer):
        self.assertEqual(422, answer.status, answer.body)
        self.assertEqual(["query", "after"], answer.json()["detail"][0]["loc"])

    def test_an_edited_or_foreign_cursor_is_refused(self):
        cursor = self.get({"sort": "priority", "page_size": 5}).json()["next_after"]
        key, mac = cursor.rsplit(".", 1)
        self.assert_after_refused(self.get({"sort": "priority", "after": "9" + key + "." + mac}))
        self.assert_after_refused(self.get({"sort": "priority", "after": key}))
        self.assert_after_refused(self.get({"sort": "-priority", "after": cursor}))
        self.assert_after_refused(self.get({"sort": "priority", "after": "1,1'; DROP TABLE work_orders; --.x"}))
        self.assert_after_refused(self.get({"sort": "priority", "after": "x" * 301}))
        self.assertEqual(200, self.get({"sort": "priority", "after": cursor}).status)

    def test_after_and_page_together_are_refused(self):
        cursor = self.get({"page_size": 5}).json()["next_after"]
        self.assert_after_refused(self.get({"page": 2, "after": cursor}))

    def test_the_whole_list_pages_by_cursor_too(self):
        answer = jsonapi.call("GET", "/api/v2/work-orders?page_size=3", token=self.token)
        self.assertEqual(200, answer.status, answer.body)
        cursor = answer.json()["next_after"]
        following = jsonapi.call("GET", "/api/v2/work-orders?page_size=3&after=" + urllib.parse.quote(cursor),
                                 token=self.token).json()
        first_ids = [item["id"] for item in answer.json()["items"]]
        self.assertFalse(set(first_ids) & {item["id"] for item in following["items"]})


if __name__ == "__main__":
    unittest.main(verbosity=2)
