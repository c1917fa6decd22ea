-- The triggers of migration 0002 that keep work_order_counts exact.

-- Inserts and deletes: one pass per statement over its transition table, so
-- a bulk load of 200,000 rows writes each counter once. Keys are written in
-- one order (ORDER BY), so two single-statement writers never deadlock.
CREATE OR REPLACE FUNCTION work_order_counts_after_statement() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    delta integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
    -- Both triggers name their transition table changed_rows.
    INSERT INTO work_order_counts AS c (status, scheduled_date, unassigned, completed_on, n)
    SELECT status, scheduled_date, assigned_technician_id IS NULL, (completed_at AT TIME ZONE 'UTC')::date,
           count(*) * delta
    FROM changed_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT ON CONSTRAINT work_order_counts_key DO UPDATE SET n = c.n + excluded.n;
    RETURN NULL;
END $$;

-- Updates: per row, and only when the row moves to another counter (the trigger's
-- WHEN), so reassigning between technicians or editing notes costs nothing.
-- Old and new keys differ, and are written in key order.
CREATE OR REPLACE FUNCTION work_order_counts_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO work_order_counts AS c (status, scheduled_date, unassigned, completed_on, n)
    SELECT * FROM (VALUES
        (OLD.status, OLD.scheduled_date, OLD.assigned_technician_id IS NULL,
         (OLD.completed_at AT TIME ZONE 'UTC')::date, -1::bigint),
        (NEW.status, NEW.scheduled_date, NEW.assigned_technician_id IS NULL,
         (NEW.completed_at AT TIME ZONE 'UTC')::date, 1::bigint)) AS k
    ORDER BY 1, 2, 3, 4
    ON CONFLICT ON CONSTRAINT work_order_counts_key DO UPDATE SET n = c.n + excluded.n;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION work_order_counts_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE work_order_counts;
    RETURN NULL;
END $$;
