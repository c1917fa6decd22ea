-- The ETag of a row: its updated_at in microseconds, quoted. Every write
-- moves updated_at, so a stale If-Match never matches.
CREATE FUNCTION crm_etag(updated_at timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN '"' || (extract(epoch FROM updated_at) * 1000000)::bigint::text || '"';

-- Today in UTC, whatever the session's time zone.
CREATE FUNCTION crm_today() RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (now() AT TIME ZONE 'UTC')::date;
