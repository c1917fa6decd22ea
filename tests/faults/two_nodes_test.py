"""Two crm-server nodes behind a real nginx (Debian's, with the site config
shipped in packaging/nginx), on loopback. One node is SIGKILLed under load:
nginx moves to the other, only requests in flight on the killed node may
fail, no write answered 2xx is lost, and the survivor's sender finishes the
campaign the killed node was sending (no message twice beyond the one in
flight). The main test server is stopped meanwhile so that only these two
nodes send mail."""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "connections"))
sys.path.insert(0, os.path.dirname(__file__))
import rawhttp  # noqa: E402
from faults_test import Client, sink_messages, sql  # noqa: E402
from sessions_test import call  # noqa: E402
from spawned_server import SpawnedServer, free_port  # noqa: E402

SITE = os.path.join(os.path.dirname(__file__), "..", "..", "packaging", "nginx", "crm-server.conf")
RECIPIENTS = 200


def nginx_config(work, port, nodes):
    """The shipped site, on a loopback port without TLS, in front of `nodes`."""
    with open(SITE) as f:
        site = f.read()
    servers = "".join("    server 127.0.0.1:%d max_fails=1 fail_timeout=5s;\n" % n for n in nodes)
    site = re.sub(r"    server 127\.0\.0\.1:5001[^\n]*\n", servers, site)
    site = re.sub(r"server \{\n    listen 80;.*?\n\}\n", "", site, flags=re.S)  # the redirect to HTTPS
    site = site.replace("listen 443 ssl http2;", "listen 127.0.0.1:%d;" % port)
    site = re.sub(r"\n    (listen \[::\]:443[^\n]*|ssl_[^\n]*)", "", site)
    with open(os.path.join(work, "site.conf"), "w") as f:
        f.write(site)
    conf = os.path.join(work, "nginx.conf")
    with open(conf, "w") as f:
        f.write("""daemon off; worker_processes 1; pid {w}/nginx.pid; error_log {w}/error.log;
{user}
events {{ worker_connections 1024; }}
http {{
    access_log {w}/access.log;
    client_body_temp_path {w}/body; proxy_temp_path {w}/proxy; fastcgi_temp_path {w}/fastcgi;
    uwsgi_temp_path {w}/uwsgi; scgi_temp_path {w}/scgi;
    include {w}/site.conf;
}}
""".format(w=work, user="user root;" if os.getuid() == 0 else ""))
    return conf


