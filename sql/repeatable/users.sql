-- A user's technician. The core keeps no technicians, so without the
-- technicians plugin no user is one; that plugin registers the real
-- functions into these hooks (hooks.sql).

-- The id of the technician the user is, or NULL.
CREATE OR REPLACE FUNCTION core_user_technician_id(user_id integer) RETURNS integer
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULL::integer $$;
CALL crm_declare_hook('user_technician_id', 'one', 'core_user_technician_id(integer)');

-- Makes `technician_id` the technician the user is (NULL: none), for
-- /users. Answers 'linked', 'unknown' (no such technician) or 'taken' (the
-- technician is another user's), and changes nothing unless it answers
-- 'linked'. The caller runs it in the transaction that writes the user.
CREATE OR REPLACE FUNCTION core_link_user_technician(user_id integer, technician_id integer) RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT CASE WHEN technician_id IS NULL THEN 'linked' ELSE 'unknown' END $$;
CALL crm_declare_hook('link_user_technician', 'one', 'core_link_user_technician(integer, integer)');

CREATE OR REPLACE FUNCTION user_json(u users) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN json_build_object(
        'id', u.id, 'email', u.email, 'full_name', u.full_name, 'role', u.role,
        'is_active', u.is_active, 'technician_id', user_technician_id(u.id),
        'created_at', crm_timestamp(u.created_at));

-- The triggers of migration 0006: a user's tokens are valid only when
-- issued at or after tokens_valid_after, which a change of role, of
-- is_active or of the password moves to now; the last active admin stays.
CREATE OR REPLACE FUNCTION users_guard_before_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.role = 'admin' AND OLD.is_active AND (NEW.role <> 'admin' OR NOT NEW.is_active) THEN
        -- One demotion at a time, so two admins demoting each other cannot
        -- both see the other still active.
        PERFORM pg_advisory_xact_lock(7265616);
        IF NOT EXISTS (SELECT 1 FROM users WHERE role = 'admin' AND is_active AND id <> OLD.id) THEN
            RAISE EXCEPTION 'the last active admin cannot be disabled or demoted'
                USING CONSTRAINT = 'last_active_admin';
        END IF;
    END IF;
    IF NEW.role IS DISTINCT FROM OLD.role OR NEW.is_active IS DISTINCT FROM OLD.is_active
       OR NEW.hashed_password IS DISTINCT FROM OLD.hashed_password THEN
        NEW.tokens_valid_after := now();
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION users_end_sessions_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = NEW.id AND revoked_at IS NULL;
    RETURN NULL;
END $$;
