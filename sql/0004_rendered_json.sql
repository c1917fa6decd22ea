-- Rendered JSON: a table whose rows are read far more often than written
-- keeps each row's JSON in a `rendered` column, filled from render(row) by a
-- BEFORE trigger on every insert and update, so reads splice it instead of
-- rebuilding it. This gives `target` that column and trigger (one trigger
-- function per table, with the call written in: no dynamic SQL per row) and
-- renders the rows already there. `render` is a function taking the row.
CREATE PROCEDURE crm_keep_rendered(target regclass, render regproc) LANGUAGE plpgsql AS $$
DECLARE
    base text := (SELECT relname FROM pg_class WHERE oid = target);
BEGIN
    EXECUTE format('ALTER TABLE %s ADD COLUMN rendered json', target);
    EXECUTE format('CREATE FUNCTION %I() RETURNS trigger LANGUAGE plpgsql AS $body$
                    BEGIN NEW.rendered := %s(NEW); RETURN NEW; END $body$', base || '_render_row', render);
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION %I()',
                   base || '_render', target, base || '_render_row');
    EXECUTE format('UPDATE %s SET rendered = NULL', target);  -- the trigger renders each row
    EXECUTE format('ALTER TABLE %s ALTER COLUMN rendered SET NOT NULL', target);
END $$;
