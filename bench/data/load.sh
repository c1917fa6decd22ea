# Sourced by bench/run: the data sets every server is measured on.

# load_bench_data DATABASE_URL SCALE [SCHEMA.sql]: the peers' deterministic
# 1x data set (20,000 customers, 200,000 work orders), grown SCALE-fold by
# bench/data/scale_up.sql, into a database that has its schema already
# (crm-server's, migrated) or gets SCHEMA.sql first (the peers' own). About
# 10 s at 1x and 90 s at 10x on two cores.
load_bench_data() {
  local url=$1 scale=$2 schema=${3:-}
  psql -q -v ON_ERROR_STOP=1 "$url" ${schema:+-f "$schema"} -f "$PEERS/fastapi/seed.sql"
  if [ "$scale" -gt 1 ]; then psql -q -v ON_ERROR_STOP=1 -v factor="$scale" "$url" -f bench/data/scale_up.sql; fi
  # Only the tables: the catalogs are the superuser's and would warn.
  psql -q "$url" -c "VACUUM ANALYZE customers, technicians, work_orders" 2>/dev/null
  psql -q "$url" -c "VACUUM ANALYZE" 2>/dev/null
}

# database_of KIND SCALE: the database name of crm-server's (crm) or the
# peers' (peer) data set at that scale.
database_of() { if [ "$2" = 1 ]; then echo "$1"; else echo "$1_x$2"; fi; }
