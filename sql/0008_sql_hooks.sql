-- Functions that other plugins extend (hooks), and who extends them: the
-- owner declares the function (crm_declare_hook), each contributor
-- registers itself from its own SQL (crm_register_hook), and the function
-- is rebuilt from these rows, so no plugin replaces another's function.
-- Functions are named as text, not regprocedure: pg_upgrade refuses tables
-- with reg* columns.
CREATE TABLE sql_hook_points (
    hook     text PRIMARY KEY,  -- the function callers call
    owner    text NOT NULL,     -- core or the plugin id that declared it
    combine  text NOT NULL CHECK (combine IN ('one', 'all')),
    fallback text NOT NULL      -- 'one': answers while no one is registered; 'all': the owner's own rows
);

CREATE TABLE sql_hooks (
    hook        text NOT NULL REFERENCES sql_hook_points (hook),
    name        text NOT NULL,  -- what the contribution is, unique in its hook
    contributor text NOT NULL,  -- core or the plugin id that registered it
    function    text NOT NULL,
    PRIMARY KEY (hook, name)
);
