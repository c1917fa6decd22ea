#pragma once

#include <string>

namespace crm {

// Turns DATABASE_URL (postgresql://user:password@host:port/db?sslmode=...,
// also the postgresql+driver:// spelling Python stacks use) into libpq's
// key=value form, which POCO's connector passes through unchanged. A string
// that is already key=value is returned as it is. Throws ConfigError.
std::string toLibpqConnectionString(const std::string& databaseUrl);

// The URL with its password replaced by "***", for logs and errors.
std::string redactedDatabaseUrl(const std::string& databaseUrl);

}  // namespace crm
