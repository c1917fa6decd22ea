-- A user's tokens are valid only when issued at or after this time: a change
-- of role, of is_active or of the password moves it to now, whatever made the
-- change (the API, the CLI, an operator's SQL), and ends every refresh family
-- of the user. The server compares it with each access token's iat
-- (UserValidity, cached for two seconds per node).
ALTER TABLE users ADD COLUMN tokens_valid_after timestamptz NOT NULL DEFAULT now();

CREATE FUNCTION users_guard_before_update() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE FUNCTION users_end_sessions_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = NEW.id AND revoked_at IS NULL;
    RETURN NULL;
END $$;

CREATE TRIGGER users_guard BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION users_guard_before_update();
CREATE TRIGGER users_end_sessions AFTER UPDATE ON users FOR EACH ROW
    WHEN (NEW.tokens_valid_after IS DISTINCT FROM OLD.tokens_valid_after)
    EXECUTE FUNCTION users_end_sessions_after_update();
