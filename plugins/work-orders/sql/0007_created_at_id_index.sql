-- The list's default order is created_at DESC, id DESC, and a keyset page
-- continues from (created_at, id): rows made by one statement share their
-- created_at, so without id in the index every page would sort all of them.
CREATE INDEX idx_work_orders_created_at_id ON work_orders (created_at, id);
DROP INDEX idx_work_orders_created_at;
