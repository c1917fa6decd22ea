#pragma once

#include <string>
#include <vector>

namespace crm {

class Database;

// One owner's migrations: the core's sql/ or a plugin's sql/ folder.
struct MigrationSource {
    std::string owner;      // "core" or the plugin id
    std::string directory;  // holds NNNN_name.sql files
};

struct Migration {
    std::string owner;
    int version = 0;
    std::string name;
    std::string path;
    std::string checksum;  // SHA-256 of the file, hex
};

// Applies migrations forward-only, recorded in schema_migrations(plugin,
// version, name, checksum, applied_at). Each file runs in one transaction
// under a PostgreSQL advisory lock, so several nodes starting at once apply
// each file exactly once. A recorded file whose checksum changed stops
// start-up: history is never rewritten. Running it twice is a no-op.
class MigrationRunner {
public:
    explicit MigrationRunner(Database& database) : database_(database) {}

    // Sources in dependency order. Returns the migrations applied now.
    std::vector<Migration> run(const std::vector<MigrationSource>& sources);

    // The files of one folder, sorted by version; throws on a bad file name
    // or a duplicate version.
    static std::vector<Migration> discover(const MigrationSource& source);

private:
    Database& database_;
};

}  // namespace crm
