# Shared by scripts/run and scripts/test: packages, build, and a private
# PostgreSQL cluster on loopback. Source it; it defines functions only.

CRM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CRM_BUILD_DIR=${CRM_BUILD_DIR:-$CRM_ROOT/build}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Debian packages the build, the server and the tests need.
CRM_PACKAGES=(
  g++ cmake make pkg-config
  libpoco-dev libboost-dev libboost-filesystem-dev libssl-dev libcppunit-dev libcrypt-dev libpq-dev
  postgresql-15 postgresql-client-15
)

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root (or sudo) to run: $*"
  fi
}

ensure_packages() {
  local missing=() p
  for p in "${CRM_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # RUNLEVEL=1: packages that ship a service (postgresql, nginx) are not
  # started by their install; the scripts start what they need themselves.
  as_root env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# npm builds the web front-ends (/docs, the console plugin) at build time.
# Any node >= 18 will do: one already installed (from NodeSource, say) is
# used as it is, since Debian's npm would not install beside it.
ensure_npm() {
  command -v npm >/dev/null || ensure_packages nodejs npm
}

# build_server [cmake options...]: configures once, then rebuilds incrementally.
build_server() {
  ensure_npm
  if [ ! -f "$CRM_BUILD_DIR/CMakeCache.txt" ]; then
    say "configuring build in $CRM_BUILD_DIR"
    cmake -S "$CRM_ROOT" -B "$CRM_BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  elif [ $# -gt 0 ]; then
    cmake "$CRM_BUILD_DIR" "$@" >/dev/null
  fi
  say "building (make -j2)"
  build_tree "$CRM_BUILD_DIR"
  # The server refuses plugins its group or others may change; a umask of
  # 002 would have made the build's folders group-writable.
  chmod -R go-w "$CRM_BUILD_DIR/lib/crm-server" 2>/dev/null || true
}

# build_tree DIR [cmake --build options...]: builds a configured tree two
# jobs at a time, quietly: the whole output only when the build fails.
build_tree() {
  local dir=$1 log
  shift
  log=$(mktemp)
  if ! nice cmake --build "$dir" -j 2 "$@" -- --no-print-directory > "$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    die "build failed (output above)"
  fi
  grep -E "warning:" "$log" >&2 || true  # our code builds without warnings: show any
  rm -f "$log"
}

# A TCP port nobody listens on, from a range away from the usual ones.
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 30000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  die "no free port found"
}

random_secret() { od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; }
# write_secret FILE [COMMAND...]: the output of COMMAND (a random secret by
# default) into FILE, created unreadable to others from the start.
write_secret() {
  local file=$1
  shift
  (umask 077 && "${@:-random_secret}" > "$file")
}

# PostgreSQL refuses to run as root: run the cluster as the postgres
# account the Debian package creates, or as ourselves when not root.
pg_user() { if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi; }
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_cluster_start DATADIR PORT PASSWORDFILE [fast]: creates the cluster on
# first use (user crm, database crm), starts it on 127.0.0.1:PORT only, and
# prints the DATABASE_URL. "fast" turns off durability (throwaway clusters).
pg_cluster_start() {
  local data=$1 port=$2 pwfile=$3 mode=${4:-durable}
  [ -L "$data" ] && data=$(readlink -f "$data")
  if [ ! -f "$data/PG_VERSION" ] && [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$(dirname "$data")"; then
    # The postgres account cannot reach this checkout (under /root, say):
    # keep the cluster where it can, and link it from here.
    local elsewhere="/var/tmp/crm-server-pg-$(echo "$data" | cksum | cut -d' ' -f1)"
    mkdir -p "$elsewhere" && chmod 755 "$elsewhere"
    ln -sfn "$elsewhere/pg" "$data"
    data="$elsewhere/pg"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ -f "$pwfile" ] || write_secret "$pwfile"
    [ -f "$pwfile.admin" ] || write_secret "$pwfile.admin"
    if [ "$(id -u)" = 0 ]; then
      chown postgres: "$data"
      as_pg test -w "$data" || die "the postgres account cannot write $data; put the checkout where it can, or set DATABASE_URL"
      install -o postgres -m 600 "$pwfile.admin" "$data.pw"
    else
      (umask 077 && cp "$pwfile.admin" "$data.pw")
    fi
    # The cluster's superuser is crm_admin; the server's role crm owns its
    # database and nothing more (no COPY ... TO PROGRAM for a flaw to use).
    as_pg "$PG_BIN/initdb" -D "$data" -U crm_admin --pwfile="$data.pw" -A scram-sha-256 -E UTF8 --no-locale >/dev/null \
      || die "initdb failed for $data"
    rm -f "$data.pw"
    {
      echo "listen_addresses = '127.0.0.1'"
      echo "unix_socket_directories = ''"
      echo "max_parallel_workers_per_gather = 0"
      if [ "$mode" = fast ]; then echo "fsync = off"; echo "synchronous_commit = off"; echo "full_page_writes = off"; fi
    } | as_pg tee -a "$data/postgresql.conf" >/dev/null
  fi
  if as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    # Still running from an earlier start: use it, on the port it has.
    port=$(sed -n 4p "$data/postmaster.pid")
  else
    local memory
    memory=$(pg_memory_options "$mode")
    say "PostgreSQL sized for this machine: ${memory//-c /}"
    as_pg "$PG_BIN/pg_ctl" -D "$data" -o "-p $port $memory" -l "$data/server.log" -w -t 60 start >/dev/null \
      || { tail -20 "$data/server.log" >&2; die "PostgreSQL did not start (log above)"; }
  fi
  pg_least_privilege "$port" "$pwfile"
  echo "postgresql://crm:$(cat "$pwfile")@127.0.0.1:$port/crm"
}

