#!/usr/bin/env bash
# The operator's path, on a bare Debian 12 (debootstrap minbase) root:
#   apt-get install ./crm-server_<v>_amd64.deb ./crm-server-dev_<v>_amd64.deb
#   -> the account, the env file with a generated SECRET_KEY, the unit;
#   DATABASE_URL set, the server started as the unit starts it (its user,
#   Environment= and ExecStart; the server reads the env file itself), an admin added with the password on
#   standard input, a login and a customer created over HTTP;
#   an upgrade to a newer build carrying a new migration -> the data, the
#   operator's edits of the conffile and the env file kept, the migration
#   applied by the restarted server;
#   a purge -> configuration and account gone, the database untouched.
# The root has no systemd running: the test reads the installed unit and
# does what systemd would (User=, Environment=, ExecStart=).
# Usage: install_upgrade_test.sh DIST_DIR   (run as root; called by
# `scripts/test --package`). CRM_PACKAGE_ROOT_CACHE=FILE keeps the
# debootstrapped root as a tarball between runs.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
dist=$(cd "${1:?usage: install_upgrade_test.sh DIST_DIR}" && pwd)
[ "$(id -u)" = 0 ] || die "the install test needs root (debootstrap, chroot)"
ensure_packages debootstrap python3

server_deb=$(ls "$dist"/crm-server_*_amd64.deb | head -1)
dev_deb=$(ls "$dist"/crm-server-dev_*_amd64.deb | head -1)
version=$(dpkg-deb -f "$server_deb" Version)

work=$(mktemp -d /var/tmp/crm-package-test.XXXXXX)
chmod 755 "$work"
root="$work/root"
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  for mount in "$root/proc" "$root/dev/pts" "$root/dev"; do
    mountpoint -q "$mount" && umount -l "$mount"
  done
  pg_cluster_stop "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "install test: FAILED: $*" >&2; exit 1; }
step() { say "install test: $*"; }
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

# --- a bare Debian 12, with the host's package sources ---------------------
cache=${CRM_PACKAGE_ROOT_CACHE:-}
if [ -n "$cache" ] && [ -f "$cache" ]; then
  step "unpacking the cached minbase root"
  mkdir "$root" && tar -C "$root" -xf "$cache"
else
  step "debootstrap --variant=minbase bookworm (about a minute)"
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log" >&2; fail "debootstrap"; }
  [ -n "$cache" ] && tar -C "$root" -cf "$cache" .
fi
rm -f "$root/etc/apt/sources.list"
cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/" 2>/dev/null ||
  cp /etc/apt/sources.list "$root/etc/apt/sources.list"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
in_root apt-get update -qq >/dev/null

# --- install -----------------------------------------------------------------
step "apt-get install ./$(basename "$server_deb") ./$(basename "$dev_deb")"
cp "$server_deb" "$dev_deb" "$root/tmp/"
in_root apt-get install -y -q --no-install-recommends "/tmp/$(basename "$server_deb")" "/tmp/$(basename "$dev_deb")" \
  >"$work/install.log" 2>&1 || { tail -30 "$work/install.log" >&2; fail "apt-get install"; }
grep -q "set DATABASE_URL in /etc/crm-server/crm-server.env" "$work/install.log" ||
  fail "the install did not say what to set next"
