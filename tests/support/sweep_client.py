"""Sends sweep Cases from a few threads over keep-alive connections and
reads every answer, noting what each got: a status, or no answer at all
(the connection closed or reset before one arrived). Answers keep their
body as bytes (rawhttp.Reader decodes with replacement, which would hide
an answer that is not UTF-8), skip 1xx interim answers and know that a
HEAD answer has no body."""
import socket
import threading

import rawhttp


class NoAnswer(Exception):
    pass


class Answer:
    __slots__ = ("status", "headers", "body")

    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body


class Connection:
    def __init__(self, address):
        self.sock = rawhttp.connect(address=address, timeout=30.0)
        self.buffer = b""
        self.last = None  # the answer before, for a report of a dropped connection

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def _fill(self):
        try:
            chunk = self.sock.recv(262144)
        except (ConnectionResetError, socket.timeout) as e:
            raise NoAnswer(type(e).__name__)
        if not chunk:
            raise NoAnswer("closed")
        self.buffer += chunk

    def answer(self, head_only):
        """The next final answer; 1xx interim answers are skipped."""
        while True:
            while b"\r\n\r\n" not in self.buffer:
                self._fill()
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            lines = head.decode("latin-1").split("\r\n")
            try:
                status = int(lines[0].split(" ")[1])
            except (IndexError, ValueError):
                raise NoAnswer("not an HTTP answer: %r" % lines[0][:80])
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            if 100 <= status < 200:
                continue
            length = 0 if head_only or status in (204, 304) else int(headers.get("content-length", "0"))
            while len(self.buffer) < length:
                self._fill()
            body, self.buffer = self.buffer[:length], self.buffer[length:]
            return Answer(status, headers, body)


def exchange(connection, case, host):
    """Sends one case and reads its answer. A send the server cut short
    (it answered and closed while the body was still going) still reads
    whatever answer made it back."""
    try:
        connection.sock.sendall(case.wire(host))
        if case.half_close:
            connection.sock.shutdown(socket.SHUT_WR)
    except (BrokenPipeError, ConnectionResetError, socket.timeout):
        pass
    return connection.answer(case.method in ("HEAD", b"HEAD"))


def sweep(cases, address, record, threads=4):
    """Sends every case; `record(case, answer_or_None, reason)` is called
    from the sending thread for each one."""
    host = ("%s:%d" % address).encode()
    lock = threading.Lock()
    source = iter(cases)

    def next_case():
        with lock:
            return next(source, None)

    def run():
        connection = None
        while True:
            case = next_case()
            if case is None:
                break
            if case.alone and connection is not None:
                connection.close()
                connection = None
            try:
                connection = connection or Connection(address)
                answer = exchange(connection, case, host)
            except (NoAnswer, OSError) as e:
                after = " (after %s)" % connection.last if connection is not None and connection.last else ""
                record(case, None, "%s: %s%s" % (type(e).__name__, e, after))
                if connection is not None:
                    connection.close()
                connection = None
                continue
            record(case, answer, "")
            connection.last = "%s -> %d" % (case.describe()[:120], answer.status)
            if case.alone or answer.headers.get("connection", "").lower() == "close" or case.version != b"HTTP/1.1":
                connection.close()
                connection = None
        if connection is not None:
            connection.close()

    workers = [threading.Thread(target=run, daemon=True) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
