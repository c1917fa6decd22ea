WITH matched AS MATERIALIZED (
            SELECT s.id, s.name, s.created_at FROM customer_search s
            WHERE (s.name ILIKE '%Harbor%'::text ESCAPE '\' OR s.email ILIKE '%Harbor%'::text ESCAPE '\' OR s.phone ILIKE '%Harbor%'::text ESCAPE '\')
              AND (NULL::text IS NULL OR s.region = NULL)
              AND (NULL::text IS NULL OR s.city = NULL)
              AND (NULL::text IS NULL OR s.state = NULL))
        SELECT coalesce((SELECT json_agg(customer_json(p) ORDER BY name, id)
                         FROM (SELECT c.* FROM (SELECT id FROM matched ORDER BY name, id LIMIT '50' OFFSET '0') page
                               JOIN customers c USING (id)) p), '[]')::text,
               (SELECT count(*) FROM matched);
