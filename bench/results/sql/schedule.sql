WITH matched AS NOT MATERIALIZED (
        SELECT w, w.id, w.scheduled_date, w.scheduled_time FROM work_orders w
        WHERE w.scheduled_date BETWEEN '2026-09-15'::date AND '2026-09-15'::date
          AND (NULL::integer IS NULL OR w.assigned_technician_id = NULL)
          AND ('false'::boolean IS TRUE OR w.status <> 'cancelled'))
    SELECT (SELECT '[' || coalesce(string_agg(work_order_text(page.w, c, t), ', '
                                              ORDER BY page.scheduled_date, page.scheduled_time NULLS LAST, page.id),
                                   '') || ']'
            FROM (SELECT * FROM matched ORDER BY scheduled_date, scheduled_time NULLS LAST, id LIMIT '200' OFFSET '0') page
            JOIN customers c ON c.id = (page.w).customer_id
            LEFT JOIN technicians t ON t.id = (page.w).assigned_technician_id),
           CASE WHEN NULL::integer IS NULL
                THEN (SELECT coalesce(sum(k.n), 0)::bigint FROM work_order_counts k
                      WHERE k.scheduled_date BETWEEN '2026-09-15'::date AND '2026-09-15'::date
                        AND ('false'::boolean IS TRUE OR k.status <> 'cancelled'))
                ELSE (SELECT count(*) FROM matched) END,
           NULL::integer IS NULL OR EXISTS (SELECT 1 FROM technicians WHERE id = NULL);
