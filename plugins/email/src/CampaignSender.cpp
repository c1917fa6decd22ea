#include "CampaignSender.h"

#include "HtmlText.h"
#include "MailText.h"
#include "RelayTls.h"

#include <Poco/Exception.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/MultipartWriter.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/StringPartSource.h>
#include <Poco/String.h>

#include <chrono>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace {

constexpr int kBatch = 50;
const Poco::Timespan kRelayTimeout(30, 0);

const crm::Statement kClaim{R"SQL(
    SELECT d.id, d.campaign_id, d.email, coalesce(d.name, ''), d.attempts, c.subject, c.body_html, c.body_text
    FROM email_deliveries d
    JOIN email_campaigns c ON c.id = d.campaign_id
    WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND c.status IN ('queued', 'sending')
    ORDER BY d.next_attempt_at, d.id
    LIMIT 1
    FOR UPDATE OF d SKIP LOCKED)SQL",
                          {"id", "campaign_id", "email", "name", "attempts", "subject", "body_html", "body_text"}};

constexpr const char* kSentSql = R"SQL(
    WITH d AS (UPDATE email_deliveries SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL
               WHERE id = $1 RETURNING campaign_id)
    UPDATE email_campaigns c SET sent_count = sent_count + 1, status = 'sending', updated_at = now()
    FROM d WHERE c.id = d.campaign_id)SQL";

constexpr const char* kFailedSql = R"SQL(
    WITH d AS (UPDATE email_deliveries SET status = 'failed', attempts = attempts + 1, last_error = $2
               WHERE id = $1 RETURNING campaign_id)
    UPDATE email_campaigns c SET failed_count = failed_count + 1, status = 'sending', updated_at = now()
    FROM d WHERE c.id = d.campaign_id)SQL";

constexpr const char* kRetrySql = R"SQL(
    UPDATE email_deliveries SET attempts = attempts + 1, last_error = $2,
                                next_attempt_at = now() + make_interval(secs => $3::double precision)
    WHERE id = $1)SQL";

// A campaign with nothing left pending is done: sent when anything went out.
constexpr const char* kFinishSql = R"SQL(
    UPDATE email_campaigns c
    SET status = CASE WHEN c.sent_count > 0 THEN 'sent' ELSE 'failed' END, completed_at = now(), updated_at = now()
    WHERE c.status IN ('queued', 'sending')
      AND NOT EXISTS (SELECT 1 FROM email_deliveries d WHERE d.campaign_id = c.id AND d.status = 'pending'))SQL";

std::string render(std::string body, const std::string& name, const std::string& unsubscribeUrl) {
    Poco::replaceInPlace(body, std::string("{{name}}"), name);
    Poco::replaceInPlace(body, std::string("{{unsubscribe_url}}"), unsubscribeUrl);
    return body;
}

std::string urlEncoded(const std::string& text) {
    static const char* const kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

void initialiseTlsOnce() {
    static std::once_flag once;
    std::call_once(once, [] { Poco::Net::initializeSSL(); });
}

}  // namespace

CampaignSender::CampaignSender(const crm::Host& host, SmtpSettings settings, const UnsubscribeToken& tokens)
    : host_(host), settings_(std::move(settings)), tokens_(tokens) {
    if (settings_.host.empty()) return;
    if (!settings_.user.empty() && !settings_.starttls && !settings_.allowPlaintextAuth)
        throw std::runtime_error("SMTP_USER is set and SMTP_STARTTLS is not: the relay password would cross the "
                                 "network in clear. Set SMTP_STARTTLS=true (the relay's port 587 offers it, usually), "
                                 "or SMTP_ALLOW_PLAINTEXT_AUTH=true for a relay on loopback or a network you trust");
    if (settings_.starttls) {
        initialiseTlsOnce();
        tls_ = std::make_unique<RelayTls>(settings_.host, settings_.port, settings_.caFile);
    }
}

CampaignSender::~CampaignSender() { disconnect(); }

void CampaignSender::connect() {
    if (session_) return;
    const auto port = static_cast<Poco::UInt16>(settings_.port);
    if (tls_) {
        auto secure = std::make_unique<Poco::Net::SecureSMTPClientSession>(settings_.host, port);
        secure->setTimeout(kRelayTimeout);
        secure->login();  // in clear, to ask for STARTTLS
        tls_->start(*secure);
        session_ = std::move(secure);
    } else {
        session_ = std::make_unique<Poco::Net::SMTPClientSession>(settings_.host, port);
        session_->setTimeout(kRelayTimeout);
    }
    // Greets (again over TLS: RFC 3207 has the client forget what the relay
    // said in clear), then AUTH: the constructor let a password this far
    // only with TLS or SMTP_ALLOW_PLAINTEXT_AUTH.
    if (!settings_.user.empty()) session_->login(Poco::Net::SMTPClientSession::AUTH_LOGIN, settings_.user, settings_.password);
    else session_->login();
}

