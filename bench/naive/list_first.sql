-- GET /work-orders?page=1&page_size=50 as a server that recounts the total
-- on every request does it (as both peers do): the same page, and count(*)
-- over every work order. Its pgbench rate is the "naive ceiling" the
-- counters in work_order_counts are measured against.
SELECT work_orders_text(ARRAY(SELECT id FROM work_orders ORDER BY created_at DESC, id DESC LIMIT 50)),
       (SELECT count(*) FROM work_orders);