in_root getent passwd crm-server >/dev/null || fail "no crm-server account"
env_file="$root/etc/crm-server/crm-server.env"
# Names as the root knows them (the host's accounts differ).
env_mode=$(in_root stat -c '%a %U:%G' /etc/crm-server/crm-server.env)
[ "$env_mode" = "640 root:crm-server" ] || fail "env file is $env_mode, expected 640 root:crm-server"
secret=$(sed -nE 's/^SECRET_KEY=(.*)/\1/p' "$env_file")
[ ${#secret} -ge 32 ] || fail "no generated SECRET_KEY in the env file"
in_root test -x /usr/bin/crm-server || fail "no /usr/bin/crm-server"
in_root test -f /usr/include/crm/abi.h || fail "the SDK headers are not installed"
step "building the SDK's example plugin against the installed crm-server-dev"
# A plugin author's toolchain (the package recommends it; this root installs
# without recommends).
in_root apt-get install -y -q --no-install-recommends g++ make >"$work/toolchain.log" 2>&1 ||
  { tail -30 "$work/toolchain.log" >&2; fail "installing g++ and make into the root"; }
in_root sh -c 'cp -r /usr/share/doc/crm-server-dev/examples/hello /tmp/hello &&
  cmake -S /tmp/hello -B /tmp/hello/build && cmake --build /tmp/hello/build' >"$work/hello.log" 2>&1 ||
  { tail -30 "$work/hello.log" >&2; fail "the example plugin does not build against the installed SDK"; }
grep -q '"sdk_abi": "'"$(dpkg-deb -f "$server_deb" Provides | sed -nE 's/.*\(= ([0-9.]+)\).*/\1/p')"'"' \
  "$root/tmp/hello/build/plugins/hello/plugin.json" || fail "the example's manifest does not carry the server's ABI"

# systemd itself is not running here, but its verifier reads the unit as
# systemd would (and checks ExecStart and the man page exist).
step "systemd-analyze verify crm-server.service"
in_root apt-get install -y -q --no-install-recommends systemd man-db >"$work/systemd.log" 2>&1 ||
  { tail -30 "$work/systemd.log" >&2; fail "installing systemd into the root"; }
verdict=$(in_root systemd-analyze verify /lib/systemd/system/crm-server.service 2>&1) ||
  fail "systemd-analyze verify: $verdict"
[ -z "$verdict" ] || fail "systemd-analyze verify printed: $verdict"
in_root systemd-analyze security --offline=true /lib/systemd/system/crm-server.service 2>/dev/null | tail -1 >&2 || true

# --- the operator's configuration ------------------------------------------
step "PostgreSQL, DATABASE_URL, and an edit of the conffile"
pg_port=$(free_port)
database_url=$(pg_cluster_start "$work/pg" "$pg_port" "$work/pg-password" fast)
echo "DATABASE_URL=$database_url" >> "$env_file"
port=$(free_port)
properties="$root/etc/crm-server/crm-server.properties"
sed -i -E "s/^http.port = .*/http.port = $port/" "$properties"
echo "# the operator's own note, kept across upgrades" >> "$properties"
cp "$properties" "$work/properties.edited"
cp "$env_file" "$work/env.edited"

# start_as_the_unit: ExecStart of the installed unit, as its User, with
# its Environment= lines, in the background; waits until /health answers.
unit="$root/lib/systemd/system/crm-server.service"
start_as_the_unit() {
  local user exec_start uid gid
  user=$(sed -nE 's/^User=(.*)/\1/p' "$unit")
  exec_start=$(sed -nE 's/^ExecStart=(.*)/\1/p' "$unit")
  uid=$(in_root id -u "$user") gid=$(in_root id -g "$user")
  local environment=()
  mapfile -t environment < <(sed -nE 's/^Environment=(.*)/\1/p' "$unit")
  # shellcheck disable=SC2086
  chroot --userspec="$uid:$gid" "$root" /usr/bin/env -i PATH=/usr/bin:/bin "${environment[@]}" $exec_start \
    >>"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    python3 - "$port" <<'PY' 2>/dev/null && return 0
import sys, urllib.request
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/health", timeout=1)
PY
    kill -0 "$server_pid" 2>/dev/null || { tail -20 "$work/server.log" >&2; fail "the server exited"; }
    sleep 0.2
  done
  tail -20 "$work/server.log" >&2
  fail "the server did not answer /health within 20 s"
}
stop_server() { kill "$server_pid" && wait "$server_pid" || true; server_pid=; }

# api METHOD PATH [JSON] [TOKEN]: prints "status body".
api() {
  python3 - "$port" "$@" <<'PY'
import json, sys, urllib.request, urllib.error
port, method, path = sys.argv[1:4]
body = sys.argv[4].encode() if len(sys.argv) > 4 and sys.argv[4] else None
req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v2{path}", data=body, method=method)
req.add_header("Content-Type", "application/json")
if len(sys.argv) > 5:
    req.add_header("Authorization", "Bearer " + sys.argv[5])
try:
    with urllib.request.urlopen(req, timeout=10) as r:
        print(r.status, r.read().decode())
except urllib.error.HTTPError as e:
    print(e.code, e.read().decode())
PY
}
json_field() { python3 -c 'import json,sys; print(json.loads(sys.stdin.read().split(" ",1)[1])[sys.argv[1]])' "$1"; }

step "starting the server as the unit does (user crm-server)"
start_as_the_unit
[ "$(stat -c %u "/proc/$server_pid")" = "$(in_root id -u crm-server)" ] || fail "the server does not run as crm-server"

step "crm-server user add, the password on standard input"
password=$(random_secret)
printf '%s\n' "$password" | in_root crm-server user add --email admin@example.com --role admin --name Admin \
  >"$work/useradd.log" 2>&1 || { cat "$work/useradd.log" >&2; fail "user add"; }
login=$(api POST /auth/login "{\"email\":\"admin@example.com\",\"password\":\"$password\"}")
[ "${login%% *}" = 200 ] || fail "login answered $login"
token=$(json_field access_token <<<"$login")
created=$(api POST /customers '{"name":"Installed Septic Co","email":"office@installed.example.com"}' "$token")
[ "${created%% *}" = 201 ] || fail "creating a customer answered $created"
customer_id=$(json_field id <<<"$created")
step "/docs and /console/ served from the package's files"
python3 - "$port" <<'PY' || fail "/docs or /console/ of the installed server"
import sys, urllib.request
port = sys.argv[1]
for path, marker in (("/docs/", "swagger-ui-bundle.js"), ("/docs/swagger-ui-bundle.js", "SwaggerUIBundle"),
                     ("/console/", '<div id="root">'), ("/console/board", '<div id="root">')):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:
        text = r.read().decode()
        assert r.status == 200 and marker in text, (path, r.status, text[:200])
PY
step "GET /metrics from loopback"
python3 - "$port" "$version" <<'PY' || fail "/metrics of the installed server"
import sys, urllib.request
port, version = sys.argv[1:3]
text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
assert f'crm_build_info{{version="{version}"' in text, text[:500]
assert 'crm_plugin_info{id="customers"' in text, text[:500]
PY

# --- upgrade -----------------------------------------------------------------
# The newer build: this package with a higher version and one more core
# migration, as the next release would carry.
step "building the upgrade: $version+upgradetest1 with a new migration"
repack="$work/repack"
dpkg-deb -R "$server_deb" "$repack"
sql_dir="$repack/usr/share/crm-server/sql"
next=$(ls "$sql_dir" | sed -nE 's/^([0-9]{4})_.*/\1/p' | sort -n | tail -1)
next=$(printf '%04d' $((10#$next + 1)))
cat > "$sql_dir/${next}_upgrade_probe.sql" <<'SQL'
CREATE TABLE upgrade_probe (applied_at timestamptz NOT NULL DEFAULT now());
INSERT INTO upgrade_probe DEFAULT VALUES;
SQL
chmod 644 "$sql_dir/${next}_upgrade_probe.sql"
sed -i -E "s/^Version: .*/Version: $version+upgradetest1/" "$repack/DEBIAN/control"
(cd "$repack" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) > "$repack/DEBIAN/md5sums"
upgrade_deb="$work/crm-server_${version}+upgradetest1_amd64.deb"
dpkg-deb --root-owner-group --build "$repack" "$upgrade_deb" >/dev/null

step "upgrading"
stop_server
cp "$upgrade_deb" "$root/tmp/"
in_root apt-get install -y -q "/tmp/$(basename "$upgrade_deb")" >"$work/upgrade.log" 2>&1 ||
  { tail -30 "$work/upgrade.log" >&2; fail "apt-get install of the upgrade"; }
[ "$(in_root dpkg-query -W -f='${Version}' crm-server)" = "$version+upgradetest1" ] || fail "the upgrade is not installed"
cmp -s "$properties" "$work/properties.edited" || fail "the upgrade changed the operator's crm-server.properties"
cmp -s "$env_file" "$work/env.edited" || fail "the upgrade changed crm-server.env (SECRET_KEY, DATABASE_URL)"
: > "$work/server.log"
start_as_the_unit
grep -q "1 migrations and 0 repeatable files applied" "$work/server.log" || fail "the upgraded server did not log its migration"
pg_query() { psql_as crm "$work/pg-password" "$pg_port" crm -tAq -c "$1"; }
[ "$(pg_query 'SELECT count(*) FROM upgrade_probe')" = 1 ] || fail "the new migration was not applied"
login=$(api POST /auth/login "{\"email\":\"admin@example.com\",\"password\":\"$password\"}")
[ "${login%% *}" = 200 ] || fail "login after the upgrade answered $login"
token=$(json_field access_token <<<"$login")
fetched=$(api GET "/customers/$customer_id" "" "$token")
[ "${fetched%% *}" = 200 ] && grep -q "Installed Septic Co" <<<"$fetched" || fail "the customer is gone after the upgrade: $fetched"
stop_server

# --- remove and purge --------------------------------------------------------
step "apt-get purge"
in_root apt-get purge -y -q crm-server crm-server-dev >"$work/purge.log" 2>&1 ||
  { tail -30 "$work/purge.log" >&2; fail "apt-get purge"; }
[ ! -e "$root/etc/crm-server" ] || fail "purge left /etc/crm-server: $(ls -A "$root/etc/crm-server")"
! in_root getent passwd crm-server >/dev/null || fail "purge left the crm-server account"
[ "$(pg_query "SELECT count(*) FROM users WHERE email = 'admin@example.com'")" = 1 ] ||
  fail "purge touched the database"

step "passed: install, first login, upgrade with a migration, purge"
