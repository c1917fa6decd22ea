#!/usr/bin/env bash
# The crm-server command line: sub-commands, start-up errors and migrations.
# Needs CRM_SERVER, DATABASE_URL, SECRET_KEY, CRM_ADMIN_PASSWORD and
# CRM_PLUGIN_PATH (scripts/test sets them).
set -uo pipefail
: "${CRM_SERVER:?run through scripts/test}" "${DATABASE_URL:?}" "${CRM_SQL_DIR:?}" "${SECRET_KEY:?}" "${CRM_ADMIN_PASSWORD:?}"
passed=0 failed=0
check() {  # check NAME CONDITION-EXIT-CODE
  if [ "$2" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $1" >&2; fi
}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

out=$("$CRM_SERVER" migrate 2>&1); check "migrate twice is a no-op" "$(grep -q 'schema is up to date' <<<"$out"; echo $?)"

cp -r "$CRM_SQL_DIR" "$tmp/sql"
echo "-- edited after it was applied" >> "$tmp/sql/0001_core_functions.sql"
out=$(CRM_SQL_DIR="$tmp/sql" "$CRM_SERVER" migrate 2>&1); code=$?
check "an edited applied migration stops start-up" "$([ $code != 0 ] && grep -q 'changed after it was applied' <<<"$out"; echo $?)"

out=$(CRM_SQL_DIR="$tmp/no-such-folder" "$CRM_SERVER" migrate 2>&1); code=$?
check "a missing core SQL folder stops start-up, naming it" "$([ $code = 78 ] &&
  grep -q "CRM_SQL_DIR (migrations.core_dir): $tmp/no-such-folder does not exist" <<<"$out"; echo $?)"

out=$("$CRM_SERVER" routes 2>&1)
check "routes lists permissions" "$(grep -Eq '^DELETE +/api/v2/customers/\{id\} +customers:write +customers' <<<"$out"; echo $?)"
check "routes lists public routes" "$(grep -Eq '^POST +/api/v2/auth/login +PUBLIC +core +public$' <<<"$out"; echo $?)"
check "routes lists the roles that may call each route" "$(
  grep -Eq '^DELETE +/api/v2/customers/\{id\} +customers:write +customers +admin, dispatcher$' <<<"$out" &&
  grep -Eq '^GET +/api/v2/customers +customers:read +customers +admin, dispatcher, technician, viewer$' <<<"$out" &&
  grep -Eq '^GET +/api/v2/users +users:read +core +admin$' <<<"$out"; echo $?)"
out=$(ROLE_DISPATCHER_REVOKE=customers:write ROLE_VIEWER_GRANT=customers:write "$CRM_SERVER" routes 2>&1)
check "routes shows the operator's roles.* over the manifests' grants" "$(
  grep -Eq '^DELETE +/api/v2/customers/\{id\} +customers:write +customers +admin, viewer$' <<<"$out"; echo $?)"

out=$("$CRM_SERVER" plugins 2>&1)
# The SDK's own version, which the in-tree plugins are built with.
abi=$(sed -nE 's/^#define CRM_ABI_(MAJOR|MINOR) ([0-9]+)$/\2/p' "$(dirname "$0")/../../sdk/include/crm/abi.h" | paste -sd.)
check "plugins lists customers with its library's ABI ($abi)" \
  "$(grep -Eq "^customers +1\.1\.0 +abi ${abi//./\\.} +loaded" <<<"$out"; echo $?)"

out=$(PORT=http "$CRM_SERVER" check-config 2>&1); code=$?
check "a bad PORT is one clear line" "$([ $code = 78 ] && grep -q 'PORT (http.port): expected an integer from 0 to 65535' <<<"$out"; echo $?)"

out=$(PORT=http HTTP_THREADS=0 LOG_LEVEL=loud "$CRM_SERVER" check-config 2>&1); code=$?
check "check-config reports every invalid value, one line each" "$([ $code = 78 ] &&
  [ "$(grep -c '^crm-server: configuration error: ' <<<"$out")" = 3 ] &&
  grep -q 'HTTP_THREADS (http.threads): expected an integer from 1 to 1024' <<<"$out" &&
  grep -q "LOG_LEVEL (log.level): expected debug, info, warning or error, got 'loud'" <<<"$out"; echo $?)"

