#include "http/RequestHead.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using crm::RequestHead;

class RequestHeadTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RequestHeadTest);
    CPPUNIT_TEST(aBlankLineAfterTheRequestLineEndsTheHead);
    CPPUNIT_TEST(blankLinesBeforeTheRequestLineEndNothing);
    CPPUNIT_TEST(moreThanTheLimitWithoutAnEndIsTooLarge);
    CPPUNIT_TEST(aFloodOfBlankLinesIsJudgedInLinearTime);
    CPPUNIT_TEST_SUITE_END();

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
};

CPPUNIT_TEST_SUITE_REGISTRATION(RequestHeadTest);
