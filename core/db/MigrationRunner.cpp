#include "db/MigrationRunner.h"

#include "db/Database.h"
#include "db/DbError.h"

#include <Poco/DigestEngine.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/RegularExpression.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace crm {
namespace {

// Any constant works as long as every node uses the same one.
constexpr const char* kLockKey = "7320411";

const char* const kBootstrapSql = R"SQL(
CREATE TABLE IF NOT EXISTS schema_migrations (
    plugin     text        NOT NULL,
    version    integer     NOT NULL,
    name       text        NOT NULL,
    checksum   text        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (plugin, version)
))SQL";

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read migration " + path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::string sha256(const std::string& text) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(text);
    return Poco::DigestEngine::digestToHex(engine.digest());
}

}  // namespace

std::vector<Migration> MigrationRunner::discover(const MigrationSource& source) {
    std::vector<Migration> migrations;
    Poco::File folder(source.directory);
    if (!folder.exists()) return migrations;
    static const Poco::RegularExpression kFileName("^([0-9]{4})_([a-z0-9_]+)\\.sql$");
    std::vector<std::string> names;
    folder.list(names);
    std::map<int, std::string> seen;
    for (const auto& fileName : names) {
        if (fileName.size() < 4 || fileName.substr(fileName.size() - 4) != ".sql") continue;
        Poco::RegularExpression::MatchVec match;
        if (!kFileName.match(fileName, 0, match))
            throw std::runtime_error("migration " + source.directory + "/" + fileName +
                                     ": expected a name like 0001_create_things.sql");
        Migration m;
        m.owner = source.owner;
        m.version = std::stoi(fileName.substr(match[1].offset, match[1].length));
        m.name = fileName.substr(match[2].offset, match[2].length);
        m.path = Poco::Path(source.directory).append(fileName).toString();
        if (seen.count(m.version))
            throw std::runtime_error("migrations " + seen[m.version] + " and " + fileName + " of " + source.owner +
                                     " share version " + std::to_string(m.version));
        seen[m.version] = fileName;
        m.checksum = sha256(readFile(m.path));
        migrations.push_back(m);
    }
    std::sort(migrations.begin(), migrations.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
    return migrations;
}

std::vector<Migration> MigrationRunner::run(const std::vector<MigrationSource>& sources) {
    std::vector<Migration> applied;
    auto session = database_.acquire();
    // Building an index on a large table takes longer than any request may;
    // the session goes back to the pool with the pool's statement_timeout.
    session.query("SET statement_timeout = 0");
    struct Restore {
        Database::Session& session;
        ~Restore() {
            try {
                session.rollback();  // a failed migration's transaction, if any
                session.query("RESET statement_timeout");
            } catch (const std::exception&) {
                // The connection broke; the pool drops it.
            }
        }
    } restore{session};

    session.begin();
    session.query(std::string("SELECT pg_advisory_xact_lock(") + kLockKey + ")");
    session.execScript(kBootstrapSql);
    session.commit();

    for (const auto& source : sources) {
        for (const auto& migration : discover(source)) {
            session.begin();
            session.query(std::string("SELECT pg_advisory_xact_lock(") + kLockKey + ")");
            auto recorded = session.query("SELECT checksum FROM schema_migrations WHERE plugin = $1 AND version = $2",
                                          {migration.owner, std::to_string(migration.version)});
            if (!recorded.empty()) {
                session.rollback();
                if (recorded.text(0, 0) != migration.checksum)
                    throw std::runtime_error("migration " + migration.path + " was changed after it was applied (" +
                                             migration.owner + " version " + std::to_string(migration.version) +
                                             "); migrations are forward-only: restore the file and add a new one");
                continue;
            }
            try {
                session.execScript(readFile(migration.path));
            } catch (const DbError& e) {
                throw std::runtime_error("migration " + migration.path + " failed: " + e.what());
            }
            session.query("INSERT INTO schema_migrations (plugin, version, name, checksum) VALUES ($1, $2, $3, $4)",
                          {migration.owner, std::to_string(migration.version), migration.name, migration.checksum});
            session.commit();
            applied.push_back(migration);
        }
    }
    return applied;
}

}  // namespace crm
