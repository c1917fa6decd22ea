// readRequestHead against the parser it replaces: every head here is read
// by POCO 1.11's own HTTPRequest::read through its HTTPServerSession and
// header stream (over a loopback connection, as the server used to), and
// by readRequestHead from a ConnectionInput; the method, target, version,
// headers, the exception (type and message) and the bytes consumed must all
// be the same. The heads are the sweep's hostile ones and their edges, and
// a few thousand random mutations of them.
#include "http/ConnectionInput.h"
#include "http/PocoHeadParser.h"

#include <Poco/Net/HTTPHeaderStream.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <cppunit/extensions/HelperMacros.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

class Session : public Poco::Net::HTTPServerSession {
public:
    using HTTPServerSession::HTTPServerSession;
    using HTTPServerSession::buffered;
};

std::string describe(Poco::Net::HTTPRequest& request, const std::string& error, std::size_t consumed) {
    std::ostringstream out;
    out << "consumed " << consumed << "; ";
    if (!error.empty()) {
        out << error;
        return out.str();
    }
    out << "[" << request.getMethod() << "] [" << request.getURI() << "] [" << request.getVersion() << "]";
    for (const auto& [name, value] : request) out << "\n[" << name << "]: [" << value << "]";
    return out.str();
}

template <typename Read>
std::string outcome(Read read) {
    try {
        read();
        return "";
    } catch (const Poco::Net::NoMessageException& e) {
        return "no message: " + e.displayText();
    } catch (const Poco::Net::MessageException& e) {
        return "malformed: " + e.displayText();
    }
}

}  // namespace

class PocoHeadParserTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PocoHeadParserTest);
    CPPUNIT_TEST(hostileHeadsReadAsPocoReadThem);
    CPPUNIT_TEST(mutatedHeadsReadAsPocoReadThem);
    CPPUNIT_TEST_SUITE_END();

    Poco::Net::ServerSocket server_{Poco::Net::SocketAddress("127.0.0.1", 0)};

    std::string viaPoco(const std::string& bytes) {
        Poco::Net::StreamSocket client(server_.address());
        Poco::Net::StreamSocket conn = server_.acceptConnection();
        for (std::size_t sent = 0; sent < bytes.size();)
            sent += static_cast<std::size_t>(client.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent)));
        client.shutdownSend();
        Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
        Session session(conn, params);
        Poco::Net::HTTPRequest request;
        std::string error = outcome([&] {
            Poco::Net::HTTPHeaderInputStream head(session);
            request.read(head);
        });
        std::size_t left = session.buffered();
        char rest[65536];
        for (int got; (got = conn.receiveBytes(rest, sizeof rest)) > 0;) left += static_cast<std::size_t>(got);
        return describe(request, error, bytes.size() - left);
    }

    static std::string viaOwn(const std::string& bytes) {
        crm::ConnectionInput in;
        in.append(bytes);
        Poco::Net::HTTPRequest request;
        std::string error = outcome([&] { crm::readRequestHead(in, request); });
        return describe(request, error, bytes.size() - in.buffered());
    }

    void same(const std::string& bytes) {
        std::string poco = viaPoco(bytes), own = viaOwn(bytes);
        if (poco != own) {
            std::string shown = bytes.substr(0, 300);
            CPPUNIT_FAIL("for " + std::string(shown.begin(), shown.end()) + "\nPOCO: " + poco.substr(0, 2000) +
                         "\nown:  " + own.substr(0, 2000));
        }
    }

    static std::vector<std::string> heads() {
        const std::string line = "GET /api/v2/work-orders/7?x=1 HTTP/1.1\r\n", host = "Host: test\r\n";
        auto with = [&](const std::string& headers) { return line + host + headers + "\r\n"; };
        std::vector<std::string> all = {
            with(""), with("Content-Length: 5\r\n") + "hello", with("X-A: b\r\n") + "GET / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\nHost: x\n\n", "\r\nGET / HTTP/1.1\r\n\r\n", "\n\nGET / HTTP/1.1\r\n\r\n", "", "\r\n", "GARBAGE\r\n\r\n",
            with("No colon here\r\n"), with("X-Folded: a\r\n  continued\r\n\tmore\r\n"), with(": x\r\n"),
            with("Bad Name: x\r\n"), with("X-Space : x\r\n"), with(std::string("X-Nul: a\0b\r\n", 12)),
            with("X-Cr: a\rb\r\n"), with("X-Bytes: \xff\xfe\r\n"), with("X-\xff: a\r\n"), with("   \r\n"), with(":\r\n"),
            with("\tX: a\r\n"), with("X-Name: caf\xc3\xa9\r\n"), with("X-O: \xc0\xaf\r\n"), with("A\nB: c\r\n"),
            with("X-Trail: value   \t \r\n"), with("X-Empty:\r\n"), with("X-Word: =?UTF-8?Q?caf=C3=A9?=\r\n"),
            with("X-Word: =?bogus\r\n"), with("Expect: 100-continue\r\n"), with("X-Long: " + std::string(8192, 'v') + "\r\n"),
            with("X-Long: " + std::string(8193, 'v') + "\r\n"), with(std::string(256, 'n') + ": v\r\n"),
            with(std::string(257, 'n') + ": v\r\n"), with("X-Piece: " + std::string(4091 - 9, 'p') + "x\n" + "Y: z\r\n"),
            with("X-Piece: " + std::string(4092 - 9, 'p') + "x\n" + "Y: z\r\n"),
            with("X-Piece: " + std::string(4090 - 9, 'p') + "x\r\n" + "Y: z\r\n"),
            std::string(32, 'M') + " / HTTP/1.1\r\n\r\n", std::string(33, 'M') + " / HTTP/1.1\r\n\r\n",
            "GET /" + std::string(16383, 'u') + " HTTP/1.1\r\n\r\n", "GET /" + std::string(16384, 'u') + " HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.10\r\n\r\n", "GET / HTTP/1.100\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET /\r\n\r\n", "GET\r\n\r\n",
            "GET / HTTP/1.1 extra words\r\n\r\n", "GET  \t /  HTTP/1.1\r\n\r\n", "GET / HTTP/1.1", "GET / HTTP/1.1\r\nHost: x",
            "GET / HTTP/1.1\xff\r\nHost: x\r\n\r\n", "\xffGET / HTTP/1.1\r\n\r\n", "GET\n\n/ HTTP/1.1\r\n\r\n",
        };
        for (int n : {99, 100, 101, 600}) {
            std::string many;
            for (int i = 0; i < n; ++i) many += "X-Sweep-" + std::to_string(i) + ": v\r\n";
            all.push_back(with(many));
            all.push_back(with(many + "Skipped line\r\n"));
        }
        return all;
    }

public:
    void hostileHeadsReadAsPocoReadThem() {
        for (const auto& head : heads()) same(head);
    }

    void mutatedHeadsReadAsPocoReadThem() {
        const std::string alphabet("\r\n \t:=?aZ\xff\x80\x00;,", 15);
        std::mt19937 random(14);
        auto bases = heads();
        for (int round = 0; round < 3000; ++round) {
            std::string head = bases[random() % bases.size()];
            if (head.size() > 600) head.resize(600 + random() % 40);
            for (int edits = 1 + random() % 4; edits > 0; --edits) {
                std::size_t at = head.empty() ? 0 : random() % head.size();
                char c = alphabet[random() % alphabet.size()];
                switch (random() % 3) {
                    case 0: head.insert(at, 1, c); break;
                    case 1: if (!head.empty()) head.erase(at, 1); break;
                    default: if (!head.empty()) head[at] = c; break;
                }
            }
            same(head);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PocoHeadParserTest);
