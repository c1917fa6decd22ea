-- Hooks (migration 0008): a function of one owner that other plugins
-- extend by registering, never by replacing it. 'all' hooks return a
-- table: the rows of the owner's fallback and of every registered
-- function, for example customer_references (what still references a
-- customer). 'one' hooks have one implementation: the single registered
-- function, else the owner's fallback, for example user_technician_id. Every
-- function of a hook takes the hook's parameters and returns its type. The
-- hook function is rebuilt from the rows on each declaration and
-- registration: a plain SQL call the planner can inline, no dynamic SQL.

-- The SQL file running now belongs to this owner (set by MigrationRunner).
CREATE OR REPLACE FUNCTION crm_sql_owner() RETURNS text
    LANGUAGE sql STABLE
    RETURN coalesce(nullif(current_setting('crm.sql_owner', true), ''), 'an operator''s SQL');

CREATE OR REPLACE PROCEDURE crm_build_hook(hook_name text) LANGUAGE plpgsql AS $$
DECLARE
    point sql_hook_points;
    parts regprocedure[];
    arguments text;
    body text;
    volatility text;
    parallel text;
BEGIN
    SELECT * INTO STRICT point FROM sql_hook_points WHERE hook = hook_name;
    IF point.combine = 'one' THEN
        parts := ARRAY[coalesce((SELECT h.function FROM sql_hooks h WHERE h.hook = hook_name), point.fallback)::regprocedure];
    ELSE
        parts := ARRAY[point.fallback::regprocedure]
                 || ARRAY(SELECT h.function::regprocedure FROM sql_hooks h WHERE h.hook = hook_name ORDER BY h.name);
    END IF;
    -- $1, $2, ...: a parameter's name could also be a column's.
    arguments := (SELECT string_agg('$' || n, ', ' ORDER BY n)
                  FROM generate_series(1, (SELECT pronargs FROM pg_proc WHERE oid = parts[1])) n);
    IF point.combine = 'one' THEN
        body := format('SELECT %s(%s)', parts[1]::oid::regproc, coalesce(arguments, ''));
    ELSE
        body := (SELECT string_agg(format('SELECT * FROM %s(%s)', part::oid::regproc, coalesce(arguments, '')),
                                   ' UNION ALL ' ORDER BY position)
                 FROM unnest(parts) WITH ORDINALITY AS u (part, position));
    END IF;
    -- As volatile and as parallel-unsafe as the least safe part.
    SELECT CASE max(CASE p.provolatile WHEN 'i' THEN 1 WHEN 's' THEN 2 ELSE 3 END)
                WHEN 1 THEN 'IMMUTABLE' WHEN 2 THEN 'STABLE' ELSE 'VOLATILE' END,
           CASE max(CASE p.proparallel WHEN 's' THEN 1 WHEN 'r' THEN 2 ELSE 3 END)
                WHEN 1 THEN 'SAFE' WHEN 2 THEN 'RESTRICTED' ELSE 'UNSAFE' END
        INTO volatility, parallel
    FROM pg_proc p WHERE p.oid = ANY (parts);
    EXECUTE format('CREATE OR REPLACE FUNCTION %I(%s) RETURNS %s LANGUAGE sql %s PARALLEL %s AS %L',
                   hook_name, pg_get_function_arguments(parts[1]), pg_get_function_result(parts[1]),
                   volatility, parallel, body);
END $$;

-- Makes `hook_name` a hook of the running file's owner, built from
-- `hook_fallback` (its parameters and result are the hook's) and the
-- registrations. A hook of another owner by that name stops the migration.
CREATE OR REPLACE PROCEDURE crm_declare_hook(hook_name text, hook_combine text, hook_fallback regprocedure) LANGUAGE plpgsql AS $$
DECLARE
    declared_by text := (SELECT owner FROM sql_hook_points WHERE hook = hook_name);
BEGIN
    IF declared_by IS DISTINCT FROM crm_sql_owner() AND declared_by IS NOT NULL THEN
        RAISE EXCEPTION 'hook %: declared by % and again by %', hook_name, declared_by, crm_sql_owner()
            USING HINT = 'a hook has one owner; the other plugin registers into it with crm_register_hook';
    END IF;
    INSERT INTO sql_hook_points (hook, owner, combine, fallback) VALUES (hook_name, crm_sql_owner(), hook_combine, hook_fallback::text)
    ON CONFLICT (hook) DO UPDATE SET combine = excluded.combine, fallback = excluded.fallback;
    CALL crm_build_hook(hook_name);
END $$;

-- Adds `entry_function` to the hook, as the running file's owner: under `entry_name`
-- for an 'all' hook, as its implementation for a 'one' hook. The same name
-- registered by another plugin (for a 'one' hook: any registration by
-- another plugin) stops the migration, naming both.
CREATE OR REPLACE PROCEDURE crm_register_hook(hook_name text, entry_name text, entry_function regprocedure) LANGUAGE plpgsql AS $$
DECLARE
    point sql_hook_points := (SELECT p FROM sql_hook_points p WHERE p.hook = hook_name);
    rival sql_hooks;
BEGIN
    IF point IS NULL THEN
        RAISE EXCEPTION 'hook %: % registers into it, and no one declares it', hook_name, crm_sql_owner()
            USING HINT = 'the plugin that declares it must be in the requires of the plugin that registers';
    END IF;
    SELECT * INTO rival FROM sql_hooks h
    WHERE h.hook = hook_name AND h.contributor <> crm_sql_owner()
      AND (h.name = entry_name OR point.combine = 'one');
    IF FOUND THEN
        RAISE EXCEPTION 'hook %: "%" is registered by % and again by %', hook_name, rival.name, rival.contributor,
            crm_sql_owner() USING HINT = 'one of the two plugins must go, or register under another name';
    END IF;
    IF pg_get_function_arguments(entry_function) <> pg_get_function_arguments(point.fallback::regprocedure)
       OR pg_get_function_result(entry_function) <> pg_get_function_result(point.fallback::regprocedure) THEN
        RAISE EXCEPTION 'hook %: % takes (%) and returns %, the hook (%) and %', hook_name, entry_function,
            pg_get_function_arguments(entry_function), pg_get_function_result(entry_function),
            pg_get_function_arguments(point.fallback::regprocedure), pg_get_function_result(point.fallback::regprocedure);
    END IF;
    DELETE FROM sql_hooks h WHERE h.hook = hook_name AND h.contributor = crm_sql_owner() AND point.combine = 'one';
    INSERT INTO sql_hooks (hook, name, contributor, function)
    VALUES (hook_name, entry_name, crm_sql_owner(), entry_function::text)
    ON CONFLICT (hook, name) DO UPDATE SET function = excluded.function;
    CALL crm_build_hook(hook_name);
END $$;
