#include "db/Database.h"

#include "db/DbError.h"
#include "db/StatementCounter.h"

#include <Poco/Data/PooledSessionImpl.h>
#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/PostgreSQL/SessionImpl.h>
#include <Poco/Data/SessionPool.h>

#include "json/JsonString.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>
#include <fstream>
#include <mutex>

namespace crm {

namespace {
// The session this thread holds, per database, so a second acquire() lends
// it instead of taking another from the pool.
struct HeldSession {
    const FairGate* gate = nullptr;  // names the database
    const Database::Session* session = nullptr;
};
thread_local HeldSession held;
}  // namespace

namespace {

// CRM_TRACE_SQL=<file>: every statement with its parameters, one JSON line
// each, so benchmarks can replay exactly what an endpoint runs (bench/run).
class StatementTrace {
public:
    static StatementTrace* instance() {
        static StatementTrace* trace = [] {
            const char* path = std::getenv("CRM_TRACE_SQL");
            return path && *path ? new StatementTrace(path) : nullptr;
        }();
        return trace;
    }
    void write(std::string_view sql, const SqlParams& params) {
        std::string line = "{\"sql\": " + jsonString(sql) + ", \"params\": [";
        for (std::size_t i = 0; i < params.size(); ++i)
            line += (i ? ", " : "") + (params[i] ? jsonString(*params[i]) : std::string("null"));
        line += "]}\n";
        std::lock_guard lock(mutex_);
        out_ << line << std::flush;
    }

private:
    // The trace holds parameters (emails, password hashes): readable by the
    // server's own account only, whatever the umask.
    explicit StatementTrace(const char* path) : out_(ownerOnly(path), std::ios::app) {}
    static const char* ownerOnly(const char* path) {
        int fd = ::open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd >= 0) {
            ::fchmod(fd, 0600);
            ::close(fd);
        }
        return path;
    }
    std::mutex mutex_;
    std::ofstream out_;
};

}  // namespace

long long QueryResult::integer(std::size_t row, std::size_t column) const {
    auto v = value(row, column);
    long long n = 0;
    if (v) std::from_chars(v->data(), v->data() + v->size(), n);
    return n;
}

namespace {

// POCO hands out a PooledSessionImpl whose underlying connector session is
// reachable only through a protected accessor; a derived class may name it.
struct PooledSessionAccess : Poco::Data::PooledSessionImpl {
    using Poco::Data::PooledSessionImpl::impl;
};

PGconn* connectionOf(Poco::Data::Session& session) {
    auto* pooled = dynamic_cast<Poco::Data::PooledSessionImpl*>(session.impl());
    Poco::Data::SessionImpl* impl = pooled ? (pooled->*(&PooledSessionAccess::impl))() : session.impl();
    auto* pg = dynamic_cast<Poco::Data::PostgreSQL::SessionImpl*>(impl);
    if (!pg) throw DbUnavailable("the pooled session is not a PostgreSQL session");
    return static_cast<PGconn*>(pg->handle());
}

bool connectionLost(PGconn* connection, const std::string& sqlstate) {
    // Class 08 is connection exceptions; 57P01-57P03 are shutdowns.
    return PQstatus(connection) != CONNECTION_OK || sqlstate.rfind("08", 0) == 0 || sqlstate.rfind("57P0", 0) == 0;
}

// Server notices ("relation already exists, skipping") are not errors and
// must not reach stderr unformatted.
void ignoreNotice(void*, const char*) {}

std::string field(const PGresult* result, int code) {
    const char* value = PQresultErrorField(result, code);
    return value ? value : "";
}

}  // namespace

// Which statements each connection has prepared, and the name of each
// distinct SQL text. Connections are identified by their PGconn; one that
// was reset or replaced at the same address is caught by PostgreSQL's
// "prepared statement does not exist" and prepared again.
class Database::PreparedStatements {
public:
    // The statement's name, or empty when too many distinct texts were seen
    // (SQL built with values in it): then it runs unprepared.
    std::string nameOf(const std::string& sql) {
        std::lock_guard lock(mutex_);
        auto it = names_.find(sql);
        if (it != names_.end()) return it->second;
        if (names_.size() >= kMaxStatements) return {};
        std::string name = "crm_" + std::to_string(names_.size() + 1);
        names_.emplace(sql, name);
        return name;
    }
    bool isPrepared(PGconn* connection, const std::string& name) {
        std::lock_guard lock(mutex_);
        auto it = prepared_.find(connection);
        return it != prepared_.end() && it->second.count(name);
    }
    void markPrepared(PGconn* connection, const std::string& name) {
        std::lock_guard lock(mutex_);
        prepared_[connection].insert(name);
    }
    void forget(PGconn* connection) {
        std::lock_guard lock(mutex_);
        prepared_.erase(connection);
    }

private:
    static constexpr std::size_t kMaxStatements = 2000;
    std::mutex mutex_;
    std::unordered_map<std::string, std::string> names_;
    std::unordered_map<PGconn*, std::unordered_set<std::string>> prepared_;
};

