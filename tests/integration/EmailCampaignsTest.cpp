// Email campaigns (API.md section 8) against a real SMTP server on loopback.
// Each test sends to customers of a region of its own, with addresses of
// a domain of its own, so the sink's messages can be told apart.
#include "support/Assertions.h"
#include "support/Factory.h"
#include "support/SmtpSink.h"
#include "support/TestClient.h"

#include <Poco/URI.h>

#include <chrono>
#include <map>
#include <thread>

using crmtest::Factory;
using crmtest::HttpResult;
using crmtest::TestClient;

class EmailCampaignsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(EmailCampaignsTest);
    CPPUNIT_TEST(draftsAreEditableAndValidated);
    CPPUNIT_TEST(everyRecipientGetsExactlyOneMessage);
    CPPUNIT_TEST(unsubscribeRoundTrip);
    CPPUNIT_TEST(transientFailuresAreRetriedAndPermanentOnesRecorded);
    CPPUNIT_TEST(badTokensAre400);
    CPPUNIT_TEST(emptyAudienceIs409);
    CPPUNIT_TEST_SUITE_END();

    TestClient client;
    Factory make{client};
    std::string token;

    struct Audience {
        std::string region, domain;
        std::vector<std::string> emails;
    };

    // Customers named "Person i" with address local+i@domain in a new region.
    Audience audience(int count, const std::string& local = "person") {
        Audience a{TestClient::unique("Mail"), TestClient::unique("d") + ".example", {}};
        for (int i = 0; i < count; ++i) {
            std::string email = local + std::to_string(i) + "@" + a.domain;
            make.customer(R"(, "region": ")" + a.region + R"(", "email": ")" + email + "\"");
            a.emails.push_back(email);
        }
        make.customer(R"(, "region": ")" + a.region + "\"");  // no email: not in the audience
        return a;
    }

    std::string campaign(const Audience& a, const std::string& extra = "") {
        auto r = client.call("POST", "/api/v2/email-campaigns", token,
                             R"({"name": "Spring pump-out", "subject": "Time for your pump-out", "audience": {"region": ")" +
                                 a.region + R"("}, "body_text": "Hello {{name}}, book now. Unsubscribe: {{unsubscribe_url}}",
                                 "body_html": "<p>Hello {{name}}</p><a href=\"{{unsubscribe_url}}\">unsubscribe</a>")" + extra + "}");
        ASSERT_STATUS(201, r);
        return std::to_string(r.object()->getValue<int>("id"));
    }

    Poco::JSON::Object::Ptr waitUntilDone(const std::string& id) {
        for (int i = 0; i < 300; ++i) {
            auto c = client.call("GET", "/api/v2/email-campaigns/" + id, token).object();
            std::string status = c->getValue<std::string>("status");
            if (status == "sent" || status == "failed") return c;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        CPPUNIT_FAIL("campaign " + id + " did not finish within 30 s");
        return nullptr;
    }

public:
    void setUp() override { token = client.adminToken(); }

    void draftsAreEditableAndValidated() {
        auto post = [&](const std::string& json) { return client.call("POST", "/api/v2/email-campaigns", token, json); };
        ASSERT_INVALID("body.name", post(R"({"subject": "s", "body_text": "t"})"));
        ASSERT_INVALID("body.subject", post(R"({"name": "n", "subject": ")" + std::string(999, 's') + R"(", "body_text": "t"})"));
        ASSERT_INVALID("body", post(R"({"name": "n", "subject": "s"})"));
        ASSERT_INVALID("body.audience.region", post(R"({"name": "n", "subject": "s", "body_text": "t", "audience": {"region": 5}})"));
        ASSERT_INVALID("body.audience", post(R"({"name": "n", "subject": "s", "body_text": "t", "audience": "North"})"));

        auto created = post(R"({"name": "Draft", "subject": "Hi", "body_text": "t"})");
        ASSERT_STATUS(201, created);
        auto c = created.object();
        CPPUNIT_ASSERT_EQUAL(std::string("draft"), c->getValue<std::string>("status"));
        CPPUNIT_ASSERT(c->getObject("audience")->isNull("region"));
        CPPUNIT_ASSERT_EQUAL(0, c->getValue<int>("recipients_total"));
        CPPUNIT_ASSERT(!c->isNull("created_by"));
        std::string id = std::to_string(c->getValue<int>("id"));

        auto patched = client.call("PATCH", "/api/v2/email-campaigns/" + id, token, R"({"audience": {"region": "North"}, "subject": "Hello"})");
        ASSERT_STATUS(200, patched);
        CPPUNIT_ASSERT_EQUAL(std::string("North"), patched.object()->getObject("audience")->getValue<std::string>("region"));
        ASSERT_INVALID("body", client.call("PATCH", "/api/v2/email-campaigns/" + id, token, R"({"body_text": null})"));

        auto list = client.call("GET", "/api/v2/email-campaigns?status=draft&sort=-created_at&page_size=1", token).object();
        CPPUNIT_ASSERT_EQUAL(std::stoi(id), list->getArray("items")->getObject(0)->getValue<int>("id"));
        ASSERT_INVALID("query.status", client.call("GET", "/api/v2/email-campaigns?status=gone", token));

        ASSERT_STATUS(204, client.call("DELETE", "/api/v2/email-campaigns/" + id, token));
        auto gone = client.call("GET", "/api/v2/email-campaigns/" + id, token);
        ASSERT_STATUS(404, gone);
        CPPUNIT_ASSERT_EQUAL(std::string("Campaign not found"), gone.detail());
        ASSERT_STATUS(403, client.call("POST", "/api/v2/email-campaigns", client.tokenForNewUser("viewer"),
                                       R"({"name": "n", "subject": "s", "body_text": "t"})"));
    }

    void everyRecipientGetsExactlyOneMessage() {
        auto a = audience(12);
        std::string id = campaign(a);
        auto sent = client.call("POST", "/api/v2/email-campaigns/" + id + "/send", token);
        ASSERT_STATUS(202, sent);
        auto s = sent.object();
        CPPUNIT_ASSERT_EQUAL(std::string("Campaign queued"), s->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(12, s->getValue<int>("recipients"));
        CPPUNIT_ASSERT_EQUAL(0, s->getValue<int>("skipped"));

        auto again = client.call("POST", "/api/v2/email-campaigns/" + id + "/send", token);
        ASSERT_STATUS(409, again);
        ASSERT_STATUS(409, client.call("PATCH", "/api/v2/email-campaigns/" + id, token, R"({"name": "x"})"));
        ASSERT_STATUS(409, client.call("DELETE", "/api/v2/email-campaigns/" + id, token));

        auto done = waitUntilDone(id);
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), done->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(12, done->getValue<int>("recipients_total"));
        CPPUNIT_ASSERT_EQUAL(12, done->getValue<int>("sent_count"));
        CPPUNIT_ASSERT_EQUAL(0, done->getValue<int>("failed_count"));
        CPPUNIT_ASSERT(!done->isNull("completed_at"));

        auto messages = crmtest::sinkMessages("@" + a.domain);
        CPPUNIT_ASSERT_EQUAL(size_t(12), messages.size());
        std::map<std::string, int> perAddress;
        for (const auto& m : messages) {
            ++perAddress[m.to];
            CPPUNIT_ASSERT_EQUAL(std::string("Time for your pump-out"), m.subject);
            CPPUNIT_ASSERT_EQUAL(std::string("List-Unsubscribe=One-Click"), m.listUnsubscribePost);
            CPPUNIT_ASSERT(m.listUnsubscribe.find("/api/v2/email/unsubscribe?token=") != std::string::npos);
            CPPUNIT_ASSERT(m.messageId.rfind("<campaign-" + id + ".delivery-", 0) == 0);
            CPPUNIT_ASSERT_MESSAGE(m.text, m.text.find("Hello Customer ") != std::string::npos);  // {{name}} filled in
            CPPUNIT_ASSERT(m.text.find("{{") == std::string::npos && m.html.find("{{") == std::string::npos);
            CPPUNIT_ASSERT(m.html.find("<p>Hello Customer ") != std::string::npos);
        }
        for (const auto& email : a.emails) CPPUNIT_ASSERT_EQUAL_MESSAGE(email, 1, perAddress[email]);

        auto recipients = client.call("GET", "/api/v2/email-campaigns/" + id + "/recipients?status=sent&page_size=5", token);
        ASSERT_STATUS(200, recipients);
        CPPUNIT_ASSERT_EQUAL(12, recipients.object()->getValue<int>("total"));
        auto first = recipients.object()->getArray("items")->getObject(0);
        CPPUNIT_ASSERT_EQUAL(1, first->getValue<int>("attempts"));
        CPPUNIT_ASSERT(!first->isNull("sent_at"));
    }

    void unsubscribeRoundTrip() {
        auto a = audience(3);
        std::string first = campaign(a);
        ASSERT_STATUS(202, client.call("POST", "/api/v2/email-campaigns/" + first + "/send", token));
        waitUntilDone(first);
        auto messages = crmtest::sinkMessages(a.emails[1]);
        CPPUNIT_ASSERT_EQUAL(size_t(1), messages.size());
        // The header is <URL>; follow it as a mail client's one-click POST would.
        std::string url = messages[0].listUnsubscribe.substr(1, messages[0].listUnsubscribe.size() - 2);
        Poco::URI uri(url);
        auto r = client.request("POST", uri.getPathAndQuery(), "List-Unsubscribe=One-Click",
                                {{"Content-Type", "application/x-www-form-urlencoded"}});
        ASSERT_STATUS(200, r);
        CPPUNIT_ASSERT_EQUAL(a.emails[1], r.object()->getValue<std::string>("email"));
        ASSERT_STATUS(200, client.request("GET", uri.getPathAndQuery()));  // again, by the link: still fine

        std::string second = campaign(a);
        auto sent = client.call("POST", "/api/v2/email-campaigns/" + second + "/send", token).object();
        CPPUNIT_ASSERT_EQUAL(2, sent->getValue<int>("recipients"));
        CPPUNIT_ASSERT_EQUAL(1, sent->getValue<int>("skipped"));
        waitUntilDone(second);
        CPPUNIT_ASSERT_EQUAL(size_t(1), crmtest::sinkMessages(a.emails[1]).size());  // nothing new for them
        CPPUNIT_ASSERT_EQUAL(size_t(2), crmtest::sinkMessages(a.emails[0]).size());
        auto skipped = client.call("GET", "/api/v2/email-campaigns/" + second + "/recipients?status=skipped", token).object();
        CPPUNIT_ASSERT_EQUAL(a.emails[1], skipped->getArray("items")->getObject(0)->getValue<std::string>("email"));
    }

    void transientFailuresAreRetriedAndPermanentOnesRecorded() {
        Audience a{TestClient::unique("Mail"), TestClient::unique("f") + ".example", {}};
        for (const std::string local : {"ok", "later+tempfail", "gone+reject"}) {
            std::string email = local + "@" + a.domain;
            make.customer(R"(, "region": ")" + a.region + R"(", "email": ")" + email + "\"");
            a.emails.push_back(email);
        }
        std::string id = campaign(a);
        ASSERT_STATUS(202, client.call("POST", "/api/v2/email-campaigns/" + id + "/send", token));
        auto done = waitUntilDone(id);
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), done->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(2, done->getValue<int>("sent_count"));
        CPPUNIT_ASSERT_EQUAL(1, done->getValue<int>("failed_count"));

        CPPUNIT_ASSERT_EQUAL(size_t(1), crmtest::sinkMessages(a.emails[1]).size());  // retried, delivered once
        CPPUNIT_ASSERT_EQUAL(size_t(0), crmtest::sinkMessages(a.emails[2]).size());
        auto items = client.call("GET", "/api/v2/email-campaigns/" + id + "/recipients", token).object()->getArray("items");
        std::map<std::string, Poco::JSON::Object::Ptr> byEmail;
        for (std::size_t i = 0; i < items->size(); ++i) byEmail[items->getObject(i)->getValue<std::string>("email")] = items->getObject(i);
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), byEmail[a.emails[1]]->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(2, byEmail[a.emails[1]]->getValue<int>("attempts"));
        CPPUNIT_ASSERT_EQUAL(std::string("failed"), byEmail[a.emails[2]]->getValue<std::string>("status"));
        std::string error = byEmail[a.emails[2]]->getValue<std::string>("last_error");
        CPPUNIT_ASSERT_MESSAGE(error, error.find("550") != std::string::npos);
    }

    void badTokensAre400() {
        auto missing = client.request("GET", "/api/v2/email/unsubscribe");
        ASSERT_STATUS(400, missing);
        ASSERT_STATUS(400, client.request("GET", "/api/v2/email/unsubscribe?token=nonsense"));
        // A real token's signature with another address.
        auto a = audience(1);
        std::string id = campaign(a);
        client.call("POST", "/api/v2/email-campaigns/" + id + "/send", token);
        waitUntilDone(id);
        std::string header = crmtest::sinkMessages(a.emails[0]).at(0).listUnsubscribe;
        std::string tokenText = header.substr(header.find("token=") + 6);
        tokenText.pop_back();
        std::string forged = "ZXZpbEBleGFtcGxlLmNvbQ" + tokenText.substr(tokenText.find('.'));  // "evil@example.com"
        auto r = client.request("GET", "/api/v2/email/unsubscribe?token=" + forged);
        ASSERT_STATUS(400, r);
        CPPUNIT_ASSERT(r.detail().find("invalid") != std::string::npos);
    }

    void emptyAudienceIs409() {
        std::string region = TestClient::unique("Nobody");
        make.customer(R"(, "region": ")" + region + "\"");  // no email
        Audience a{region, "", {}};
        std::string id = campaign(a);
        auto r = client.call("POST", "/api/v2/email-campaigns/" + id + "/send", token);
        ASSERT_STATUS(409, r);
        CPPUNIT_ASSERT(r.detail().find("nobody to send to") != std::string::npos);
        auto c = client.call("GET", "/api/v2/email-campaigns/" + id, token).object();
        CPPUNIT_ASSERT_EQUAL(std::string("draft"), c->getValue<std::string>("status"));
        auto recipients = client.call("GET", "/api/v2/email-campaigns/" + id + "/recipients", token).object();
        CPPUNIT_ASSERT_EQUAL(0, recipients->getValue<int>("total"));  // the refused send left nothing behind
        ASSERT_STATUS(404, client.call("POST", "/api/v2/email-campaigns/987654321/send", token));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EmailCampaignsTest);
