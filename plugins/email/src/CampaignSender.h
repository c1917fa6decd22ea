#pragma once

#include "UnsubscribeToken.h"

#include <crm/plugin.hpp>

#include <memory>
#include <string>

namespace Poco::Net {
class SMTPClientSession;
}
class RelayTls;

struct SmtpSettings {
    std::string host;
    int port = 25;
    std::string user;
    std::string password;
    std::string from;
    bool starttls = false;
    std::string caFile;               // STARTTLS trusts only these CAs; empty: the system store
    bool allowPlaintextAuth = false;  // AUTH without TLS (a relay on loopback, say)
    double ratePerSecond = 10;  // messages per second, per server
    int maxAttempts = 5;
    int retryBaseSeconds = 30;  // 1st retry after this, then doubling
    std::string publicUrl;      // where {{unsubscribe_url}} points
};

// The background sender: each step claims due deliveries one per
// transaction (FOR UPDATE SKIP LOCKED), renders {{name}} and
// {{unsubscribe_url}}, sends over SMTP and records sent, retry (4xx,
// connection trouble) or failed (5xx) in that same transaction. A crash
// before the commit leaves the row pending for the next claim: at most the
// message in flight can go out twice, with the same Message-ID.
//
// With a relay set, the constructor throws std::runtime_error, naming the
// settings, when they could never send safely: a password without TLS
// (unless SMTP_ALLOW_PLAINTEXT_AUTH), or a CA store that does not load.
class CampaignSender {
public:
    CampaignSender(const crm::Host& host, SmtpSettings settings, const UnsubscribeToken& tokens);
    ~CampaignSender();

    // Sends up to a batch; returns how many deliveries it handled.
    int step();

private:
    enum class Outcome { Nothing, Handled, RelayDown };
    Outcome sendOne(crm::Db& db);
    void recordFailure(crm::Db& db, const std::string& id, int attempts, const std::string& error, bool permanent);
    void connect();
    void disconnect();

    const crm::Host& host_;
    SmtpSettings settings_;
    const UnsubscribeToken& tokens_;
    std::unique_ptr<RelayTls> tls_;  // with SMTP_STARTTLS
    std::unique_ptr<Poco::Net::SMTPClientSession> session_;
};
