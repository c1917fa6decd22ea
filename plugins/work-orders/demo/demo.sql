-- Demo work orders for scripts/run: about 420 jobs from two weeks ago to
-- four weeks ahead, ten a day, so the schedule board has something real.
-- Past jobs are mostly completed, upcoming ones scheduled or pending, and
-- some have no technician yet. Loads only into an empty table.
WITH days AS (
    SELECT d, (crm_today() + d) AS day FROM generate_series(-14, 27) AS d),
jobs AS (
    SELECT d, day, n, (d + 14) * 10 + n AS k FROM days, generate_series(0, 9) AS n),
crew AS (
    SELECT array_agg(id ORDER BY id) AS ids FROM technicians WHERE is_active),
clients AS (
    SELECT array_agg(id ORDER BY id) AS ids FROM customers)
INSERT INTO work_orders (customer_id, assigned_technician_id, status, priority, scheduled_date, scheduled_time,
                         description, notes, estimated_duration, created_at, completed_at)
SELECT clients.ids[1 + (k * 7) % cardinality(clients.ids)],
       CASE WHEN k % 6 = 0 THEN NULL ELSE crew.ids[1 + k % cardinality(crew.ids)] END,
       status,
       1 + k % 5,
       day,
       make_time(7 + n, (k % 4) * 15, 0),
       (ARRAY['Pump septic tank', 'Inspect drain field', 'Repair water heater', 'Clear main line clog',
              'Replace furnace filter', 'AC tune-up', 'Install sump pump', 'Camera sewer inspection'])[1 + k % 8],
       CASE WHEN k % 5 = 0 THEN 'Call ahead; gate code at the office' END,
       30 + (k % 6) * 30,
       least((day - 10)::timestamp AT TIME ZONE 'UTC', now()),
       CASE WHEN status = 'completed' THEN (day + make_time(9 + n, 30, 0)) AT TIME ZONE 'UTC' END
FROM jobs, crew, clients,
     LATERAL (SELECT CASE
         WHEN d < 0 AND k % 6 = 0 THEN 'cancelled'
         WHEN d < 0 AND k % 9 = 1 THEN 'in_progress'
         WHEN d < 0 THEN 'completed'
         WHEN d = 0 AND n < 4 THEN 'in_progress'
         WHEN k % 6 = 0 THEN 'pending'
         ELSE 'scheduled' END AS status) AS s
WHERE NOT EXISTS (SELECT 1 FROM work_orders);