# Once documented and never read: each must now come from the environment.
out=$(HTTP_KEEP_ALIVE_SECONDS=61 HTTP_MAX_BODY_BYTES=2048 HTTP_MAX_JSON_DEPTH=5 REFRESH_TOKEN_DAYS=3 "$CRM_SERVER" check-config 2>&1)
check "check-config shows the settings in effect from the environment" "$(grep -qx HTTP_KEEP_ALIVE_SECONDS=61 <<<"$out" &&
  grep -qx HTTP_MAX_BODY_BYTES=2048 <<<"$out" && grep -qx HTTP_MAX_JSON_DEPTH=5 <<<"$out" &&
  grep -qx REFRESH_TOKEN_DAYS=3 <<<"$out" && grep -qx HTTP_THREADS=64 <<<"$out"; echo $?)"
db_password=$(sed -E 's|^[^:]+://[^:]+:([^@]+)@.*|\1|' <<<"$DATABASE_URL")
check "check-config shows no secret" "$(grep -qx 'SECRET_KEY=\*\*\*' <<<"$out" && grep -qx 'CRM_ADMIN_PASSWORD=\*\*\*' <<<"$out" &&
  grep -q '^DATABASE_URL=postgresql://crm:\*\*\*@' <<<"$out" &&
  ! grep -qF -e "$SECRET_KEY" -e "$CRM_ADMIN_PASSWORD" -e "$db_password" <<<"$out"; echo $?)"

out=$(ROLE_TECHNICIAN_GRANT="customers:write, customers:erase" "$CRM_SERVER" check-config 2>&1); code=$?
check "check-config refuses a roles.* permission no plugin declares" "$([ $code = 78 ] &&
  grep -qx "crm-server: configuration error: ROLE_TECHNICIAN_GRANT (roles.technician.grant): 'customers:erase' is no permission of the core or of an installed plugin" <<<"$out"; echo $?)"

out=$(env -u SECRET_KEY -u JWT_SECRET "$CRM_SERVER" check-config 2>&1); code=$?
check "a missing secret is refused outside --dev" "$([ $code = 78 ] && grep -q 'SECRET_KEY' <<<"$out"; echo $?)"

mkdir -p "$tmp/plugins/customers"
cp "$(echo "$CRM_PLUGIN_PATH" | cut -d: -f1)/customers/plugin.json" "$tmp/plugins/customers/"
out=$(CRM_PLUGIN_PATH="$CRM_PLUGIN_PATH:$tmp/plugins" "$CRM_SERVER" plugins 2>&1); code=$?
check "a plugin installed twice stops start-up" "$([ $code = 70 ] && grep -q 'installed twice' <<<"$out"; echo $?)"

email="cli-$RANDOM-$$@example.com"
out=$("$CRM_SERVER" user add --email "$email" --password short --role viewer 2>&1); code=$?
check "user add refuses a short password" "$([ $code != 0 ] && grep -q 'at least 12' <<<"$out"; echo $?)"
out=$("$CRM_SERVER" user add --email "$email" --password a-long-enough-password --role dispatcher 2>&1)
check "user add creates the user" "$(grep -q "\"email\" : \"$email\"" <<<"$out"; echo $?)"
email2="cli-stdin-$RANDOM-$$@example.com"
out=$(echo "a-password-from-stdin" | "$CRM_SERVER" user add --email "$email2" --role viewer 2>&1)
check "user add reads the password from standard input" "$(grep -q "\"email\" : \"$email2\"" <<<"$out"; echo $?)"
out=$("$CRM_SERVER" user add --email "cli-none-$$@example.com" --role viewer 2>&1 </dev/null); code=$?
check "user add without a password says how to give one" "$([ $code != 0 ] && grep -q 'standard input' <<<"$out"; echo $?)"
out=$(echo "another-password-on-stdin" | "$CRM_SERVER" user passwd --email "$email2" 2>&1)
check "user passwd reads the password from standard input" "$(grep -q 'password changed' <<<"$out"; echo $?)"
out=$("$CRM_SERVER" user disable --email "$email" 2>&1)
check "user disable" "$(grep -q 'disabled' <<<"$out"; echo $?)"

echo "cli: $passed passed, $failed failed"
[ "$failed" = 0 ]
