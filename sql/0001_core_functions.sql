-- Helpers every plugin's SQL may use to build the contract's JSON.

-- Timestamps as ISO 8601 in UTC with a Z, microsecond precision.
CREATE FUNCTION crm_timestamp(ts timestamptz) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