namespace {

// Seconds: from no wait at all to the acquire timeout (2 s) and past it.
constexpr double kAcquireWaitBounds[] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                         0.025,  0.05,    0.1,    0.25,  0.5,    1,     2.5};

// Observes the time from its construction to its end, however the wait ends.
class WaitTimer {
public:
    explicit WaitTimer(Histogram& histogram) : histogram_(histogram), started_(std::chrono::steady_clock::now()) {}
    ~WaitTimer() { histogram_.observe(std::chrono::steady_clock::now() - started_); }
    WaitTimer(const WaitTimer&) = delete;
    WaitTimer& operator=(const WaitTimer&) = delete;

private:
    Histogram& histogram_;
    std::chrono::steady_clock::time_point started_;
};

}  // namespace

Database::Database(const std::string& connectionString, int poolSize, std::chrono::milliseconds acquireTimeout)
    : prepared_(std::make_unique<PreparedStatements>()), gate_(poolSize), acquireTimeout_(acquireTimeout),
      acquireWaits_(kAcquireWaitBounds) {
    Poco::Data::PostgreSQL::Connector::registerConnector();
    pool_ = std::make_unique<Poco::Data::SessionPool>("postgresql", connectionString, 1, poolSize, 60);
}

Database::~Database() {
    if (pool_) pool_->shutdown();
}

Database::Session Database::acquire() {
    if (held.gate == &gate_ && held.session) return Session(*held.session, 0);
    WaitTimer waiting(acquireWaits_);
    // POCO 1.11's pool throws at once when every session is in use; the
    // gate admits as many requests as it has sessions, so get() finds one.
    if (!gate_.enter(acquireTimeout_))
        throw DbUnavailable("no database session became free within the acquire timeout");
    try {
        return Session(pool_->get(), *prepared_, gate_);
    } catch (const DbUnavailable&) {
        gate_.leave();
        throw;
    } catch (const Poco::Exception& e) {
        gate_.leave();
        throw DbUnavailable("cannot connect to the database: " + e.displayText());
    }
}

