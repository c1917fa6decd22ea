-- GET /reports/summary as a server that recounts on every request does it,
-- in the best case: one pass over every work order with FILTER aggregates
-- (crm-server's own statement before work_order_counts). Its pgbench rate
-- is the "naive ceiling" for the summary.
SELECT json_build_object(
        'customers_total', (SELECT count(*) FROM customers),
        'technicians_active', (SELECT count(*) FROM technicians WHERE is_active),
        'work_orders_total', count(w.id),
        'work_orders_by_status', json_build_object(
            'pending', count(w.id) FILTER (WHERE w.status = 'pending'),
            'scheduled', count(w.id) FILTER (WHERE w.status = 'scheduled'),
            'in_progress', count(w.id) FILTER (WHERE w.status = 'in_progress'),
            'completed', count(w.id) FILTER (WHERE w.status = 'completed'),
            'cancelled', count(w.id) FILTER (WHERE w.status = 'cancelled')),
        'scheduled_today', count(w.id) FILTER (WHERE w.scheduled_date = d.today AND w.status <> 'cancelled'),
        'completed_today', count(w.id) FILTER (WHERE (w.completed_at AT TIME ZONE 'UTC')::date = d.today),
        'unassigned_open', count(w.id) FILTER (WHERE w.assigned_technician_id IS NULL
                                               AND w.status NOT IN ('completed', 'cancelled')),
        'overdue', count(w.id) FILTER (WHERE w.scheduled_date < d.today AND w.status NOT IN ('completed', 'cancelled')),
        'completed_last_7_days', count(w.id) FILTER (
            WHERE (w.completed_at AT TIME ZONE 'UTC')::date BETWEEN d.today - 6 AND d.today),
        'completed_last_30_days', count(w.id) FILTER (
            WHERE (w.completed_at AT TIME ZONE 'UTC')::date BETWEEN d.today - 29 AND d.today),
        'generated_at', crm_timestamp(now()))::text
    FROM (SELECT crm_today() AS today) d
    LEFT JOIN work_orders w ON true
    GROUP BY d.today;
