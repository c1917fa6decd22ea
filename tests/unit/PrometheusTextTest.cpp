#include "metrics/Histogram.h"
#include "metrics/PrometheusText.h"

#include <cppunit/extensions/HelperMacros.h>

#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {
constexpr double kBounds[] = {0.001, 0.01, 0.1};
}

class PrometheusTextTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PrometheusTextTest);
    CPPUNIT_TEST(numbersAreWrittenAsPrometheusClientsWriteThem);
    CPPUNIT_TEST(labelValuesAndHelpAreEscaped);
    CPPUNIT_TEST(bucketsAreCumulativeAndInclusive);
    CPPUNIT_TEST(observationsFromManyThreadsAreAllCounted);
    CPPUNIT_TEST_SUITE_END();

    static std::string one(double value) {
        crm::PrometheusText out;
        out.sample("x", {}, value);
        return out.take();
    }

public:
    void numbersAreWrittenAsPrometheusClientsWriteThem() {
        CPPUNIT_ASSERT_EQUAL(std::string("x 3000\n"), one(3000));
        CPPUNIT_ASSERT_EQUAL(std::string("x 0.0001\n"), one(0.0001));
        CPPUNIT_ASSERT_EQUAL(std::string("x 0.004100168\n"), one(0.004100168));
        CPPUNIT_ASSERT_EQUAL(std::string("x 1e-07\n"), one(1e-7));
    }

    void labelValuesAndHelpAreEscaped() {
        crm::PrometheusText out;
        out.family("x", "gauge", "a \\ and a\nline");
        out.sample("x", {{"route", "/a/{id}"}, {"odd", "q\"b\\n\n"}}, 1);
        CPPUNIT_ASSERT_EQUAL(std::string("# HELP x a \\\\ and a\\nline\n# TYPE x gauge\n"
                                         "x{route=\"/a/{id}\",odd=\"q\\\"b\\\\n\\n\"} 1\n"),
                             out.take());
    }

    // A value equal to a bound is in that bound's bucket ("le").
    void bucketsAreCumulativeAndInclusive() {
        crm::Histogram h(kBounds);
        h.observe(1ms);
        h.observe(5ms);
        h.observe(2s);
        crm::PrometheusText out;
        out.histogram("t_seconds", {{"route", "r"}}, h);
        CPPUNIT_ASSERT_EQUAL(std::string("t_seconds_bucket{route=\"r\",le=\"0.001\"} 1\n"
                                         "t_seconds_bucket{route=\"r\",le=\"0.01\"} 2\n"
                                         "t_seconds_bucket{route=\"r\",le=\"0.1\"} 2\n"
                                         "t_seconds_bucket{route=\"r\",le=\"+Inf\"} 3\n"
                                         "t_seconds_sum{route=\"r\"} 2.006\n"
                                         "t_seconds_count{route=\"r\"} 3\n"),
                             out.take());
    }

    void observationsFromManyThreadsAreAllCounted() {
        crm::Histogram h(kBounds);
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t)
            threads.emplace_back([&] {
                for (int i = 0; i < 10000; ++i) h.observe(2ms);
            });
        for (auto& t : threads) t.join();
        auto s = h.snapshot();
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(80000), s.count);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), s.cumulative[0]);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(80000), s.cumulative[1]);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(160.0, s.sumSeconds, 1e-9);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PrometheusTextTest);
