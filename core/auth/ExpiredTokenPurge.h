#pragma once

#include <Poco/ThreadPool.h>
#include <Poco/Timer.h>

#include <chrono>
#include <cstddef>
#include <memory>

namespace crm {

class Database;
class RevocationList;

// The background job that keeps token state to the tokens still alive:
// every `interval` it forgets expired revocations from this process's
// RevocationList and deletes the rows of token_revocations and
// refresh_tokens whose token has expired. An expired token is refused by
// its signature's exp claim alone, so nothing needs those rows any more.
//
// Rows go in batches of kBatchRows, each its own short statement on a
// session taken for that batch only, so a large backlog never holds locks
// or a session for long; a backlog beyond kMaxBatchesPerRun batches per
// table is left for the next run. Every node runs the job: a batch skips
// rows another node's batch has locked (SKIP LOCKED), so nodes neither wait
// for nor deadlock with each other, and a row is deleted once.
//
// A run that fails (the database is away) is logged and retried at the
// next interval; the job never stops the server.
class ExpiredTokenPurge {
public:
    ExpiredTokenPurge(Database& database, RevocationList& revocations, std::chrono::seconds interval)
        : database_(database), revocations_(revocations), interval_(interval) {}
    ~ExpiredTokenPurge();

    void start();
    void stop();  // waits for a run in progress

    static constexpr int kBatchRows = 1000;
    static constexpr int kMaxBatchesPerRun = 100;

private:
    void run(Poco::Timer&);
    std::size_t deleteExpired(const char* batchSql);

    Database& database_;
    RevocationList& revocations_;
    std::chrono::seconds interval_;
    // A thread of its own, not one of POCO's shared pool: it ends with this
    // object, and with it the per-thread state libpq and OpenSSL kept there.
    Poco::ThreadPool thread_{1, 1};
    std::unique_ptr<Poco::Timer> timer_;
};

}  // namespace crm
