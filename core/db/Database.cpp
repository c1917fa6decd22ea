#include "db/Database.h"

#include "db/DbError.h"
#include "db/StatementCounter.h"

#include <Poco/Data/PooledSessionImpl.h>
#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/PostgreSQL/SessionImpl.h>
#include <Poco/Data/SessionPool.h>

#include "http/ErrorBody.h"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <thread>

namespace crm {

thread_local int* StatementCounter::current_ = nullptr;

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
    explicit StatementTrace(const char* path) : out_(path, std::ios::app) {}
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

Database::Database(const std::string& connectionString, int poolSize, std::chrono::milliseconds acquireTimeout)
    : acquireTimeout_(acquireTimeout) {
    Poco::Data::PostgreSQL::Connector::registerConnector();
    pool_ = std::make_unique<Poco::Data::SessionPool>("postgresql", connectionString, 1, poolSize, 60);
}

Database::~Database() {
    if (pool_) pool_->shutdown();
}

Database::Session Database::acquire() {
    // POCO 1.11's pool throws at once when every session is in use; wait a
    // bounded time for one to come back instead of failing the request.
    auto deadline = std::chrono::steady_clock::now() + acquireTimeout_;
    for (;;) {
        try {
            return Session(pool_->get());
        } catch (const Poco::Data::SessionPoolExhaustedException&) {
            if (std::chrono::steady_clock::now() >= deadline)
                throw DbUnavailable("no database session became free within the acquire timeout");
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        } catch (const DbUnavailable&) {
            throw;
        } catch (const Poco::Exception& e) {
            throw DbUnavailable("cannot connect to the database: " + e.displayText());
        }
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

int Database::poolCapacity() const { return pool_->capacity(); }
int Database::poolInUse() const { return pool_->used(); }

Database::Session::Session(Poco::Data::Session session)
    : pooled_(std::make_unique<Poco::Data::Session>(std::move(session))), connection_(connectionOf(*pooled_)) {
    PQsetNoticeProcessor(connection_, &ignoreNotice, nullptr);
    // An idle pooled connection does not know yet that the server restarted
    // or went away; reading what is pending on its socket (no round trip)
    // tells. Reconnect it now rather than fail the request that borrows it.
    if (PQconsumeInput(connection_) == 0 || PQstatus(connection_) != CONNECTION_OK) {
        PQreset(connection_);
        if (PQstatus(connection_) != CONNECTION_OK)
            throw DbUnavailable(std::string("cannot reconnect to the database: ") + PQerrorMessage(connection_));
    }
}

Database::Session::Session(Session&& other) noexcept
    : pooled_(std::move(other.pooled_)), connection_(std::exchange(other.connection_, nullptr)) {}

Database::Session::~Session() {
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
    std::string text(sql);
    // Text format for every parameter and result, and no declared types:
    // PostgreSQL infers them from the statement.
    return checked(PQexecParams(connection_, text.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                                nullptr, nullptr, 0));
}

void Database::Session::execScript(const std::string& sql) { checked(PQexec(connection_, sql.c_str())); }

void Database::Session::begin() { query("BEGIN"); }
void Database::Session::commit() { query("COMMIT"); }
void Database::Session::rollback() {
    if (inTransaction()) query("ROLLBACK");
}
bool Database::Session::inTransaction() const {
    return connection_ && PQtransactionStatus(connection_) != PQTRANS_IDLE;
}

}  // namespace crm
