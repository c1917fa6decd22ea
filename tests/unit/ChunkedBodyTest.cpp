#include "http/ChunkedBody.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <istream>
#include <string>

namespace {

// Decodes `wire` as POCO's session would hand it over: a byte at a time
// through get() (as plain char, so 0x80 and up come out negative), and
// runs of bytes through read().
struct Decoded {
    std::string body;
    bool bad;
};

Decoded decode(const std::string& wire) {
    std::size_t at = 0;
    crm::ChunkedBody chunks(
        [&] { return at < wire.size() ? static_cast<int>(wire[at++]) : std::char_traits<char>::eof(); },
        [&](char* buffer, std::streamsize length) {
            std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(length), wire.size() - at);
            wire.copy(buffer, n, at);
            at += n;
            return static_cast<int>(n);
        });
    // Read the way the pipeline reads: the stream turns a decoding error into badbit.
    std::istream in(&chunks);
    std::string body;
    char buffer[4];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) body.append(buffer, static_cast<std::size_t>(in.gcount()));
    return {body, in.bad()};
}

}  // namespace

class ChunkedBodyTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ChunkedBodyTest);
    CPPUNIT_TEST(decodesChunksExtensionsAndTrailers);
    CPPUNIT_TEST(refusesSizesThatAreNotHex);
    CPPUNIT_TEST(refusesBrokenLines);
    CPPUNIT_TEST(refusesABodyThatEndsEarly);
    CPPUNIT_TEST_SUITE_END();

public:
    void decodesChunksExtensionsAndTrailers() {
        auto d = decode("5\r\nhello\r\n1;name=value\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n");
        CPPUNIT_ASSERT(!d.bad);
        CPPUNIT_ASSERT_EQUAL(std::string("hello 0123456789"), d.body);
        CPPUNIT_ASSERT(!decode("0\r\n\r\n").bad);
    }

    // POCO's decoder ended the body at each of these without a word.
    void refusesSizesThatAreNotHex() {
        for (const char* wire : {"zz\r\nabc\r\n0\r\n\r\n", "-5\r\nabcde\r\n0\r\n\r\n", "\r\nabc\r\n0\r\n\r\n",
                                 "ffffffffffffffff\r\nabc\r\n0\r\n\r\n", "5 \r\nhello\r\n0\r\n\r\n",
                                 "\xe9\r\nabc\r\n0\r\n\r\n"})
            CPPUNIT_ASSERT_MESSAGE(wire, decode(wire).bad);
    }

    void refusesBrokenLines() {
        CPPUNIT_ASSERT(decode("5\nhello\r\n0\r\n\r\n").bad);         // LF alone after the size
        CPPUNIT_ASSERT(decode("3\r\nhelloo\r\n0\r\n\r\n").bad);      // more bytes than the size
        CPPUNIT_ASSERT(decode("5\r\nhello\r\n0\r\nX-T: t\n\r\n").bad);  // a trailer without CR
    }

    void refusesABodyThatEndsEarly() {
        CPPUNIT_ASSERT(decode("a\r\nhello").bad);         // inside a chunk
        CPPUNIT_ASSERT(decode("5\r\nhello\r\n").bad);     // before the last chunk
        CPPUNIT_ASSERT(decode("5\r\nhello\r\n0\r\n").bad);  // before the trailers end
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ChunkedBodyTest);