void CampaignSender::disconnect() {
    if (!session_) return;
    try {
        session_->close();
    } catch (const Poco::Exception&) {
        // The connection is already gone; nothing to tell the server.
    }
    session_.reset();
}

int CampaignSender::step() {
    if (settings_.host.empty()) return 0;
    crm::Db db(host_);
    db.query(kFinishSql);
    int handled = 0;
    auto pause = std::chrono::microseconds(static_cast<long long>(1e6 / settings_.ratePerSecond));
    for (Outcome outcome = Outcome::Handled; handled < kBatch && outcome == Outcome::Handled;) {
        outcome = sendOne(db);
        if (outcome == Outcome::Nothing) break;
        ++handled;
        std::this_thread::sleep_for(pause);
    }
    if (handled > 0) db.query(kFinishSql);
    else disconnect();  // idle: do not hold the relay's connection open
    return handled;
}

CampaignSender::Outcome CampaignSender::sendOne(crm::Db& db) {
    crm::Transaction tx(db);
    auto row = db.find(kClaim);
    if (!row) return Outcome::Nothing;
    std::string id = row->text("id"), campaign = row->text("campaign_id"), email = row->text("email"),
                name = row->text("name");
    int attempts = static_cast<int>(row->integer("attempts"));
    std::string subject = row->text("subject");
    auto html = row->value("body_html"), text = row->value("body_text");

    std::string unsubscribeUrl = settings_.publicUrl + "/api/v2/email/unsubscribe?token=" + urlEncoded(tokens_.issue(email));
    Poco::Net::MailMessage message;
    message.setSender(settings_.from);
    message.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, email, headerText(name)));
    message.setSubject(headerText(subject));
    // The same for every attempt, so a receiver can drop a duplicate.
    message.set("Message-ID", "<campaign-" + campaign + ".delivery-" + id + "@crm-server>");
    message.set("List-Unsubscribe", "<" + unsubscribeUrl + ">");
    message.set("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    if (html && text) {
        message.setContentType("multipart/alternative; boundary=\"" + Poco::Net::MultipartWriter::createBoundary() + "\"");
        message.addContent(new Poco::Net::StringPartSource(withCrlf(render(std::string(*text), name, unsubscribeUrl)), "text/plain; charset=UTF-8"),
                           Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
        message.addContent(new Poco::Net::StringPartSource(withCrlf(render(std::string(*html), htmlEscaped(name), unsubscribeUrl)), "text/html; charset=UTF-8"),
                           Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
    } else if (html) {
        message.setContentType("text/html; charset=UTF-8");
        message.setContent(withCrlf(render(std::string(*html), htmlEscaped(name), unsubscribeUrl)), Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
    } else {
        message.setContentType("text/plain; charset=UTF-8");
        message.setContent(withCrlf(render(std::string(text.value_or("")), name, unsubscribeUrl)), Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
    }

    Outcome outcome = Outcome::Handled;
    try {
        connect();
        session_->sendMessage(message);
        db.query(kSentSql, {id});
    } catch (const Poco::Net::SMTPException& e) {
        // The server's reply code says whether trying again can help.
        bool permanent = e.code() >= 500 && e.code() < 600;
        recordFailure(db, id, attempts, e.displayText(), permanent);
        // The refused transaction is still open on this connection; the next
        // MAIL FROM would be "nested". Start the next message afresh.
        disconnect();
    } catch (const Poco::Exception& e) {
        // Connection refused, timeout, reset, TLS refused: the relay is in
        // trouble, not this message. Count one attempt, say why once, and
        // leave the rest for later.
        host_.log(CRM_LOG_WARNING, "delivery " + id + " of campaign " + campaign + " not sent: " + e.displayText());
        recordFailure(db, id, attempts, e.displayText(), false);
        disconnect();
        outcome = Outcome::RelayDown;
    }
    tx.commit();
    return outcome;
}

void CampaignSender::recordFailure(crm::Db& db, const std::string& id, int attempts, const std::string& error, bool permanent) {
    if (permanent || attempts + 1 >= settings_.maxAttempts) {
        db.query(kFailedSql, {id, error});
        return;
    }
    double backoff = settings_.retryBaseSeconds * std::pow(2.0, attempts);
    db.query(kRetrySql, {id, error, std::to_string(backoff)});
}
