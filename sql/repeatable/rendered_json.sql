-- Rendered JSON: a table whose rows are read far more often than written
-- keeps each row's JSON in a `rendered` column, filled from render(row) by a
-- BEFORE trigger on every insert and update, so reads splice it instead of
-- rebuilding it. This gives `target` that column and trigger and renders
-- the rows already there. `render` is a function taking the row. Migrations
-- call it once per table (it adds the column); the trigger keeps the body
-- render had then, so a change of render's body needs a migration that
-- recreates the trigger function and re-renders the rows.
--
-- When render has a SQL-standard body (RETURN expression), the trigger
-- evaluates that expression itself: PL/pgSQL calling a SQL function sets the
-- function up again on every row, which made each PATCH 9 % slower.
CREATE OR REPLACE PROCEDURE crm_keep_rendered(target regclass, render regproc) LANGUAGE plpgsql AS $$
DECLARE
    base text := (SELECT relname FROM pg_class WHERE oid = target);
    param text := (SELECT proargnames[1] FROM pg_proc WHERE oid = render);
    body text := pg_get_function_sqlbody(render);
    trigger_body text := format('BEGIN NEW.rendered := %s(NEW); RETURN NEW; END', render);
BEGIN
    IF body LIKE 'RETURN %' AND param IS NOT NULL THEN
        trigger_body := format('DECLARE %I %s; BEGIN %I := NEW; NEW.rendered := %s; RETURN NEW; END',
                               param, target, param, substr(body, length('RETURN ') + 1));
    END IF;
    EXECUTE format('ALTER TABLE %s ADD COLUMN rendered json', target);
    EXECUTE format('CREATE FUNCTION %I() RETURNS trigger LANGUAGE plpgsql AS %L', base || '_render_row', trigger_body);
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION %I()',
                   base || '_render', target, base || '_render_row');
    EXECUTE format('UPDATE %s SET rendered = NULL', target);  -- the trigger renders each row
    EXECUTE format('ALTER TABLE %s ALTER COLUMN rendered SET NOT NULL', target);
END $$;
