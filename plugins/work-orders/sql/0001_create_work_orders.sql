CREATE TABLE work_orders (
    id                     serial PRIMARY KEY,
    customer_id            integer     NOT NULL REFERENCES customers (id),
    assigned_technician_id integer     REFERENCES technicians (id),
    status                 varchar(20) NOT NULL DEFAULT 'pending'
                           CHECK (status IN ('pending', 'scheduled', 'in_progress', 'completed', 'cancelled')),
    priority               integer     NOT NULL DEFAULT 3 CHECK (priority BETWEEN 1 AND 5),
    scheduled_date         date,
    scheduled_time         time,
    description            text,
    notes                  text,
    estimated_duration     integer     CHECK (estimated_duration BETWEEN 1 AND 1440),
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    completed_at           timestamptz,
    CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);
CREATE INDEX idx_work_orders_scheduled_date ON work_orders (scheduled_date);
CREATE INDEX idx_work_orders_technician ON work_orders (assigned_technician_id);
CREATE INDEX idx_work_orders_status ON work_orders (status);
CREATE INDEX idx_work_orders_composite ON work_orders (scheduled_date, assigned_technician_id, status);
CREATE INDEX idx_work_orders_customer ON work_orders (customer_id);
CREATE INDEX idx_work_orders_created_at ON work_orders (created_at);

-- The WorkOrder object of the contract, with its customer and technician
-- embedded; callers join them in the same statement.
CREATE FUNCTION work_order_json(w work_orders, c customers, t technicians) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN json_build_object(
        'id', w.id, 'customer_id', w.customer_id, 'assigned_technician_id', w.assigned_technician_id,
        'status', w.status, 'priority', w.priority, 'scheduled_date', w.scheduled_date,
        'scheduled_time', to_char(w.scheduled_time, 'HH24:MI:SS'), 'description', w.description,
        'notes', w.notes, 'estimated_duration', w.estimated_duration,
        'created_at', crm_timestamp(w.created_at), 'updated_at', crm_timestamp(w.updated_at),
        'completed_at', crm_timestamp(w.completed_at),
        'customer', customer_json(c),
        'technician', CASE WHEN t.id IS NULL THEN NULL ELSE technician_json(t) END);

-- A customer with work orders cannot be deleted; say how many it has.
CREATE OR REPLACE FUNCTION customer_references(customer_id integer) RETURNS TABLE (what text, how_many bigint)
    LANGUAGE sql STABLE
    AS $$ SELECT CASE WHEN count(*) = 1 THEN 'work order' ELSE 'work orders' END, count(*)
          FROM work_orders w WHERE w.customer_id = customer_references.customer_id $$;

-- A page of work orders as a JSON array, in the order of `ids`: list
-- statements pick and order the ids (with their filters and LIMIT), this
-- embeds customers and technicians in one join. Shared with the schedule plugin.
CREATE FUNCTION work_orders_json(ids integer[]) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
        SELECT coalesce(json_agg(work_order_json(w, c, t) ORDER BY page.position), '[]')
        FROM unnest(ids) WITH ORDINALITY AS page (id, position)
        JOIN work_orders w ON w.id = page.id
        JOIN customers c ON c.id = w.customer_id
        LEFT JOIN technicians t ON t.id = w.assigned_technician_id
    $$;
