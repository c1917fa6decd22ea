#include "http/RequestHead.h"

#include <cppunit/extensions/HelperMacros.h>

#include <sys/socket.h>
#include <unistd.h>

#include <string>

using crm::RequestHead;

class RequestHeadTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RequestHeadTest);
    CPPUNIT_TEST(aBlankLineAfterTheRequestLineEndsTheHead);
    CPPUNIT_TEST(blankLinesBeforeTheRequestLineEndNothing);
    CPPUNIT_TEST(moreThanTheLimitWithoutAnEndIsTooLarge);
    CPPUNIT_TEST(aFloodOfBlankLinesIsJudgedInLinearTime);
    CPPUNIT_TEST(receivingTakesWhatArrivedAndKeepsIt);
    CPPUNIT_TEST(receivingStopsOneBytePastTheLimit);
    CPPUNIT_TEST(receivingSeesTheClientClose);
    CPPUNIT_TEST_SUITE_END();

    // A connected pair of stream sockets: [0] is the server's end.
    struct SocketPair {
        int fd[2] = {-1, -1};
        SocketPair() { CPPUNIT_ASSERT(::socketpair(AF_UNIX, SOCK_STREAM, 0, fd) == 0); }
        ~SocketPair() {
            for (int f : fd)
                if (f >= 0) ::close(f);
        }
        void send(const std::string& bytes) const {
            CPPUNIT_ASSERT(::write(fd[1], bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
        }
        std::string unread() const {
            char rest[256];
            ssize_t got = ::recv(fd[0], rest, sizeof rest, MSG_DONTWAIT);
            return got > 0 ? std::string(rest, static_cast<std::size_t>(got)) : std::string();
        }
    };

    static RequestHead::State scan(RequestHead& head, const std::string& bytes) { return head.scan(bytes.data(), bytes.size()); }

public:
    void aBlankLineAfterTheRequestLineEndsTheHead() {
        RequestHead head(16384);
        CPPUNIT_ASSERT(scan(head, "GET / HTTP/1.1\r\nHost: x\r\n") == RequestHead::State::incomplete);
        CPPUNIT_ASSERT(scan(head, "GET / HTTP/1.1\r\nHost: x\r\n\r\n") == RequestHead::State::complete);
        RequestHead bare(16384);
        CPPUNIT_ASSERT(scan(bare, "GET / HTTP/1.1\nHost: x\n\n") == RequestHead::State::complete);
    }

    void blankLinesBeforeTheRequestLineEndNothing() {
        RequestHead head(16384);
        CPPUNIT_ASSERT(scan(head, "\r\n\r\n\n\n") == RequestHead::State::incomplete);
        CPPUNIT_ASSERT(scan(head, "\r\n\r\n\n\nGET / HTTP/1.1\r\n\r\n") == RequestHead::State::complete);
    }

    void moreThanTheLimitWithoutAnEndIsTooLarge() {
        RequestHead head(64);
        CPPUNIT_ASSERT(scan(head, "GET /" + std::string(59, 'a')) == RequestHead::State::incomplete);
        CPPUNIT_ASSERT(scan(head, "GET /" + std::string(60, 'a')) == RequestHead::State::tooLarge);
    }

    // The listener thread judges every connection's head: while each blank
    // line looked back at all the ones before it, 256 KiB of line feeds took
    // it about 20 s. The work is counted, not timed: whole or trickled in
    // segments, the detector looks at each byte a bounded number of times.
    void aFloodOfBlankLinesIsJudgedInLinearTime() {
        const std::size_t limit = 256 * 1024;
        const std::string flood(limit + 1, '\n');
        RequestHead whole(limit);
        CPPUNIT_ASSERT(scan(whole, flood) == RequestHead::State::tooLarge);
        CPPUNIT_ASSERT(whole.examined() <= 2 * flood.size());
        RequestHead trickled(limit);
        std::size_t arrivals = 0;
        for (std::size_t arrived = 1460; arrived < flood.size(); arrived += 1460, ++arrivals)
            CPPUNIT_ASSERT(trickled.scan(flood.data(), arrived) == RequestHead::State::incomplete);
        CPPUNIT_ASSERT(scan(trickled, flood) == RequestHead::State::tooLarge);
        CPPUNIT_ASSERT(trickled.examined() <= 2 * flood.size() + 3 * (arrivals + 1));
    }

    // The listener consumes what it receives (a worker's parser reads it
    // from `received`), so a head trickled in pieces adds up there, what
    // came with a complete head (a body) is kept with it, and a call with
    // nothing new changes nothing.
    void receivingTakesWhatArrivedAndKeepsIt() {
        SocketPair pair;
        RequestHead head(1024);
        std::string received;
        CPPUNIT_ASSERT(head.receive(pair.fd[0], received) == RequestHead::State::incomplete);
        CPPUNIT_ASSERT(received.empty());
        pair.send("POST /a HTTP/1.1\r\nContent-Le");
        CPPUNIT_ASSERT(head.receive(pair.fd[0], received) == RequestHead::State::incomplete);
        CPPUNIT_ASSERT(head.started());
        CPPUNIT_ASSERT(head.receive(pair.fd[0], received) == RequestHead::State::incomplete);
        pair.send("ngth: 2\r\n\r\nhi");
        CPPUNIT_ASSERT(head.receive(pair.fd[0], received) == RequestHead::State::complete);
        CPPUNIT_ASSERT_EQUAL(std::string("POST /a HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi"), received);
        CPPUNIT_ASSERT(pair.unread().empty());
    }

    // Never more than one byte past the limit is taken: the rest of a flood
    // stays in the socket, and the head is too large.
    void receivingStopsOneBytePastTheLimit() {
        SocketPair pair;
        RequestHead head(64);
        std::string received;
        pair.send("GET /" + std::string(50, 'a'));
        CPPUNIT_ASSERT(head.receive(pair.fd[0], received) == RequestHead::State::incomplete);
        pair.send(std::string(20, 'b'));
        CPPUNIT_ASSERT(head.receive(pair.fd[0], received) == RequestHead::State::tooLarge);
        CPPUNIT_ASSERT_EQUAL(std::size_t(65), received.size());
        CPPUNIT_ASSERT_EQUAL(std::string(10, 'b'), pair.unread());
    }

    void receivingSeesTheClientClose() {
        SocketPair pair;
        RequestHead head(1024);
        std::string received;
        pair.send("GET / HT");
        CPPUNIT_ASSERT(head.receive(pair.fd[0], received) == RequestHead::State::incomplete);
        ::close(pair.fd[1]);
        pair.fd[1] = -1;
        CPPUNIT_ASSERT(head.receive(pair.fd[0], received) == RequestHead::State::closed);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RequestHeadTest);
