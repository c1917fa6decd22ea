-- Demo customers for scripts/run: 300 septic, plumbing and HVAC clients
-- across five regions. Deterministic: every value follows from the row number.
-- Loads only into an empty table, so scripts/run may run it every time.
INSERT INTO customers (name, email, phone, address, city, state, zip_code, region, notes)
SELECT
    (ARRAY['Harbor', 'Summit', 'Maple', 'Riverside', 'Oak Hill', 'Pioneer', 'Cedar', 'Granite', 'Lakeside', 'Willow'])[1 + i % 10]
        || ' ' ||
    (ARRAY['Family Residence', 'Dental Clinic', 'Bakery', 'Apartments', 'Auto Repair', 'Hardware', 'Cafe', 'Farm', 'School', 'Motel'])[1 + (i / 10) % 10]
        || CASE WHEN i >= 100 THEN ' ' || (i / 100 + 1)::text ELSE '' END,
    CASE WHEN i % 7 = 0 THEN NULL ELSE 'customer' || i || '@example.com' END,
    '555-' || lpad((1000 + i * 37 % 9000)::text, 4, '0'),
    (100 + i * 13 % 9900)::text || ' ' || (ARRAY['Main St', 'Oak Ave', 'Lake Rd', 'Hill Dr', 'River Ln'])[1 + i % 5],
    (ARRAY['Springfield', 'Riverton', 'Fairview', 'Greenville', 'Madison'])[1 + i % 5],
    (ARRAY['OR', 'WA', 'ID', 'MT', 'CA'])[1 + i % 5],
    lpad((97000 + i * 7 % 999)::text, 5, '0'),
    (ARRAY['North', 'South', 'East', 'West', 'Central'])[1 + i % 5],
    CASE WHEN i % 4 = 0 THEN 'Gate code ' || (1000 + i)::text ELSE NULL END
FROM generate_series(0, 299) AS i
WHERE NOT EXISTS (SELECT 1 FROM customers);
