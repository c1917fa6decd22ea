SELECT is_active, floor(extract(epoch FROM tokens_valid_after))::bigint FROM users WHERE id = '1';
WITH matched AS MATERIALIZED (
            SELECT * FROM customers c
            WHERE ('%Harbor%'::text IS NULL
                   OR c.name ILIKE '%Harbor%' ESCAPE '\' OR c.email ILIKE '%Harbor%' ESCAPE '\' OR c.phone ILIKE '%Harbor%' ESCAPE '\')
              AND (NULL::text IS NULL OR c.region = NULL)
              AND (NULL::text IS NULL OR c.city = NULL)
              AND (NULL::text IS NULL OR c.state = NULL))
        SELECT coalesce((SELECT json_agg(customer_json(p) ORDER BY name, id)
                         FROM (SELECT * FROM matched ORDER BY name, id LIMIT '50' OFFSET '0') p), '[]')::text,
               (SELECT count(*) FROM matched);
