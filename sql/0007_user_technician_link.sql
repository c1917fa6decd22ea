-- A user's technician is the technician whose user_id is the user (API.md
-- section 2): one link, kept on the technician. users.technician_id was a
-- second, independent link, and the one that granted rights; from here on
-- nothing reads or writes it. The technicians plugin's migration 0003 moves
-- its links onto technicians.user_id (only there are both tables known to
-- exist). The column stays so that a node of the previous version keeps
-- running on this schema during a rolling upgrade (docs/operations.md);
-- a later release drops it.
COMMENT ON COLUMN users.technician_id IS
    'Unused: a user''s technician is the technician whose user_id it is (technicians.user_id)';

-- The core keeps no technicians, so without the technicians plugin no user
-- is one. The technicians plugin replaces both functions in its migrations
-- (as plugins that reference customers replace customer_references).

-- The id of the technician the user is, or NULL.
CREATE FUNCTION user_technician_id(user_id integer) RETURNS integer
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULL::integer $$;

-- Makes `technician_id` the technician the user is (NULL: none), for
-- /users. Answers 'linked', 'unknown' (no such technician) or 'taken' (the
-- technician is another user's), and changes nothing unless it answers
-- 'linked'. The caller runs it in the transaction that writes the user.
CREATE FUNCTION link_user_technician(user_id integer, technician_id integer) RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT CASE WHEN technician_id IS NULL THEN 'linked' ELSE 'unknown' END $$;

CREATE OR REPLACE FUNCTION user_json(u users) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN json_build_object(
        'id', u.id, 'email', u.email, 'full_name', u.full_name, 'role', u.role,
        'is_active', u.is_active, 'technician_id', user_technician_id(u.id),
        'created_at', crm_timestamp(u.created_at));
