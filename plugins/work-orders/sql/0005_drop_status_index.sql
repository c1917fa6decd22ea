-- Five statuses make this index a few hot leaf pages that every write
-- moving a work order (a new row version is indexed everywhere) has to lock:
-- dropping it made PATCH a quarter faster. No query needs it: totals by
-- status come from work_order_counts, and pages walk created_at or the
-- board index.
DROP INDEX idx_work_orders_status;
