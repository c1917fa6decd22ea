#!/usr/bin/python3
"""An SMTP server on loopback for the email tests, speaking real SMTP via aiosmtpd.

Every accepted message is appended to OUT as one JSON line: recipient,
Message-ID, subject, List-Unsubscribe headers, the decoded text and HTML
parts, and whether it came over TLS and after AUTH. With --tls-cert and
--tls-key the sink offers STARTTLS with that certificate; with --auth
LOGIN:PASSWORD it offers AUTH and appends every attempt to OUT as a line
with "kind": "auth" (login, accepted, over TLS or not). It takes AUTH in
clear too: it is the witness of what a client sends, not a guard. The
recipient address chooses the behaviour:
  ...+tempfail@...  answers 451 to the first RCPT for that address, then accepts
  ...+reject@...    answers 550 to RCPT
  ...+slow@...      takes 40 ms to accept the message (for the crash test)
"""
import argparse
import asyncio
import email
import email.policy
import json
import logging
import signal
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult


def tls_of(session):
    """The TLS version the session speaks, or None in clear."""
    return session.ssl["ssl_object"].version() if session.ssl else None


class RecordingHandler:
    def __init__(self, out):
        self.out = out
        self.lock = threading.Lock()
        self.deferred = set()

    def record(self, record):
        with self.lock, open(self.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "+reject" in address:
            return "550 5.1.1 Mailbox unavailable"
        if "+tempfail" in address and address not in self.deferred:
            self.deferred.add(address)
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if any("+slow" in r for r in envelope.rcpt_tos):
            await asyncio.sleep(0.04)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        parts = {"text/plain": None, "text/html": None}
        for part in message.walk():
            if part.get_content_type() in parts and parts[part.get_content_type()] is None:
                parts[part.get_content_type()] = part.get_content()
        self.record({
            "kind": "message",
            "tls": tls_of(session),
            "authenticated": bool(session.authenticated),
            "to": envelope.rcpt_tos,
            "message_id": message.get("Message-ID"),
            "subject": str(message.get("Subject")),
            "list_unsubscribe": message.get("List-Unsubscribe"),
            "list_unsubscribe_post": message.get("List-Unsubscribe-Post"),
            "text": parts["text/plain"],
            "html": parts["text/html"],
            "headers": [name.lower() for name in message.keys()],
            "to_header": str(message.get("To")),
            "raw": envelope.content.decode("utf-8", "replace"),
        })
        return "250 Message accepted"


class Authenticator:
    """Accepts one login and password; records every attempt."""

    def __init__(self, handler, credentials):
        self.handler = handler
        self.login, _, self.password = credentials.partition(":")

    def __call__(self, server, session, envelope, mechanism, auth_data):
        accepted = auth_data.login.decode() == self.login and auth_data.password.decode() == self.password
        self.handler.record({"kind": "auth", "mechanism": mechanism, "login": auth_data.login.decode(),
                             "accepted": accepted, "tls": tls_of(session)})
        return AuthResult(success=accepted)


class RelayLikeSmtp(SMTP):
    # AUTH LOGIN prompts as Postfix, Exchange and Gmail send them. POCO's
    # client answers only prompts starting "Username"/"Password"; to
    # aiosmtpd's own "User Name" it sends nothing and carries on.
    AuthLoginUsernameChallenge = "Username:"
    AuthLoginPasswordChallenge = "Password:"


class SinkController(Controller):
    def factory(self):
        return RelayLikeSmtp(self.handler, **self.SMTP_kwargs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--tls-cert", help="offer STARTTLS with this PEM certificate (chain)")
    parser.add_argument("--tls-key", help="the certificate's PEM private key")
    parser.add_argument("--auth", metavar="LOGIN:PASSWORD", help="offer AUTH and accept this login")
    args = parser.parse_args()
    handler = RecordingHandler(args.out)
    options = {}
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        options["tls_context"] = context
    if args.auth:
        options.update(authenticator=Authenticator(handler, args.auth), auth_require_tls=False)
        # aiosmtpd warns on each successful AUTH that login_data, which its
        # own code sets, is deprecated: noise on the test's output.
        logging.getLogger("mail.log").setLevel(logging.ERROR)
    controller = SinkController(handler, hostname="127.0.0.1", port=args.port, **options)
    controller.start()
    open(args.out, "a").close()  # made once the sink listens: how a test knows it started
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    main()
