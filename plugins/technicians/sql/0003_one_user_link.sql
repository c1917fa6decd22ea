-- One link between a user and a technician: technicians.user_id (API.md
-- section 2). Until now users.technician_id was a second link, kept apart
-- from this one, and the one that gave a technician-role user its rights
-- over work orders. This moves its links here, makes a user the user of one
-- technician at most, takes over the core's user_technician_id and
-- link_user_technician (core migration 0007), and ends the tokens of a user
-- who stops being a technician's user.

-- The old links that could not be kept, so that none is lost: an operator
-- reads them here and re-links by hand (PATCH /technicians/{id}). No
-- foreign keys: some name a technician that never existed.
CREATE TABLE technician_user_links_set_aside (
    technician_id integer     NOT NULL,
    user_id       integer     NOT NULL,
    came_from     text        NOT NULL CHECK (came_from IN ('users.technician_id', 'technicians.user_id')),
    why           text        NOT NULL,
    set_aside_at  timestamptz NOT NULL DEFAULT now()
);

-- Every old link once, in order of precedence: those both sides agreed on;
-- then users.technician_id, since it gave the rights until now (no one loses
-- a right they had); then technicians.user_id; ties by technician, then
-- user. A link is kept unless its technician or its user has one already.
DO $$
DECLARE
    link record;
BEGIN
    CREATE TEMPORARY TABLE kept_link (technician_id integer UNIQUE, user_id integer UNIQUE) ON COMMIT DROP;
    FOR link IN
        SELECT technician_id, user_id,
               CASE WHEN by_user.user_id IS NULL THEN 'technicians.user_id' ELSE 'users.technician_id' END AS came_from,
               CASE WHEN by_technician.user_id IS NULL THEN 1 WHEN by_user.user_id IS NULL THEN 2 ELSE 0 END AS precedence
        FROM (SELECT technician_id, id AS user_id FROM users WHERE technician_id IS NOT NULL) by_user
        FULL JOIN (SELECT id AS technician_id, user_id FROM technicians WHERE user_id IS NOT NULL) by_technician
            USING (technician_id, user_id)
        ORDER BY precedence, technician_id, user_id
    LOOP
        IF NOT EXISTS (SELECT 1 FROM technicians t WHERE t.id = link.technician_id) THEN
            INSERT INTO technician_user_links_set_aside (technician_id, user_id, came_from, why)
                VALUES (link.technician_id, link.user_id, link.came_from, 'no such technician');
        ELSIF EXISTS (SELECT 1 FROM kept_link k WHERE k.technician_id = link.technician_id) THEN
            INSERT INTO technician_user_links_set_aside (technician_id, user_id, came_from, why)
                VALUES (link.technician_id, link.user_id, link.came_from, 'the technician has another user');
        ELSIF EXISTS (SELECT 1 FROM kept_link k WHERE k.user_id = link.user_id) THEN
            INSERT INTO technician_user_links_set_aside (technician_id, user_id, came_from, why)
                VALUES (link.technician_id, link.user_id, link.came_from, 'the user has another technician');
        ELSE
            INSERT INTO kept_link VALUES (link.technician_id, link.user_id);
        END IF;
    END LOOP;

    -- Tokens carry the technician users.technician_id named (`tid`): a user
    -- who is not that technician any more signs in again.
    UPDATE users u SET tokens_valid_after = now()
    WHERE u.technician_id IS DISTINCT FROM (SELECT k.technician_id FROM kept_link k WHERE k.user_id = u.id)
      AND u.technician_id IS NOT NULL;
    UPDATE technicians t SET user_id = (SELECT k.user_id FROM kept_link k WHERE k.technician_id = t.id), updated_at = now()
    WHERE t.user_id IS DISTINCT FROM (SELECT k.user_id FROM kept_link k WHERE k.technician_id = t.id);
END $$;

ALTER TABLE technicians ADD CONSTRAINT technicians_user_id_key UNIQUE (user_id);

CREATE OR REPLACE FUNCTION user_technician_id(user_id integer) RETURNS integer
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (SELECT t.id FROM technicians t WHERE t.user_id = user_technician_id.user_id);

-- The technician is locked first, so a concurrent link of it to another
-- user waits, and then sees it taken.
CREATE OR REPLACE FUNCTION link_user_technician(user_id integer, technician_id integer) RETURNS text
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    holder integer;
BEGIN
    IF link_user_technician.technician_id IS NOT NULL THEN
        SELECT t.user_id INTO holder FROM technicians t WHERE t.id = link_user_technician.technician_id FOR UPDATE;
        IF NOT FOUND THEN
            RETURN 'unknown';
        END IF;
        IF holder IS NOT NULL AND holder <> link_user_technician.user_id THEN
            RETURN 'taken';
        END IF;
    END IF;
    -- The user's technician until now first: the user may be only one's.
    UPDATE technicians t SET user_id = NULL, updated_at = now()
    WHERE t.user_id = link_user_technician.user_id AND t.id IS DISTINCT FROM link_user_technician.technician_id;
    UPDATE technicians t SET user_id = link_user_technician.user_id, updated_at = now()
    WHERE t.id = link_user_technician.technician_id AND t.user_id IS NULL;
    RETURN 'linked';
END $$;

-- A user who stops being a technician's user loses its rights over that
-- technician's work orders at once (the work-orders plugin reads this link
-- on every write) and its tokens end, as on a change of role (core
-- migration 0006): they carry the technician as `tid`, which every plugin
-- is given as the caller's technician. A user who becomes a technician's
-- gets it in the tokens of its next login or refresh.
CREATE FUNCTION technicians_end_former_users_tokens() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users SET tokens_valid_after = now() WHERE id = OLD.user_id;
    RETURN NULL;
END $$;
CREATE TRIGGER technicians_user_unlinked AFTER UPDATE OF user_id ON technicians FOR EACH ROW
    WHEN (OLD.user_id IS NOT NULL AND OLD.user_id IS DISTINCT FROM NEW.user_id)
    EXECUTE FUNCTION technicians_end_former_users_tokens();
CREATE TRIGGER technicians_user_deleted AFTER DELETE ON technicians FOR EACH ROW
    WHEN (OLD.user_id IS NOT NULL)
    EXECUTE FUNCTION technicians_end_former_users_tokens();
