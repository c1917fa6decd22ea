#pragma once

#include <string>
#include <vector>

namespace crm {

class Database;

// One owner's SQL: the core's sql/ or a plugin's sql/ folder.
struct MigrationSource {
    std::string owner;      // "core" or the plugin id
    std::string directory;  // holds NNNN_name.sql files, and repeatable/name.sql
};

struct Migration {
    std::string owner;
    int version = 0;
    std::string name;
    std::string path;
    std::string checksum;  // SHA-256 of the file, hex
};

// A file of sql/repeatable/: functions and views, each defined in one such
// file with CREATE OR REPLACE, run again whenever the file changes.
struct RepeatableScript {
    std::string owner;
    std::string name;  // the file name without .sql
    std::string path;
    std::string checksum;  // SHA-256 of the file, hex
};

// What one run did.
struct MigrationOutcome {
    std::vector<Migration> applied;
    std::vector<RepeatableScript> reapplied;  // new or changed since their last run
    std::vector<std::string> vanished;        // "owner/name" recorded as run, whose file is gone
};

// Applies migrations forward-only, recorded in schema_migrations(plugin,
// version, name, checksum, applied_at), then the owner's repeatable files,
// recorded in schema_repeatables(plugin, name, checksum, applied_at): owner
// by owner in the order given, so each sees the tables of its own
// migrations and the functions of the owners before it. Each file runs in
// one transaction under a PostgreSQL advisory lock, so several nodes
// starting at once apply each file exactly once; crm.sql_owner is set to
// the file's owner in it (crm_declare_hook and crm_register_hook read it).
// A recorded migration whose checksum changed stops start-up: history is
// never rewritten. A repeatable file runs again only when its checksum
// changed; one whose file is gone is reported, and what it made stays.
// Running it twice is a no-op. Throws std::runtime_error naming the file.
class MigrationRunner {
public:
    explicit MigrationRunner(Database& database) : database_(database) {}

    // Sources in dependency order.
    MigrationOutcome run(const std::vector<MigrationSource>& sources);

    // The files of one folder, sorted by version; throws on a bad file name
    // or a duplicate version.
    static std::vector<Migration> discover(const MigrationSource& source);

    // The files of the folder's repeatable/, sorted by name (a file that
    // calls another file's functions is named to sort after it); throws on
    // a bad file name.
    static std::vector<RepeatableScript> discoverRepeatable(const MigrationSource& source);

private:
    Database& database_;
};

}  // namespace crm
