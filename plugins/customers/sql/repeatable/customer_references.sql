-- What still references a customer, as (what, how_many) rows, so a refused
-- delete can say what to remove first: a hook (the core's hooks.sql) that
-- plugins referencing customers register into. Customers reference nothing
-- of their own.
CREATE OR REPLACE FUNCTION customers_own_references(customer_id integer) RETURNS TABLE (what text, how_many bigint)
    LANGUAGE sql STABLE
    AS $$ SELECT NULL::text, NULL::bigint WHERE false $$;
CALL crm_declare_hook('customer_references', 'all', 'customers_own_references(integer)');
