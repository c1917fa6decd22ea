-- A customer with work orders cannot be deleted; say how many it has (the
-- customers plugin's hook customer_references).
CREATE OR REPLACE FUNCTION work_orders_customer_references(customer_id integer) RETURNS TABLE (what text, how_many bigint)
    LANGUAGE sql STABLE
    AS $$ SELECT CASE WHEN count(*) = 1 THEN 'work order' ELSE 'work orders' END, count(*)
          FROM work_orders w WHERE w.customer_id = work_orders_customer_references.customer_id $$;
CALL crm_register_hook('customer_references', 'work orders', 'work_orders_customer_references(integer)');
