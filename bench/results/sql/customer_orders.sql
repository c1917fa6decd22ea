WITH filters AS (SELECT NULL::text, '4242'::integer, NULL::integer, NULL::boolean, NULL::integer, NULL::date, NULL::date, NULL::text,
                                '0'::integer),
        matched AS NOT MATERIALIZED (SELECT w AS whole, w.* FROM work_orders w WHERE true AND w.customer_id = '4242'),
        page AS (SELECT p.whole, row_number() OVER (ORDER BY p.created_at DESC, p.id DESC) AS position, (extract(epoch FROM p.created_at) * 1000000)::bigint || ',' || p.id AS key FROM matched p  ORDER BY p.created_at DESC, p.id DESC LIMIT '50' + 1)
        SELECT (SELECT '[' || coalesce(string_agg(work_order_text(page.whole, c, t), ', ' ORDER BY page.position), '') || ']'
                FROM page
                JOIN customers c ON c.id = (page.whole).customer_id
                LEFT JOIN technicians t ON t.id = (page.whole).assigned_technician_id
                WHERE page.position <= '50'), (SELECT count(*) FROM matched), EXISTS (SELECT 1 FROM customers WHERE id = '4242'),
               (SELECT key FROM page WHERE position = '50' AND (SELECT count(*) FROM page) > '50');
