#!/usr/bin/env bash
# CTest's openapi.valid: installs the validator (npm ci) into a folder of
# the build, once per change of package-lock.json, and runs it against the
# server scripts/test started (CRM_TEST_URL).
# Usage: check_document.sh WORK_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$1
mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$here/validate_document.mjs" "$work/"
if ! cmp -s "$here/package-lock.json" "$work/node_modules/.installed-lock.json"; then
  (cd "$work" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$here/package-lock.json" "$work/node_modules/.installed-lock.json"
fi
exec node "$work/validate_document.mjs"
