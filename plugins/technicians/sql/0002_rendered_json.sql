-- A technician's JSON is rendered when the row is written
-- (crm_keep_rendered), not on every read: lists, and every work order that
-- embeds the technician, use it as it is. The builder keeps its body under a
-- new name.
ALTER FUNCTION technician_json(technicians) RENAME TO technician_render;
CALL crm_keep_rendered('technicians', 'technician_render');
CREATE FUNCTION technician_json(t technicians) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN t.rendered;
