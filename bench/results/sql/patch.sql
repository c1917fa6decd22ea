\set id random(1, 200000)
WITH input AS (SELECT '{"assigned_technician_id": 7}'::jsonb AS b, 'false'::boolean AS replace), updated AS (UPDATE work_orders w SET 
            customer_id = CASE WHEN b ? 'customer_id' THEN (b->>'customer_id')::integer ELSE w.customer_id END,
            assigned_technician_id = CASE WHEN replace OR b ? 'assigned_technician_id'
                                          THEN (b->>'assigned_technician_id')::integer ELSE w.assigned_technician_id END,
            status = CASE WHEN replace OR b ? 'status' THEN coalesce(b->>'status', 'pending') ELSE w.status END,
            priority = CASE WHEN replace OR b ? 'priority' THEN coalesce((b->>'priority')::integer, 3) ELSE w.priority END,
            scheduled_date = CASE WHEN replace OR b ? 'scheduled_date' THEN (b->>'scheduled_date')::date ELSE w.scheduled_date END,
            scheduled_time = CASE WHEN replace OR b ? 'scheduled_time' THEN (b->>'scheduled_time')::time ELSE w.scheduled_time END,
            description = CASE WHEN replace OR b ? 'description' THEN b->>'description' ELSE w.description END,
            notes = CASE WHEN replace OR b ? 'notes' THEN b->>'notes' ELSE w.notes END,
            estimated_duration = CASE WHEN replace OR b ? 'estimated_duration'
                                      THEN (b->>'estimated_duration')::integer ELSE w.estimated_duration END,
            completed_at = CASE
                WHEN NOT (replace OR b ? 'status') THEN w.completed_at
                WHEN coalesce(b->>'status', 'pending') <> 'completed' THEN NULL
                WHEN w.status = 'completed' THEN w.completed_at
                ELSE now() END,
            updated_at = now() FROM input WHERE w.id = :id AND (NULL::text IS NULL OR crm_etag(w.updated_at) = NULL)
          AND (NULL::integer IS NULL OR w.assigned_technician_id = user_technician_id(NULL)) AND (NOT (b ? 'customer_id') OR EXISTS (SELECT 1 FROM customers WHERE id = (b->>'customer_id')::integer)) AND (coalesce(jsonb_typeof(b->'assigned_technician_id'), 'null') = 'null' OR EXISTS (SELECT 1 FROM technicians WHERE id = (b->>'assigned_technician_id')::integer AND is_active)) RETURNING w.*) SELECT work_order_text(r, c, t), crm_etag(r.updated_at) FROM updated r JOIN customers c ON c.id = r.customer_id LEFT JOIN technicians t ON t.id = r.assigned_technician_id;
