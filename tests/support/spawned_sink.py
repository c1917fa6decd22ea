"""An SMTP sink of a test's own (smtp_sink.py in a subprocess, with the
options it takes) on a free loopback port. Used as a context manager: it
starts, waits until it listens, and is stopped on exit.
messages() and auths() read what it recorded."""
import json
import os
import subprocess
import tempfile
import uuid

from spawned_server import free_port, wait_for_start

SINK = os.path.join(os.path.dirname(__file__), "smtp_sink.py")


class SpawnedSink:
    def __init__(self, *options):
        self.options = list(options)
        self.port = self.out = self.process = None

    def __enter__(self):
        # free_port() is a guess: on a busy machine another process may take
        # the port first, and the sink exits at once. Then it tries another.
        for attempt in range(3):
            self.port = free_port()
            folder = os.environ.get("CRM_TEST_WORK", tempfile.gettempdir())
            self.out = os.path.join(folder, "sink-%d-%s.jsonl" % (self.port, uuid.uuid4().hex[:8]))
            # Debian's interpreter, where python3-aiosmtpd is installed.
            self.process = subprocess.Popen(["/usr/bin/python3", SINK, "--port", str(self.port), "--out", self.out]
                                            + self.options)
            try:
                wait_for_start(self.process, self.listening, 10, "the SMTP sink")
                return self
            except RuntimeError:
                if self.process.poll() is None or attempt == 2:
                    raise

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)
        return False

    def listening(self):
        # The sink makes its file once it listens: a connection could reach
        # whoever else took the port.
        return os.path.exists(self.out)

    def records(self, kind):
        if not os.path.exists(self.out):
            return []
        with open(self.out, encoding="utf-8") as f:
            return [r for r in (json.loads(line) for line in f if line.endswith("}\n")) if r.get("kind") == kind]

    def messages(self, address):
        return [m for m in self.records("message") if address in m["to"]]

    def auths(self):
        return self.records("auth")
