WITH filters AS (SELECT NULL::text, '4242'::integer, NULL::integer, NULL::boolean, NULL::integer, NULL::date, NULL::date, NULL::text),
        matched AS NOT MATERIALIZED (SELECT * FROM work_orders w WHERE true AND w.customer_id = '4242'),
        page AS (
            SELECT ARRAY(SELECT p.id FROM matched p  ORDER BY p.created_at DESC, p.id DESC LIMIT '50' + 1 OFFSET '0') AS ids)
        SELECT work_orders_text((SELECT ids[1:'50'] FROM page)), (SELECT count(*) FROM matched), EXISTS (SELECT 1 FROM customers WHERE id = '4242'),
               (SELECT (extract(epoch FROM p.created_at) * 1000000)::bigint || ',' || p.id FROM work_orders p, page
                WHERE cardinality(page.ids) > '50' AND p.id = page.ids['50']);
