-- A customer's JSON is rendered when the row is written (crm_keep_rendered),
-- not on every read: lists, and every work order that embeds the customer,
-- use it as it is. The builder keeps its body under a new name.
ALTER FUNCTION customer_json(customers) RENAME TO customer_render;
CALL crm_keep_rendered('customers', 'customer_render');
CREATE FUNCTION customer_json(c customers) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN c.rendered;
