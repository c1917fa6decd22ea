#pragma once

#include "db/FairGate.h"
#include "db/QueryResult.h"
#include "metrics/Histogram.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm {

using SqlParams = std::vector<std::optional<std::string>>;

// The connection pool (POCO's SessionPool over its PostgreSQL connector) and
// the statements run on its sessions.
//
// Sessions come from POCO's pool, which owns connecting, reuse, idle
// expiry and dropping dead connections. Statements run through libpq on the
// pooled connection with untyped text parameters: PostgreSQL infers each
// parameter's type from the statement, NULL is a null pointer, and results
// come back as text (the JSON our SQL builds). docs/decisions.md says why.
//
// Each distinct statement is prepared once per pooled connection and then
// executed by name, which saves PostgreSQL parsing and planning it again on
// every request (POCO's own Statement would prepare and deallocate each time).
//
// acquire() waits in line (FairGate) while every session is busy, and
// throws DbUnavailable when the database cannot be reached or no session
// frees up within the acquire timeout; the pipeline answers 503.
//
// A thread holds at most one session: acquire() on a thread that already
// holds one lends it the same connection, and a transaction begun on a lent
// session inside the holder's becomes a savepoint. A request that needs its
// user while it holds a session can therefore never wait for a second one
// (which, with every session held that way, waited forever).
class Database {
public:
    Database(const std::string& connectionString, int poolSize, std::chrono::milliseconds acquireTimeout);
    ~Database();

    class PreparedStatements;

    class Session {
    public:
        Session(Session&&) noexcept;
        Session& operator=(Session&&) = delete;
        Session(const Session&) = delete;
        ~Session();  // rolls back an open transaction before the pool takes it back

        // One parameterised statement. Throws DbError or DbUnavailable.
        QueryResult query(std::string_view sql, const SqlParams& params = {});
        // A whole migration file: several statements, no parameters.
        void execScript(const std::string& sql);

        void begin();
        void commit();
        void rollback();
        bool inTransaction() const;

    private:
        friend class Database;
        Session(Poco::Data::Session session, PreparedStatements& prepared, FairGate& gate);
        explicit Session(const Session& lender, int);  // a loan of the thread's session
        QueryResult checked(PGresult* result);
        PGresult* execute(const std::string& sql, const std::vector<const char*>& values);

        std::unique_ptr<Poco::Data::Session> pooled_;
        PGconn* connection_ = nullptr;
        PreparedStatements* prepared_ = nullptr;
        FairGate* gate_ = nullptr;  // left when the session goes back
        bool lent_ = false;          // borrowed: neither rolled back nor returned here
        std::string savepoint_;      // the lent session's "transaction", while open
        bool ownsTransaction_ = false;  // lent, and began a real transaction (the holder had none)
    };

    Session acquire();

    // True when a session can be had and answers SELECT 1.
    bool reachable();

    // The pool's sessions by state, for /metrics: held by a request (busy),
    // open and free (idle), and not opened yet or closed after idling.
    struct PoolSessions {
        int busy = 0;
        int idle = 0;
        int unopened = 0;
    };
    PoolSessions sessions() const;

    // How long acquire() waited for a session from the pool (the line at the
    // gate, and connecting when the pool opens one), timeouts included; a
    // loan of the thread's own session is no wait and not counted.
    const Histogram& acquireWaits() const { return acquireWaits_; }

private:
    std::unique_ptr<Poco::Data::SessionPool> pool_;
    std::unique_ptr<PreparedStatements> prepared_;
    FairGate gate_;
    std::chrono::milliseconds acquireTimeout_;
    Histogram acquireWaits_;
};

}  // namespace crm