bool Database::reachable() {
    try {
        auto session = acquire();
        session.query("SELECT 1");
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

Database::PoolSessions Database::sessions() const {
    PoolSessions s;
    s.busy = pool_->used();
    s.idle = pool_->idle();
    // Read one at a time while requests come and go: never below zero.
    s.unopened = std::max(0, pool_->capacity() - s.busy - s.idle);
    return s;
}

Database::Session::Session(Poco::Data::Session session, PreparedStatements& prepared, FairGate& gate)
    : pooled_(std::make_unique<Poco::Data::Session>(std::move(session))), connection_(connectionOf(*pooled_)),
      prepared_(&prepared) {
    PQsetNoticeProcessor(connection_, &ignoreNotice, nullptr);
    // An idle pooled connection does not know yet that the server restarted
    // or went away; reading what is pending on its socket (no round trip)
    // tells. Reconnect it now rather than fail the request that borrows it.
    if (PQconsumeInput(connection_) == 0 || PQstatus(connection_) != CONNECTION_OK) {
        prepared_->forget(connection_);  // a new server session has none of them
        PQreset(connection_);
        if (PQstatus(connection_) != CONNECTION_OK)
            throw DbUnavailable(std::string("cannot reconnect to the database: ") + PQerrorMessage(connection_));
    }
    gate_ = &gate;  // from here on the destructor runs, and leaves the gate
    if (!held.session) held = {&gate, this};
}

Database::Session::Session(const Session& lender, int)
    : connection_(lender.connection_), prepared_(lender.prepared_), lent_(true) {}

Database::Session::Session(Session&& other) noexcept
    : pooled_(std::move(other.pooled_)), connection_(std::exchange(other.connection_, nullptr)), prepared_(other.prepared_),
      gate_(std::exchange(other.gate_, nullptr)), lent_(other.lent_), savepoint_(std::move(other.savepoint_)),
      ownsTransaction_(std::exchange(other.ownsTransaction_, false)) {
    if (held.session == &other) held.session = this;
}

Database::Session::~Session() {
    if (lent_) {
        // Undo what this borrower left unfinished, not the holder's work.
        if (connection_ && PQstatus(connection_) == CONNECTION_OK) {
            if (!savepoint_.empty()) PQclear(PQexec(connection_, ("ROLLBACK TO SAVEPOINT " + savepoint_).c_str()));
            else if (ownsTransaction_ && inTransaction()) PQclear(PQexec(connection_, "ROLLBACK"));
        }
        return;
    }
    if (held.session == this) held = {};
    if (!pooled_) return;
    // A session goes back to the pool idle: an abandoned transaction must
    // not leak into the next request that borrows this connection.
    if (connection_ && PQstatus(connection_) == CONNECTION_OK && PQtransactionStatus(connection_) != PQTRANS_IDLE)
        PQclear(PQexec(connection_, "ROLLBACK"));
    try {
        pooled_->close();
    } catch (...) {
        // Returning a broken session to the pool may throw; the pool drops it.
    }
    if (gate_) gate_->leave();
}

QueryResult Database::Session::checked(PGresult* result) {
    StatementCounter::count();
    if (!result) {
        std::string message = PQerrorMessage(connection_);
        throw DbUnavailable("database connection failed: " + message);
    }
    auto status = PQresultStatus(result);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return QueryResult(result);
    std::string sqlstate = field(result, PG_DIAG_SQLSTATE);
    std::string message = field(result, PG_DIAG_MESSAGE_PRIMARY);
    std::string detail = field(result, PG_DIAG_MESSAGE_DETAIL);
    std::string constraint = field(result, PG_DIAG_CONSTRAINT_NAME);
    PQclear(result);
    if (connectionLost(connection_, sqlstate))
        throw DbUnavailable("database connection lost: " + (message.empty() ? std::string(PQerrorMessage(connection_)) : message));
    throw DbError(sqlstate, detail.empty() ? message : message + " (" + detail + ")", constraint);
}

QueryResult Database::Session::query(std::string_view sql, const SqlParams& params) {
    if (auto* trace = StatementTrace::instance()) trace->write(sql, params);
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    return checked(execute(std::string(sql), values));
}

PGresult* Database::Session::execute(const std::string& sql, const std::vector<const char*>& values) {
    const int count = static_cast<int>(values.size());
    std::string name = prepared_->nameOf(sql);
    // Text format for every parameter and result, and no declared types:
    // PostgreSQL infers them from the statement.
    if (name.empty()) return PQexecParams(connection_, sql.c_str(), count, nullptr, values.data(), nullptr, nullptr, 0);
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!prepared_->isPrepared(connection_, name)) {
            PGresult* prepared = PQprepare(connection_, name.c_str(), sql.c_str(), count, nullptr);
            bool ok = prepared && PQresultStatus(prepared) == PGRES_COMMAND_OK;
            std::string state = ok ? "" : field(prepared, PG_DIAG_SQLSTATE);
            if (!ok && state == "42P05") {
                ok = true;  // already on the server from before a reset we did not see
            } else if (!ok) {
                return prepared;  // a syntax or type error: report it like any failed statement
            }
            PQclear(prepared);
            prepared_->markPrepared(connection_, name);
        }
        PGresult* result = PQexecPrepared(connection_, name.c_str(), count, values.data(), nullptr, nullptr, 0);
        // 26000: the server lost it (a new connection at a reused address).
        if (attempt == 0 && result && PQresultStatus(result) == PGRES_FATAL_ERROR && field(result, PG_DIAG_SQLSTATE) == "26000") {
            PQclear(result);
            prepared_->forget(connection_);
            continue;
        }
        return result;
    }
    return nullptr;
}

void Database::Session::execScript(const std::string& sql) { checked(PQexec(connection_, sql.c_str())); }

void Database::Session::begin() {
    if (lent_ && inTransaction()) {
        // One name serves every depth: RELEASE and ROLLBACK TO name the
        // newest savepoint of that name.
        savepoint_ = "crm_lent";
        query("SAVEPOINT " + savepoint_);
        return;
    }
    query("BEGIN");
    ownsTransaction_ = lent_;
}

void Database::Session::commit() {
    if (!savepoint_.empty()) {
        query("RELEASE SAVEPOINT " + std::exchange(savepoint_, {}));
        return;
    }
    ownsTransaction_ = false;
    query("COMMIT");
}

void Database::Session::rollback() {
    if (!savepoint_.empty()) {
        query("ROLLBACK TO SAVEPOINT " + std::exchange(savepoint_, {}));
        return;
    }
    ownsTransaction_ = false;
    if (inTransaction()) query("ROLLBACK");
}
bool Database::Session::inTransaction() const {
    return connection_ && PQtransactionStatus(connection_) != PQTRANS_IDLE;
}

}  // namespace crm
