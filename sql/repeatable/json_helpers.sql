-- Helpers every plugin's SQL may use to build the contract's JSON.

-- Timestamps as ISO 8601 in UTC with a Z, microsecond precision.
CREATE OR REPLACE FUNCTION crm_timestamp(ts timestamptz) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');

-- The ETag of a row: its updated_at in microseconds, quoted. Every write
-- moves updated_at, so a stale If-Match never matches. STABLE, as extract()
-- from a timestamptz is: PostgreSQL inlines a SQL function only if it is
-- declared no less volatile than its body, and called it as IMMUTABLE
-- instead, parsing and planning its body again in every statement (a sixth
-- of a read by id's time in PostgreSQL).
CREATE OR REPLACE FUNCTION crm_etag(updated_at timestamptz) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN '"' || (extract(epoch FROM updated_at) * 1000000)::bigint::text || '"';

-- Today in UTC, whatever the session's time zone.
CREATE OR REPLACE FUNCTION crm_today() RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (now() AT TIME ZONE 'UTC')::date;
