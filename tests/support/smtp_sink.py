#!/usr/bin/python3
"""An SMTP server on loopback for the email tests, speaking real SMTP via aiosmtpd.

Every accepted message is appended to OUT as one JSON line: recipient,
Message-ID, subject, List-Unsubscribe headers and the decoded text and HTML
parts. The recipient address chooses the behaviour:
  ...+tempfail@...  answers 451 to the first RCPT for that address, then accepts
  ...+reject@...    answers 550 to RCPT
  ...+slow@...      takes 40 ms to accept the message (for the crash test)
"""
import argparse
import asyncio
import email
import email.policy
import json
import signal
import threading

from aiosmtpd.controller import Controller


class RecordingHandler:
    def __init__(self, out):
        self.out = out
        self.lock = threading.Lock()
        self.deferred = set()

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
        record = {
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
        }
        with self.lock, open(self.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
        return "250 Message accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    controller = Controller(RecordingHandler(args.out), hostname="127.0.0.1", port=args.port)
    controller.start()
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    main()
