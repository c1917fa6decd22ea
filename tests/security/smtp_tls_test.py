"""STARTTLS and AUTH to the relay (security audit finding 11), over real
SMTP on loopback: each case starts sinks of its own (a throwaway CA signs
their certificates) and a server of its own pointed at them, and sends a
campaign through the API. With STARTTLS the relay's chain and name are
verified against the system store or SMTP_CA_FILE, and a relay that fails
either gets no mail and no password; AUTH never crosses in clear unless
SMTP_ALLOW_PLAINTEXT_AUTH=true says so.

The outbox is shared by every server on the database and claimed by
whichever sender comes first, so the main test server is stopped
meanwhile: only the case's own server sends."""
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import jsonapi  # noqa: E402
from spawned_server import SpawnedServer, free_port  # noqa: E402
from spawned_sink import SpawnedSink  # noqa: E402
from test_ca import TestCa  # noqa: E402

LOGIN, PASSWORD = "crew", "relay-password-1"


def psql(query):
    subprocess.run(["psql", "-qtAX", "-v", "ON_ERROR_STOP=1", os.environ["DATABASE_URL"], "-c", query], check=True,
                   capture_output=True)


def wait_for(what, probe, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("waited %d s for %s" % (seconds, what))


def relay_settings(sink, **settings):
    # Attempts to spare: a refused relay keeps the delivery pending to look at.
    return dict(SMTP_HOST="127.0.0.1", SMTP_PORT=sink.port, EMAIL_MAX_ATTEMPTS=100, **settings)


class SmtpTlsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(dir=os.environ.get("CRM_TEST_WORK"))
        cls.ca = TestCa(cls.folder)
        cls.loopback = cls.ca.issue("loopback", "IP:127.0.0.1,DNS:localhost")
        cls.elsewhere = cls.ca.issue("elsewhere", "DNS:relay.elsewhere.example")
        subprocess.run(os.environ["CRM_TEST_SERVER_KILL"], shell=True, check=True)
        cls.addClassCleanup(subprocess.run, os.environ["CRM_TEST_SERVER_START"], shell=True, check=True)

    def tls_sink(self, certificate, *options):
        cert, key = certificate
        return SpawnedSink("--tls-cert", cert, "--tls-key", key, *options)

    def send_campaign(self, server):
        """Queues a campaign to one new customer; answers (campaign id, address)."""
        base = "http://127.0.0.1:%d" % server.port
        token = jsonapi.admin_token(base)
        tag = "%d-%d" % (os.getpid(), time.monotonic_ns())
        address, region = "tls+%s@relay.example" % tag, "Tls-" + tag
        customer = jsonapi.call("POST", "/api/v2/customers", {"name": "Tess", "email": address, "region": region},
                                token, base)
        self.assertEqual(201, customer.status, customer.body)
        campaign = jsonapi.call("POST", "/api/v2/email-campaigns", {
            "name": "Tls", "subject": "Over TLS", "body_text": "Hi {{name}}", "audience": {"region": region}},
            token, base)
        self.assertEqual(201, campaign.status, campaign.body)
        campaign_id = campaign.json()["id"]
        sent = jsonapi.call("POST", "/api/v2/email-campaigns/%d/send" % campaign_id, {}, token, base)
        self.assertEqual(202, sent.status, sent.body)
        self.base, self.token = base, token
        return campaign_id, address

    def refused_delivery(self, campaign_id):
        """The delivery once the server has tried it at least once; then ends
        it, so no later server (nor the main one) sends it anywhere."""
        def tried():
            answer = jsonapi.call("GET", "/api/v2/email-campaigns/%d/recipients" % campaign_id, None, self.token,
                                  self.base)
            delivery = answer.json()["items"][0]
            return delivery if delivery["attempts"] >= 1 else None
        delivery = wait_for("an attempt at campaign %d" % campaign_id, tried)
        psql("UPDATE email_deliveries SET status = 'failed' WHERE campaign_id = %d AND status = 'pending'" % campaign_id)
        return delivery

    def assert_refused(self, server, sink, campaign_id, address, *phrases):
        delivery = self.refused_delivery(campaign_id)
        self.assertEqual("pending", delivery["status"], delivery)  # retried later, like a relay outage
        for phrase in phrases:
            self.assertIn(phrase, delivery["last_error"])
        with open(server.log_path) as f:
            said = [line for line in f if all(p in line for p in phrases)]
        self.assertTrue(said, "no log line says %s" % (phrases,))
        self.assertEqual([], sink.messages(address))
        self.assertEqual([], sink.auths())

    def test_starttls_with_the_ca_file_delivers_over_tls_and_authenticates_only_after_it(self):
        with self.tls_sink(self.loopback, "--auth", LOGIN + ":" + PASSWORD) as sink, \
                SpawnedServer(**relay_settings(sink, SMTP_STARTTLS="true", SMTP_CA_FILE=self.ca.ca_file,
                                               SMTP_USER=LOGIN, SMTP_PASSWORD=PASSWORD)) as server:
            _, address = self.send_campaign(server)
            message = wait_for("the message at the TLS sink", lambda: sink.messages(address))[0]
            self.assertIn(message["tls"], ("TLSv1.2", "TLSv1.3"))
            self.assertTrue(message["authenticated"])
            auths = sink.auths()
            self.assertTrue(auths)
            self.assertTrue(all(a["tls"] and a["accepted"] and a["login"] == LOGIN for a in auths), auths)

    def test_a_relay_the_system_store_does_not_know_is_not_trusted(self):
        with self.tls_sink(self.loopback, "--auth", LOGIN + ":" + PASSWORD) as sink, \
                SpawnedServer(**relay_settings(sink, SMTP_STARTTLS="true", SMTP_USER=LOGIN,
                                               SMTP_PASSWORD=PASSWORD)) as server:
            campaign_id, address = self.send_campaign(server)
            self.assert_refused(server, sink, campaign_id, address, "not trusted", "set SMTP_CA_FILE")

    def test_a_certificate_for_another_host_name_is_refused(self):
        with self.tls_sink(self.elsewhere, "--auth", LOGIN + ":" + PASSWORD) as sink, \
                SpawnedServer(**relay_settings(sink, SMTP_STARTTLS="true", SMTP_CA_FILE=self.ca.ca_file,
                                               SMTP_USER=LOGIN, SMTP_PASSWORD=PASSWORD)) as server:
            campaign_id, address = self.send_campaign(server)
            self.assert_refused(server, sink, campaign_id, address, "not for SMTP_HOST 127.0.0.1")

    def test_a_relay_without_starttls_gets_nothing_in_clear(self):
        with SpawnedSink("--auth", LOGIN + ":" + PASSWORD) as sink, \
                SpawnedServer(**relay_settings(sink, SMTP_STARTTLS="true", SMTP_CA_FILE=self.ca.ca_file,
                                               SMTP_USER=LOGIN, SMTP_PASSWORD=PASSWORD)) as server:
            campaign_id, address = self.send_campaign(server)
            self.assert_refused(server, sink, campaign_id, address, "does not accept STARTTLS")

    def test_a_password_without_tls_refuses_start_up(self):
        with SpawnedSink("--auth", LOGIN + ":" + PASSWORD) as sink:
            with self.assertRaises(RuntimeError) as refused:
                with SpawnedServer(**relay_settings(sink, SMTP_USER=LOGIN, SMTP_PASSWORD=PASSWORD)):
                    pass
            for setting in ("SMTP_USER", "SMTP_STARTTLS", "SMTP_ALLOW_PLAINTEXT_AUTH"):
                self.assertIn(setting, str(refused.exception))
            self.assertEqual([], sink.auths())

    def test_a_ca_file_that_does_not_load_refuses_start_up(self):
        missing = os.path.join(self.folder, "no-such-ca.pem")
        with self.assertRaises(RuntimeError) as refused:
            with SpawnedServer(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), SMTP_STARTTLS="true", SMTP_CA_FILE=missing):
                pass
        self.assertIn("SMTP_CA_FILE (smtp.ca_file): cannot load " + missing, str(refused.exception))

    def test_plaintext_auth_when_allowed(self):
        with SpawnedSink("--auth", LOGIN + ":" + PASSWORD) as sink, \
                SpawnedServer(**relay_settings(sink, SMTP_USER=LOGIN, SMTP_PASSWORD=PASSWORD,
                                               SMTP_ALLOW_PLAINTEXT_AUTH="true")) as server:
            _, address = self.send_campaign(server)
            message = wait_for("the message at the sink", lambda: sink.messages(address))[0]
            self.assertIsNone(message["tls"])
            self.assertTrue(message["authenticated"])
            auths = sink.auths()
            self.assertTrue(auths)
            self.assertTrue(all(a["tls"] is None and a["accepted"] and a["login"] == LOGIN for a in auths), auths)


if __name__ == "__main__":
    unittest.main(verbosity=2)
