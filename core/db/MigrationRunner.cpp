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
);
CREATE TABLE IF NOT EXISTS schema_repeatables (
    plugin     text        NOT NULL,
    name       text        NOT NULL,
    checksum   text        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (plugin, name)
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

// A file's SQL in the transaction the caller began, as its owner.
void execAs(Database::Session& session, const std::string& owner, const std::string& path) {
    session.query("SELECT set_config('crm.sql_owner', $1, true)", {owner});
    try {
        session.execScript(readFile(path));
    } catch (const DbError& e) {
        throw std::runtime_error(path + " failed: " + e.what());
    }
}

void beginLocked(Database::Session& session) {
    session.begin();
    session.query(std::string("SELECT pg_advisory_xact_lock(") + kLockKey + ")");
}

// Returns whether it ran the migration (false: it had run before).
bool applyMigration(Database::Session& session, const Migration& migration) {
    beginLocked(session);
    auto recorded = session.query("SELECT checksum FROM schema_migrations WHERE plugin = $1 AND version = $2",
                                  {migration.owner, std::to_string(migration.version)});
    if (!recorded.empty()) {
        session.rollback();
        if (recorded.text(0, 0) != migration.checksum)
            throw std::runtime_error("migration " + migration.path + " was changed after it was applied (" +
                                     migration.owner + " version " + std::to_string(migration.version) +
                                     "); migrations are forward-only: restore the file and add a new one");
        return false;
    }
    execAs(session, migration.owner, migration.path);
    session.query("INSERT INTO schema_migrations (plugin, version, name, checksum) VALUES ($1, $2, $3, $4)",
                  {migration.owner, std::to_string(migration.version), migration.name, migration.checksum});
    session.commit();
    return true;
}

// Returns whether it ran the file (false: unchanged since its last run).
bool applyRepeatable(Database::Session& session, const RepeatableScript& script) {
    beginLocked(session);
    auto recorded = session.query("SELECT checksum FROM schema_repeatables WHERE plugin = $1 AND name = $2",
                                  {script.owner, script.name});
    if (!recorded.empty() && recorded.text(0, 0) == script.checksum) {
        session.rollback();
        return false;
    }
    execAs(session, script.owner, script.path);
    session.query("INSERT INTO schema_repeatables (plugin, name, checksum) VALUES ($1, $2, $3) "
                  "ON CONFLICT (plugin, name) DO UPDATE SET checksum = excluded.checksum, applied_at = now()",
                  {script.owner, script.name, script.checksum});
    session.commit();
    return true;
}

// Recorded files of the owner that are not among `present`.
std::vector<std::string> vanishedScripts(Database::Session& session, const std::string& owner,
                                         const std::vector<RepeatableScript>& present) {
    std::vector<std::string> vanished;
    auto recorded = session.query("SELECT name FROM schema_repeatables WHERE plugin = $1 ORDER BY name", {owner});
    for (std::size_t row = 0; row < recorded.rows(); ++row) {
        std::string name(recorded.text(row, 0));
        bool found = std::any_of(present.begin(), present.end(), [&](const auto& s) { return s.name == name; });
        if (!found) vanished.push_back(owner + "/" + name);
    }
    return vanished;
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

std::vector<RepeatableScript> MigrationRunner::discoverRepeatable(const MigrationSource& source) {
    std::vector<RepeatableScript> scripts;
    std::string directory = Poco::Path(source.directory).append("repeatable").toString();
    Poco::File folder(directory);
    if (!folder.exists()) return scripts;
    static const Poco::RegularExpression kFileName("^([a-z0-9_]+)\\.sql$");
    std::vector<std::string> names;
    folder.list(names);
    std::sort(names.begin(), names.end());
    for (const auto& fileName : names) {
        if (fileName.size() < 4 || fileName.substr(fileName.size() - 4) != ".sql") continue;
        if (!kFileName.match(fileName))
            throw std::runtime_error("repeatable SQL " + directory + "/" + fileName +
                                     ": expected a name like customer_json.sql");
        RepeatableScript script;
        script.owner = source.owner;
        script.name = fileName.substr(0, fileName.size() - 4);
        script.path = Poco::Path(directory).append(fileName).toString();
        script.checksum = sha256(readFile(script.path));
        scripts.push_back(script);
    }
    return scripts;
}

MigrationOutcome MigrationRunner::run(const std::vector<MigrationSource>& sources) {
    MigrationOutcome outcome;
    auto session = database_.acquire();
    // Building an index on a large table takes longer than any request may;
    // the session goes back to the pool with the pool's statement_timeout.
    session.query("SET statement_timeout = 0");
    struct Restore {
        Database::Session& session;
        ~Restore() {
            try {
                session.rollback();  // a failed file's transaction, if any
                session.query("RESET statement_timeout");
            } catch (const std::exception&) {
                // The connection broke; the pool drops it.
            }
        }
    } restore{session};

    beginLocked(session);
    session.execScript(kBootstrapSql);
    session.commit();

    for (const auto& source : sources) {
        for (const auto& migration : discover(source))
            if (applyMigration(session, migration)) outcome.applied.push_back(migration);
        auto scripts = discoverRepeatable(source);
        for (const auto& script : scripts)
            if (applyRepeatable(session, script)) outcome.reapplied.push_back(script);
        auto vanished = vanishedScripts(session, source.owner, scripts);
        outcome.vanished.insert(outcome.vanished.end(), vanished.begin(), vanished.end());
    }
    return outcome;
}

}  // namespace crm
