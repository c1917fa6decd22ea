-- The Customer object of the contract; other plugins embed it. Its JSON is
-- rendered when the row is written (migration 0003, crm_keep_rendered),
-- not on every read: lists, and every work order that embeds the customer,
-- use it as it is.
CREATE OR REPLACE FUNCTION customer_render(c customers) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN json_build_object(
        'id', c.id, 'name', c.name, 'email', c.email, 'phone', c.phone,
        'address', c.address, 'city', c.city, 'state', c.state, 'zip_code', c.zip_code,
        'region', c.region, 'notes', c.notes,
        'created_at', crm_timestamp(c.created_at), 'updated_at', crm_timestamp(c.updated_at));

CREATE OR REPLACE FUNCTION customer_json(c customers) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN c.rendered;
