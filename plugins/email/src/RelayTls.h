#pragma once

#include <Poco/Net/Context.h>

#include <memory>
#include <string>

namespace Poco::Net {
class SecureSMTPClientSession;
}

// STARTTLS to the relay, failing closed: TLS 1.2 or later, the relay's
// chain verified against the system CA store (or, when SMTP_CA_FILE is
// set, against that file only) and its certificate checked for SMTP_HOST.
// The constructor throws std::runtime_error naming SMTP_CA_FILE when the
// file does not load; start() throws Poco::Net::SSLException with a
// sentence saying what failed and what to do.
class RelayTls {
public:
    RelayTls(const std::string& host, int port, const std::string& caFile);

    // Sends STARTTLS on a session that has greeted the relay and completes
    // the handshake; the session then speaks TLS.
    void start(Poco::Net::SecureSMTPClientSession& session);

    // Why OpenSSL refused the relay's certificate, as its verify callback
    // reported it (number 0: it did not).
    struct Refusal {
        int number = 0;
        std::string message;
    };

private:
    std::string explain(const std::string& failure) const;

    std::string host_;
    std::string relay_;   // host:port, for messages
    std::string caFile_;
    std::shared_ptr<Refusal> refusal_;
    Poco::Net::Context::Ptr context_;
};
