-- One link between a user and a technician: technicians.user_id (API.md
-- section 2; migration 0003). These implement the core's hooks
-- user_technician_id and link_user_technician.

-- PL/pgSQL, which keeps its plan for the session: PostgreSQL cannot inline
-- a SQL function that reads a table, and would plan its body again in
-- every statement that calls it (tests/migrations/sql_functions_test.py).
CREATE OR REPLACE FUNCTION technicians_user_technician_id(user_id integer) RETURNS integer
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    AS $$
BEGIN
    RETURN (SELECT t.id FROM technicians t WHERE t.user_id = technicians_user_technician_id.user_id);
END
$$;
CALL crm_register_hook('user_technician_id', 'technicians', 'technicians_user_technician_id(integer)');

-- The technician is locked first, so a concurrent link of it to another
-- user waits, and then sees it taken.
CREATE OR REPLACE FUNCTION technicians_link_user_technician(user_id integer, technician_id integer) RETURNS text
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    holder integer;
BEGIN
    IF technicians_link_user_technician.technician_id IS NOT NULL THEN
        SELECT t.user_id INTO holder FROM technicians t
        WHERE t.id = technicians_link_user_technician.technician_id FOR UPDATE;
        IF NOT FOUND THEN
            RETURN 'unknown';
        END IF;
        IF holder IS NOT NULL AND holder <> technicians_link_user_technician.user_id THEN
            RETURN 'taken';
        END IF;
    END IF;
    -- The user's technician until now first: the user may be only one's.
    UPDATE technicians t SET user_id = NULL, updated_at = now()
    WHERE t.user_id = technicians_link_user_technician.user_id
      AND t.id IS DISTINCT FROM technicians_link_user_technician.technician_id;
    UPDATE technicians t SET user_id = technicians_link_user_technician.user_id, updated_at = now()
    WHERE t.id = technicians_link_user_technician.technician_id AND t.user_id IS NULL;
    RETURN 'linked';
END $$;
CALL crm_register_hook('link_user_technician', 'technicians', 'technicians_link_user_technician(integer, integer)');

-- A user who stops being a technician's user loses its rights over that
-- technician's work orders at once (the work-orders plugin reads this link
-- on every write) and its tokens end, as on a change of role (core
-- migration 0006): they carry the technician as `tid`, which every plugin
-- is given as the caller's technician. A user who becomes a technician's
-- gets it in the tokens of its next login or refresh.
CREATE OR REPLACE FUNCTION technicians_end_former_users_tokens() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users SET tokens_valid_after = now() WHERE id = OLD.user_id;
    RETURN NULL;
END $$;
