-- The Technician object of the contract; work orders embed it. Its JSON is
-- rendered when the row is written (migration 0002, crm_keep_rendered),
-- not on every read.
CREATE OR REPLACE FUNCTION technician_render(t technicians) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN json_build_object(
        'id', t.id, 'user_id', t.user_id, 'name', t.name, 'email', t.email, 'phone', t.phone,
        'skills', to_json(t.skills), 'is_active', t.is_active, 'color', t.color,
        'created_at', crm_timestamp(t.created_at), 'updated_at', crm_timestamp(t.updated_at));

CREATE OR REPLACE FUNCTION technician_json(t technicians) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN t.rendered;
