-- Exact work-order counts kept current by triggers, so list totals and the
-- dashboard add up a few thousand counters instead of recounting every work
-- order on every request. One row per combination of what those readers
-- filter on; rows that drop to zero stay (a later change reuses them).
CREATE TABLE work_order_counts (
    status         varchar(20) NOT NULL,
    scheduled_date date,
    unassigned     boolean     NOT NULL,
    completed_on   date,  -- UTC date of completed_at
    n              bigint      NOT NULL,
    CONSTRAINT work_order_counts_key UNIQUE NULLS NOT DISTINCT (status, scheduled_date, unassigned, completed_on)
);

-- Inserts and deletes: one pass per statement over its transition table, so
-- a bulk load of 200,000 rows writes each counter once. Keys are written in
-- one order (ORDER BY), so two single-statement writers never deadlock.
CREATE FUNCTION work_order_counts_after_statement() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE FUNCTION work_order_counts_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE FUNCTION work_order_counts_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE work_order_counts;
    RETURN NULL;
END $$;

-- Count what is there, then keep counting; nothing may change in between.
LOCK TABLE work_orders IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO work_order_counts (status, scheduled_date, unassigned, completed_on, n)
SELECT status, scheduled_date, assigned_technician_id IS NULL, (completed_at AT TIME ZONE 'UTC')::date, count(*)
FROM work_orders GROUP BY 1, 2, 3, 4;

CREATE TRIGGER work_order_counts_insert AFTER INSERT ON work_orders
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION work_order_counts_after_statement();
CREATE TRIGGER work_order_counts_delete AFTER DELETE ON work_orders
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION work_order_counts_after_statement();
CREATE TRIGGER work_order_counts_update AFTER UPDATE ON work_orders FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status
          OR OLD.scheduled_date IS DISTINCT FROM NEW.scheduled_date
          OR (OLD.assigned_technician_id IS NULL) <> (NEW.assigned_technician_id IS NULL)
          OR (OLD.completed_at AT TIME ZONE 'UTC')::date IS DISTINCT FROM (NEW.completed_at AT TIME ZONE 'UTC')::date)
    EXECUTE FUNCTION work_order_counts_after_update();
CREATE TRIGGER work_order_counts_truncate AFTER TRUNCATE ON work_orders
    FOR EACH STATEMENT EXECUTE FUNCTION work_order_counts_after_truncate();
