-- Grows the peers' 1x data set (../shared/peers/fastapi/seed.sql, loaded
-- first) to :factor times its customers and work orders, deterministically:
-- copy k of a row gets the id k * (rows at 1x) + its own, its customer's id
-- shifted the same way, and the name, e-mail and description that follow
-- from its new id. Every customer still has exactly ten work orders; the
-- technicians, the admin and the days worked stay as they are, so a day's
-- schedule grows with the company. Works on crm-server's schema and on the
-- peers' alike (only columns both have). psql -v factor=10 -f scale_up.sql
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE base AS
SELECT (SELECT max(id) FROM customers) AS customers, (SELECT max(id) FROM work_orders) AS work_orders;

INSERT INTO customers (id, name, email, phone, address, city, state, zip_code, region, notes, created_at, updated_at)
SELECT c.id + k * b.customers,
       regexp_replace(c.name, '[0-9]+$', lpad((c.id + k * b.customers)::text, 7, '0')),
       'customer' || (c.id + k * b.customers) || '@example.com',
       c.phone, c.address, c.city, c.state, c.zip_code, c.region, c.notes,
       c.created_at + k * interval '1 second', c.updated_at + k * interval '1 second'
FROM customers c, base b, generate_series(1, :factor - 1) AS k
WHERE c.id <= b.customers
ORDER BY k, c.id;

INSERT INTO work_orders (id, customer_id, assigned_technician_id, status, priority, scheduled_date, scheduled_time,
                         description, notes, estimated_duration, created_at, updated_at, completed_at)
SELECT w.id + k * b.work_orders, w.customer_id + k * b.customers, w.assigned_technician_id, w.status, w.priority,
       w.scheduled_date, w.scheduled_time,
       regexp_replace(w.description, '#[0-9]+$', '#' || (w.customer_id + k * b.customers)),
       w.notes, w.estimated_duration,
       w.created_at + k * interval '1 second', w.updated_at + k * interval '1 second', w.completed_at
FROM work_orders w, base b, generate_series(1, :factor - 1) AS k
WHERE w.id <= b.work_orders
ORDER BY k, w.id;

SELECT setval('customers_id_seq', (SELECT max(id) FROM customers)),
       setval('work_orders_id_seq', (SELECT max(id) FROM work_orders)) \g /dev/null
COMMIT;
