-- The schedule's total, and the list's when it filters on dates, add up
-- the counters of a date range. The counters' key leads with status, so
-- that range read every counter (7,133 of them at the peers' 1x data, one
-- per status, day, assignment and completion day): 0.9 ms of a schedule
-- page's 8.7. An update of a counter changes only n, which no index holds,
-- so it stays a HOT update; only a new combination adds an entry here.
CREATE INDEX idx_work_order_counts_date ON work_order_counts (scheduled_date);
