SELECT is_active, floor(extract(epoch FROM tokens_valid_after))::bigint FROM users WHERE id = '1';
WITH matched AS NOT MATERIALIZED (
        SELECT id, scheduled_date, scheduled_time FROM work_orders w
        WHERE w.scheduled_date BETWEEN '2026-09-15'::date AND '2026-09-15'::date
          AND (NULL::integer IS NULL OR w.assigned_technician_id = NULL)
          AND ('false'::boolean IS TRUE OR w.status <> 'cancelled'))
    SELECT work_orders_text(ARRAY(SELECT id FROM matched
                                  ORDER BY scheduled_date, scheduled_time NULLS LAST, id
                                  LIMIT '200' OFFSET '0')),
           CASE WHEN NULL::integer IS NULL
                THEN (SELECT coalesce(sum(k.n), 0)::bigint FROM work_order_counts k
                      WHERE k.scheduled_date BETWEEN '2026-09-15'::date AND '2026-09-15'::date
                        AND ('false'::boolean IS TRUE OR k.status <> 'cancelled'))
                ELSE (SELECT count(*) FROM matched) END,
           NULL::integer IS NULL OR EXISTS (SELECT 1 FROM technicians WHERE id = NULL);
