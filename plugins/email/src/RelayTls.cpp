#include "RelayTls.h"

#include <Poco/Net/IPAddress.h>
#include <Poco/Net/InvalidCertificateHandler.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/VerificationErrorArgs.h>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace {

// POCO calls it from OpenSSL's verify callback for each error: it keeps the
// first, the cause, and never accepts the certificate.
class RefusalRecorder : public Poco::Net::InvalidCertificateHandler {
public:
    explicit RefusalRecorder(std::shared_ptr<RelayTls::Refusal> refusal)
        : InvalidCertificateHandler(false), refusal_(std::move(refusal)) {}

    void onInvalidCertificate(const void*, Poco::Net::VerificationErrorArgs& error) override {
        if (refusal_->number != X509_V_OK) return;
        refusal_->number = error.errorNumber();
        refusal_->message = error.errorMessage();
    }

private:
    std::shared_ptr<RelayTls::Refusal> refusal_;
};

Poco::Net::Context::Ptr clientContext(const std::string& caFile) {
    Poco::Net::Context::Params params;
    params.caLocation = caFile;
    params.loadDefaultCAs = caFile.empty();
    // STRICT, or POCO's own host name check skips relays on loopback.
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    // Never a suite without a certificate, whatever security level this
    // machine's OpenSSL is set to: with no certificate, nothing is checked.
    params.cipherList = "DEFAULT:!aNULL:!eNULL";
    try {
        Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
        return context;
    } catch (const Poco::Exception& e) {
        if (caFile.empty())
            throw std::runtime_error("SMTP_STARTTLS: cannot load the system CA store (" + e.displayText() +
                                     "); install ca-certificates, or set SMTP_CA_FILE to the relay's CA");
        throw std::runtime_error("SMTP_CA_FILE (smtp.ca_file): cannot load " + caFile + " (" + e.displayText() +
                                 "); give a PEM file of the CA certificates the relay's chain ends in");
    }
}

}  // namespace

RelayTls::RelayTls(const std::string& host, int port, const std::string& caFile)
    : host_(host), relay_(host + ":" + std::to_string(port)), caFile_(caFile), refusal_(std::make_shared<Refusal>()),
      context_(clientContext(caFile)) {
    context_->setInvalidCertificateHandler(Poco::Net::Context::InvalidCertificateHandlerPtr(new RefusalRecorder(refusal_)));
    // OpenSSL checks the name while it verifies the chain (an address
    // against the certificate's IP entries), so a mismatch is one more
    // verify error, with its own reason.
    X509_VERIFY_PARAM* param = SSL_CTX_get0_param(context_->sslContext());
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    Poco::Net::IPAddress address;
    int named = Poco::Net::IPAddress::tryParse(host, address) ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str())
                                                             : X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
    if (named != 1)
        throw std::runtime_error("SMTP_HOST (smtp.host): a certificate cannot be checked against '" + host +
                                 "'; give the relay's host name or IP address");
}

void RelayTls::start(Poco::Net::SecureSMTPClientSession& session) {
    *refusal_ = Refusal{};
    bool accepted = false;
    try {
        accepted = session.startTLS(context_);
    } catch (const Poco::Net::SSLException& e) {
        throw Poco::Net::SSLException(explain(e.displayText()));
    }
    if (!accepted)
        throw Poco::Net::SSLException("the relay at " + relay_ + " does not accept STARTTLS, and with SMTP_STARTTLS=true "
                                      "nothing goes in clear; point SMTP_HOST and SMTP_PORT at a relay that offers "
                                      "STARTTLS (its submission port 587, usually)");
}

std::string RelayTls::explain(const std::string& failure) const {
    const std::string what = "STARTTLS with " + relay_ + " failed: ";
    const std::string why = " (" + refusal_->message + ")";
    switch (refusal_->number) {
    case X509_V_OK:
        return what + failure + "; the relay must speak TLS 1.2 or later";
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
        return what + "the relay's certificate is not for SMTP_HOST " + host_ + why +
               "; set SMTP_HOST to a name the certificate is for";
    case X509_V_ERR_CERT_HAS_EXPIRED:
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return what + "a certificate of the relay is outside its dates" + why +
               "; the relay's certificate must be renewed, or this machine's clock set right";
    default:
        if (caFile_.empty())
            return what + "the relay's certificate is not trusted by the system CA store" + why +
                   "; set SMTP_CA_FILE to the relay's CA certificate (PEM) if it is a private CA";
        return what + "the relay's certificate is not trusted by SMTP_CA_FILE " + caFile_ + why +
               "; set SMTP_CA_FILE to the CA that signed the relay's certificate";
    }
}
