#include "auth/RevocationList.h"

#include "db/Database.h"

#include <Poco/Logger.h>

namespace crm {

RevocationList::RevocationList(Database& database) : database_(database) {}

RevocationList::~RevocationList() { stop(); }

void RevocationList::start() {
    load(true);
    timer_ = std::make_unique<Poco::Timer>(2000, 2000);
    timer_->start(Poco::TimerCallback<RevocationList>(*this, &RevocationList::poll), thread_);
}

void RevocationList::stop() {
    if (timer_) timer_->stop();
    timer_.reset();
}

void RevocationList::poll(Poco::Timer&) {
    try {
        load(false);
    } catch (const std::exception& e) {
        Poco::Logger::get("auth").warning(std::string("revocation poll failed: ") + e.what());
    }
}

void RevocationList::load(bool everything) {
    std::string since;
    {
        std::lock_guard lock(mutex_);
        since = lastSeen_;
    }
    auto session = database_.acquire();
    auto rows = everything || since.empty()
                    ? session.query("SELECT jti, extract(epoch FROM expires_at)::bigint, revoked_at::text "
                                    "FROM token_revocations WHERE expires_at > now() ORDER BY revoked_at")
                    : session.query("SELECT jti, extract(epoch FROM expires_at)::bigint, revoked_at::text "
                                    "FROM token_revocations WHERE revoked_at >= $1::timestamptz ORDER BY revoked_at",
                                    {since});
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < rows.rows(); ++i) {
        revoked_.add(rows.text(i, 0), rows.integer(i, 1));
        lastSeen_ = std::string(rows.text(i, 2));
    }
}

void RevocationList::revoke(const std::string& tokenId, int64_t expiresAt) {
    {
        auto session = database_.acquire();
        session.query("INSERT INTO token_revocations (jti, expires_at) VALUES ($1, to_timestamp($2::bigint)) "
                      "ON CONFLICT (jti) DO NOTHING",
                      {tokenId, std::to_string(expiresAt)});
    }
    std::lock_guard lock(mutex_);
    revoked_.add(tokenId, expiresAt);
}

bool RevocationList::isRevoked(const std::string& tokenId) {
    std::lock_guard lock(mutex_);
    return revoked_.contains(tokenId);
}

std::size_t RevocationList::forgetExpired(int64_t now) {
    std::lock_guard lock(mutex_);
    return revoked_.forgetExpired(now);
}

}  // namespace crm
