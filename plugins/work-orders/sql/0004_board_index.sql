-- The schedule board's order (date, time with nulls last, id), with what its
-- filters read: a page of one day is the first entries of one index range,
-- read without visiting the table. It also serves every lookup by date the
-- single-column index did.
CREATE INDEX idx_work_orders_board ON work_orders (scheduled_date, scheduled_time NULLS LAST, id)
    INCLUDE (status, assigned_technician_id);
DROP INDEX idx_work_orders_scheduled_date;
