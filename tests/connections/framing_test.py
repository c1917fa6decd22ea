"""Every request body is read to its end or the connection is closed after
the answer, and a body framed two ways is refused (issue: request
smuggling). Each test sends raw bytes and reads exactly what comes back."""
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import rawhttp  # noqa: E402

HOST = "Host: test\r\n"
SMUGGLED = b"GET /health HTTP/1.1\r\nHost: test\r\n\r\n"


def send(data):
    sock = rawhttp.connect()
    sock.sendall(data)
    return sock, rawhttp.Reader(sock)


def login_head(framing):
    return ("POST /api/v2/auth/login HTTP/1.1\r\n%sContent-Type: application/json\r\n%s\r\n"
            % (HOST, framing)).encode()


class FramingTest(unittest.TestCase):
    def assert_no_second_response(self, reader):
        first_closes = reader.closed(wait=2.0)
        self.assertTrue(first_closes, "the server answered the body as a request: " + repr(reader.buffer[:200]))
        self.assertEqual(b"", reader.buffer)

    def assert_refused(self, data, detail_word):
        """400 naming `detail_word`, and nothing read as a next request."""
        sock, reader = send(data)
        r = reader.response()
        self.assertEqual(400, r.status, "%r: %s" % (data[:120], r.body))
        self.assertIn(detail_word, r.json()["detail"])
        self.assert_no_second_response(reader)
        sock.close()

    def test_body_of_refused_request_is_not_parsed_as_the_next_request(self):
        # 401: the route needs a token, so its body is never read.
        head = ("POST /api/v2/customers HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n"
                "Content-Length: %d\r\n\r\n" % len(SMUGGLED)).encode()
        sock, reader = send(head + SMUGGLED)
        r = reader.response()
        self.assertEqual(401, r.status)
        self.assertEqual("close", r.header("Connection").lower())
        self.assert_no_second_response(reader)
        sock.close()

    def test_body_of_404_and_405_is_not_parsed(self):
        for method, path in (("POST", "/api/v2/no-such-thing"), ("DELETE", "/api/v2/customers")):
            head = ("%s %s HTTP/1.1\r\n%sContent-Length: %d\r\n\r\n" % (method, path, HOST, len(SMUGGLED))).encode()
            sock, reader = send(head + SMUGGLED)
            r = reader.response()
            self.assertIn(r.status, (404, 405), method + " " + path)
            self.assert_no_second_response(reader)
            sock.close()

    def test_get_with_a_body_closes_after_the_answer(self):
        head = ("GET /health HTTP/1.1\r\n%sContent-Length: %d\r\n\r\n" % (HOST, len(SMUGGLED))).encode()
        sock, reader = send(head + SMUGGLED)
        self.assertEqual(200, reader.response().status)
        self.assert_no_second_response(reader)
        sock.close()

    def test_both_transfer_encoding_and_content_length_is_400(self):
        body = b"0\r\n\r\n"
        framing = "Transfer-Encoding: chunked\r\nContent-Length: %d\r\n" % (len(body) + len(SMUGGLED))
        self.assert_refused(login_head(framing) + body + SMUGGLED, "Transfer-Encoding")

    def test_transfer_encoding_other_than_chunked_is_400(self):
        self.assert_refused(login_head("Transfer-Encoding: gzip, chunked\r\n") + b"2\r\n{}\r\n0\r\n\r\n", "chunked")

    def test_two_content_lengths_are_400(self):
        head = ("POST /api/v2/auth/login HTTP/1.1\r\n%sContent-Type: application/json\r\n"
                "Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}" % HOST).encode()
        sock, reader = send(head)
        r = reader.response()
        self.assertEqual(400, r.status)
        self.assert_no_second_response(reader)
        sock.close()

    def test_post_without_framing_has_an_empty_body_and_is_answered_at_once(self):
        started = time.monotonic()
        head = ("POST /api/v2/auth/login HTTP/1.1\r\n%sContent-Type: application/json\r\n\r\n" % HOST).encode()
        sock, reader = send(head)
        r = reader.response()
        self.assertEqual(422, r.status)  # email and password missing, not a wait for the client to close
        self.assertLess(time.monotonic() - started, 5.0)
        sock.close()

    def test_a_malformed_head_is_400_json_and_the_server_keeps_serving(self):
        # The whole answer arrives: its body used to be left out, and a
        # client waited for the bytes Content-Length promised.
        for garbage in (b"GARBAGE\r\n\r\n", b"GET / HTTP/1.1\r\nNo colon here\r\n\r\n",
                        b"GET /health HTTP/9.9\r\n" + b"X: " + b"y" * 9000 + b"\r\n\r\n"):
            sock, reader = send(garbage)
            r = reader.response()
            self.assertTrue(400 <= r.status < 500, "%d for %r" % (r.status, garbage[:40]))
            self.assertIn("detail", r.json())
            sock.close()
        sock, reader = send(SMUGGLED)
        self.assertEqual(200, reader.response().status)
        sock.close()

    def test_a_content_length_that_is_not_a_number_is_400(self):
        # It used to close the connection without a word.
        for length in ("1e3", "0x10", "9" * 40):
            self.assert_refused(login_head("Content-Length: %s\r\n" % length) + b"{}", "not valid HTTP")

    def test_two_transfer_encoding_headers_are_400(self):
        framing = "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"
        self.assert_refused(login_head(framing) + b"2\r\n{}\r\n0\r\n\r\n", "Transfer-Encoding")

    def test_a_malformed_chunk_size_is_400_not_an_empty_body(self):
        # It was 422: the login ran with an empty body.
        login = b'{"email": "nobody@test.example", "password": "wrong-password"}'
        head = login_head("Transfer-Encoding: chunked\r\n")
        for size in (b"zz", b"-5", b"ffffffffffffffffff", b""):
            self.assert_refused(head + size + b"\r\n" + login + b"\r\n0\r\n\r\n", "chunked")
        # Well-formed chunks (one with an extension) are still read.
        chunks = b"a;ext=1\r\n" + login[:10] + b"\r\n%x\r\n" % (len(login) - 10) + login[10:] + b"\r\n0\r\n\r\n"
        sock, reader = send(head + chunks)
        self.assertEqual(401, reader.response().status)
        sock.close()

    def test_a_body_shorter_than_its_content_length_is_400(self):
        import socket
        login = b'{"email": "nobody@test.example", "password": "wrong-password"}'
        sock, reader = send(login_head("Content-Length: %d\r\n" % (len(login) + 10)) + login)
        sock.shutdown(socket.SHUT_WR)  # the client is done: the body ends short
        r = reader.response()
        self.assertEqual(400, r.status, r.body)  # was 401: the login ran on the short body
        self.assertIn("ended early", r.json()["detail"])
        sock.close()

    def test_a_0xff_byte_in_the_head_is_400_and_hides_no_header(self):
        # POCO's parser reads 0xFF as the end of input: the head ended at
        # that line, Content-Length was lost, and the body was answered as
        # a request of its own.
        junk = ("POST /api/v2/auth/login HTTP/1.1\r\n%sX-Junk: a" % HOST).encode() + b"\xff\r\n"
        rest = "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(SMUGGLED)
        self.assert_refused(junk + rest.encode() + SMUGGLED, "0xFF")

    def test_clients_that_reset_at_once_do_not_stop_the_server(self):
        import socket
        import struct
        for _ in range(300):
            s = rawhttp.connect()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = RST
            s.close()
        sock, reader = send(SMUGGLED)
        self.assertEqual(200, reader.response().status)
        sock.close()

    def test_a_read_body_keeps_the_connection_and_pipelined_requests_are_answered_in_order(self):
        login = b'{"email": "nobody@test.example", "password": "wrong-password"}'
        first = ("POST /api/v2/auth/login HTTP/1.1\r\n%sContent-Type: application/json\r\n"
                 "Content-Length: %d\r\n\r\n" % (HOST, len(login))).encode() + login
        second = b"GET /health HTTP/1.1\r\nHost: test\r\nX-Request-ID: second\r\n\r\n"
        sock, reader = send(first + second)
        self.assertEqual(401, reader.response().status)
        r = reader.response()
        self.assertEqual(200, r.status)
        self.assertEqual("second", r.header("X-Request-ID"))
        # Still open for a third, sent later.
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: test\r\n\r\n")
        self.assertEqual(200, reader.response().status)
        sock.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