# pg_memory_options MODE: PostgreSQL's memory settings for this machine,
# as -c options given at every start (so a cluster made on another machine
# is sized for this one), instead of its defaults (128 MB of shared
# buffers, whatever the RAM). The rules docs/operations.md gives operators:
# shared_buffers a quarter of RAM (at most 8 GB), effective_cache_size
# three quarters, work_mem RAM/256 within 4-64 MB, maintenance_work_mem
# RAM/32 within 64 MB-1 GB. A throwaway test cluster ("fast") takes an
# eighth of RAM, at most 512 MB: it shares the machine with the tests.
pg_memory_options() {
  local mode=$1 ram_mb shared cache work maintenance
  ram_mb=$(( $(sed -nE 's/^MemTotal: +([0-9]+) kB/\1/p' /proc/meminfo) / 1024 ))
  clamp() { local v=$1; [ "$v" -lt "$2" ] && v=$2; [ "$v" -gt "$3" ] && v=$3; echo "$v"; }
  if [ "$mode" = fast ]; then shared=$(clamp $((ram_mb / 8)) 128 512); else shared=$(clamp $((ram_mb / 4)) 128 8192); fi
  cache=$((ram_mb * 3 / 4))
  work=$(clamp $((ram_mb / 256)) 4 64)
  maintenance=$(clamp $((ram_mb / 32)) 64 1024)
  echo "-c shared_buffers=${shared}MB -c effective_cache_size=${cache}MB -c work_mem=${work}MB -c maintenance_work_mem=${maintenance}MB"
}

# Passwords reach psql through a password file, never its command line
# (where ps shows them to every user of the machine).
psql_as() {  # psql_as ROLE PASSWORD_FILE PORT DB [psql args...]
  local role=$1 pwfile=$2 port=$3 db=$4 pass
  shift 4
  pass=$(mktemp)
  printf '127.0.0.1:%s:*:%s:%s\n' "$port" "$role" "$(cat "$pwfile")" > "$pass"
  PGPASSFILE=$pass psql -X -h 127.0.0.1 -p "$port" -U "$role" -d "$db" "$@"
  local status=$?
  rm -f "$pass"
  return $status
}

# The role crm (login, no superuser, no CREATEDB) and its database crm. A
# cluster made by an older checkout, where crm was the superuser, gets a
# crm_admin superuser and crm is demoted.
pg_least_privilege() {
  local port=$1 pwfile=$2 admin=(crm_admin "$pwfile.admin")
  if [ ! -f "$pwfile.admin" ]; then
    write_secret "$pwfile.admin"
    psql_as crm "$pwfile" "$port" postgres -q -v ON_ERROR_STOP=1 \
      -c "CREATE ROLE crm_admin SUPERUSER LOGIN PASSWORD '$(cat "$pwfile.admin")'" >/dev/null \
      || die "cannot create the crm_admin role"
  fi
  psql_as "${admin[@]}" "$port" postgres -q -v ON_ERROR_STOP=1 >/dev/null <<SQL || die "cannot set up the crm role"
SELECT format('CREATE ROLE crm LOGIN PASSWORD %L', '$(cat "$pwfile")') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'crm') \\gexec
ALTER ROLE crm NOSUPERUSER NOCREATEDB NOCREATEROLE;
SELECT 'CREATE DATABASE crm OWNER crm' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'crm') \\gexec
SQL
  # PUBLIC may create nothing in the schema; crm owns it.
  psql_as "${admin[@]}" "$port" crm -q -v ON_ERROR_STOP=1 \
    -c "ALTER SCHEMA public OWNER TO crm; REVOKE CREATE ON SCHEMA public FROM PUBLIC" >/dev/null \
    || die "cannot give the public schema to crm"
}

# A superuser connection URL for maintenance in the scripts (another
# database for the benchmark's peers, say); never given to the server.
pg_admin_url() {  # pg_admin_url PORT PASSWORD_FILE
  echo "postgresql://crm_admin:$(cat "$2.admin")@127.0.0.1:$1"
}

pg_cluster_stop() {
  local data=$1
  [ -L "$data" ] && data=$(readlink -f "$data")
  [ -f "$data/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}
