-- One index for what two did: (technician, date) answers a technician's
-- days as one range and, by its prefix, every lookup by technician (and the
-- unassigned ones); the board index answers lookups by date. One index
-- fewer to write on every update that moves a work order.
CREATE INDEX idx_work_orders_technician_date ON work_orders (assigned_technician_id, scheduled_date);
DROP INDEX idx_work_orders_composite;
DROP INDEX idx_work_orders_technician;
