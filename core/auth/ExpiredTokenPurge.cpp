#include "auth/ExpiredTokenPurge.h"

#include "auth/RevocationList.h"
#include "db/Database.h"

#include <Poco/Logger.h>
#include <Poco/Timestamp.h>

#include <string>

namespace crm {
namespace {

// One batch each: lock up to 1000 expired rows nobody else holds, delete
// them, answer how many. The expires_at indexes find them without a scan.
const char* const kDeleteRevocations = R"SQL(
WITH gone AS (
    DELETE FROM token_revocations WHERE jti IN (
        SELECT jti FROM token_revocations WHERE expires_at < now()
        LIMIT 1000 FOR UPDATE SKIP LOCKED)
    RETURNING 1)
SELECT count(*) FROM gone)SQL";

const char* const kDeleteRefreshTokens = R"SQL(
WITH gone AS (
    DELETE FROM refresh_tokens WHERE jti IN (
        SELECT jti FROM refresh_tokens WHERE expires_at < now()
        LIMIT 1000 FOR UPDATE SKIP LOCKED)
    RETURNING 1)
SELECT count(*) FROM gone)SQL";

static_assert(ExpiredTokenPurge::kBatchRows == 1000, "the LIMIT of the statements above");

}  // namespace

ExpiredTokenPurge::~ExpiredTokenPurge() { stop(); }

void ExpiredTokenPurge::start() {
    auto ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(interval_).count());
    timer_ = std::make_unique<Poco::Timer>(ms, ms);
    timer_->start(Poco::TimerCallback<ExpiredTokenPurge>(*this, &ExpiredTokenPurge::run), thread_);
}

void ExpiredTokenPurge::stop() {
    if (timer_) timer_->stop();
    timer_.reset();
}

void ExpiredTokenPurge::run(Poco::Timer&) {
    auto& log = Poco::Logger::get("auth");
    std::size_t forgotten = revocations_.forgetExpired(Poco::Timestamp().epochTime());
    try {
        std::size_t revocations = deleteExpired(kDeleteRevocations);
        std::size_t refreshTokens = deleteExpired(kDeleteRefreshTokens);
        if (forgotten + revocations + refreshTokens > 0)
            log.information("expired tokens purged: " + std::to_string(forgotten) + " revocations from memory, " +
                            std::to_string(revocations) + " token_revocations rows, " + std::to_string(refreshTokens) +
                            " refresh_tokens rows");
    } catch (const std::exception& e) {
        log.warning(std::string("expired token purge failed; retrying in ") + std::to_string(interval_.count()) +
                    " s: " + e.what());
    }
}

std::size_t ExpiredTokenPurge::deleteExpired(const char* batchSql) {
    std::size_t deleted = 0;
    for (int batch = 0; batch < kMaxBatchesPerRun; ++batch) {
        auto session = database_.acquire();
        auto n = static_cast<std::size_t>(session.query(batchSql).integer(0, 0));
        deleted += n;
        if (n < static_cast<std::size_t>(kBatchRows)) break;
    }
    return deleted;
}

}  // namespace crm
