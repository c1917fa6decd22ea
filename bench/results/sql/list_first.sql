WITH filters AS (SELECT NULL::text, NULL::integer, NULL::integer, NULL::boolean, NULL::integer, NULL::date, NULL::date, NULL::text,
                                '0'::integer),
        matched AS NOT MATERIALIZED (SELECT w AS whole, w.* FROM work_orders w WHERE true),
        page AS (SELECT ARRAY(SELECT p.id FROM matched p  ORDER BY p.created_at DESC, p.id DESC LIMIT '50' + 1 OFFSET '0') AS ids)
        SELECT work_orders_text((SELECT ids[1:'50'] FROM page)), (SELECT coalesce(sum(k.n), 0)::bigint FROM work_order_counts k WHERE true), true,
               (SELECT (extract(epoch FROM p.created_at) * 1000000)::bigint || ',' || p.id FROM work_orders p, page
                WHERE cardinality(page.ids) > '50' AND p.id = page.ids['50']);
