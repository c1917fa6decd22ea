WITH matched AS NOT MATERIALIZED (
            SELECT * FROM work_orders w
            WHERE (NULL::text IS NULL OR w.status = ANY (string_to_array(NULL, ',')))
              AND (NULL::integer IS NULL OR w.customer_id = NULL)
              AND (NULL::integer IS NULL OR w.assigned_technician_id = NULL)
              AND (NULL::boolean IS NOT TRUE OR w.assigned_technician_id IS NULL)
              AND (NULL::integer IS NULL OR w.priority = NULL)
              AND (NULL::date IS NULL OR w.scheduled_date >= NULL)
              AND (NULL::date IS NULL OR w.scheduled_date <= NULL)
              AND (NULL::text IS NULL OR w.description ILIKE NULL ESCAPE '\')),
        page AS (
            SELECT ARRAY(SELECT p.id FROM matched p  ORDER BY p.created_at DESC, p.id DESC LIMIT '50' + 1 OFFSET '4950') AS ids)
        SELECT work_orders_text((SELECT ids[1:'50'] FROM page)),
               CASE WHEN NULL::integer IS NULL AND NULL::integer IS NULL AND NULL::integer IS NULL AND NULL::text IS NULL
                    THEN (SELECT coalesce(sum(k.n), 0)::bigint FROM work_order_counts k
                          WHERE (NULL::text IS NULL OR k.status = ANY (string_to_array(NULL, ',')))
                            AND (NULL::boolean IS NOT TRUE OR k.unassigned)
                            AND (NULL::date IS NULL OR k.scheduled_date >= NULL)
                            AND (NULL::date IS NULL OR k.scheduled_date <= NULL))
                    ELSE (SELECT count(*) FROM matched) END,
               NULL::integer IS NULL OR EXISTS (SELECT 1 FROM customers WHERE id = NULL),
               (SELECT (extract(epoch FROM p.created_at) * 1000000)::bigint || ',' || p.id FROM work_orders p, page
                WHERE cardinality(page.ids) > '50' AND p.id = page.ids['50']);