class TwoNodesTest(unittest.TestCase):
    def test_one_node_killed_under_load(self):
        token = rawhttp.login()["access_token"]
        domain, region = "two%d.example" % os.getpid(), "Two-%d" % os.getpid()
        for i in range(RECIPIENTS):
            status, _, _, _ = call(os.environ["CRM_TEST_URL"], "POST", "/api/v2/customers", token,
                                   {"name": "Two %d" % i, "email": "r%d+slow@%s" % (i, domain), "region": region})
            self.assertEqual(201, status)
        work_orders = [int(x) for x in sql("SELECT id FROM work_orders ORDER BY id DESC LIMIT 16").split()]

        subprocess.run(os.environ["CRM_TEST_SERVER_KILL"], shell=True, check=True)
        try:
            self.run_two_nodes(token, domain, region, work_orders)
        finally:
            subprocess.run(os.environ["CRM_TEST_SERVER_START"], shell=True, check=True)

    def run_two_nodes(self, token, domain, region, work_orders):
        work = tempfile.mkdtemp(dir=os.environ.get("CRM_TEST_WORK"))
        os.chmod(work, 0o755)
        with SpawnedServer(EMAIL_RATE_PER_SECOND=15) as a, SpawnedServer(EMAIL_RATE_PER_SECOND=15) as b:
            port = free_port()
            nginx = subprocess.Popen(["nginx", "-c", nginx_config(work, port, [a.port, b.port])],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            try:
                self.under_load(a, b, port, token, domain, region, work_orders)
            finally:
                nginx.terminate()
                nginx.wait(timeout=10)

    def under_load(self, a, b, port, token, domain, region, work_orders):
        front = "http://127.0.0.1:%d" % port
        for _ in range(50):
            try:
                if call(front, "GET", "/health")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        status, _, campaign, _ = call(front, "POST", "/api/v2/email-campaigns", token,
                                      {"name": "Two nodes", "subject": "Two nodes", "body_text": "Hi {{name}}",
                                       "audience": {"region": region}})
        self.assertEqual(201, status)
        self.assertEqual(202, call(front, "POST", "/api/v2/email-campaigns/%d/send" % campaign["id"], token)[0])

        stop, lock = threading.Event(), threading.Lock()
        outcomes = []            # (time, client, status or error name)
        created, answered, attempted = [], {}, {}

        def client(i):
            c, n, wo = Client(port, token), 0, work_orders[i]
            while not stop.is_set():
                n += 1
                notes = "two-%d-%d-%d" % (os.getpid(), i, n)
                try:
                    if n % 2:
                        attempted.setdefault(wo, []).append(notes)
                        status, _, _ = c.request("PATCH", "/api/v2/work-orders/%d" % wo, {"notes": notes})
                        if status == 200:
                            answered.setdefault(wo, []).append(notes)
                    elif n % 4 == 0:
                        status, _, body = c.request("POST", "/api/v2/customers", {"name": notes})
                        if status == 201:
                            with lock:
                                created.append(json.loads(body)["id"])
                    else:
                        status, _, _ = c.request("GET", "/api/v2/work-orders/%d" % wo)
                except Exception as e:  # noqa: BLE001 - every failure is an outcome to count
                    status = type(e).__name__
                with lock:
                    outcomes.append((time.monotonic(), i, status))
        threads = [threading.Thread(target=client, args=(i,)) for i in range(16)]
        for t in threads:
            t.start()
        time.sleep(2)
        self.assertLess(len(sink_messages("@" + domain)), RECIPIENTS, "the campaign finished before the kill")
        killed_at = time.monotonic()
        a.process.send_signal(signal.SIGKILL)
        a.process.wait()
        time.sleep(4)
        stop.set()
        for t in threads:
            t.join()

        failures = [(t, c, s) for t, c, s in outcomes if s not in (200, 201)]
        print("two nodes: %d requests, %d failed (%s), %.2f s after the kill at the latest" % (
            len(outcomes), len(failures), sorted(set(str(s) for _, _, s in failures)),
            max([t - killed_at for t, _, _ in failures], default=0)))
        # Each client has one request at a time, so "only the requests in
        # flight on the killed node" is at most one failure per client, all
        # after the kill. When each one's failure is recorded depends on the
        # machine's load (a CI run recorded nine more than 1 s after it), so the bound
        # in time is loose: nginx must have moved well before the load ends.
        per_client = {}
        for _, c, _ in failures:
            per_client[c] = per_client.get(c, 0) + 1
        self.assertEqual({}, {c: n for c, n in per_client.items() if n > 1}, "a client failed twice")
        self.assertEqual([], [f for f in failures if f[0] < killed_at or f[0] > killed_at + 3.0])
        self.assertGreater(len([1 for t, _, s in outcomes if t > killed_at + 3 and s in (200, 201)]), 100)

        if created:
            found = int(sql("SELECT count(*) FROM customers WHERE id IN (%s)" % ",".join(map(str, created))))
            self.assertEqual(len(created), found)
        for wo, notes in answered.items():
            sent = attempted[wo]
            current = sql("SELECT notes FROM work_orders WHERE id = %d" % wo)
            self.assertIn(current, sent[sent.index(notes[-1]):], "work order %d lost a write" % wo)

        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            c = call("http://127.0.0.1:%d" % b.port, "GET", "/api/v2/email-campaigns/%d" % campaign["id"], token)[2]
            if c["status"] == "sent":
                break
            time.sleep(0.3)
        self.assertEqual(("sent", RECIPIENTS, 0), (c["status"], c["sent_count"], c["failed_count"]))
        per_address = {}
        for m in sink_messages("@" + domain):
            per_address[m["to"][0]] = per_address.get(m["to"][0], 0) + 1
        self.assertEqual(RECIPIENTS, len(per_address))
        duplicates = sum(per_address.values()) - RECIPIENTS
        print("campaign: %d recipients, %d duplicates" % (RECIPIENTS, duplicates))
        self.assertLessEqual(duplicates, 1)


if __name__ == "__main__":
    unittest.main(verbosity=2)
