SELECT json_build_object(
        'customers_total', (SELECT coalesce(sum(n), 0) FROM customer_counts),
        'technicians_active', (SELECT count(*) FROM technicians WHERE is_active),
        'work_orders_total', coalesce(sum(k.n), 0),
        'work_orders_by_status', json_build_object(
            'pending', coalesce(sum(k.n) FILTER (WHERE k.status = 'pending'), 0),
            'scheduled', coalesce(sum(k.n) FILTER (WHERE k.status = 'scheduled'), 0),
            'in_progress', coalesce(sum(k.n) FILTER (WHERE k.status = 'in_progress'), 0),
            'completed', coalesce(sum(k.n) FILTER (WHERE k.status = 'completed'), 0),
            'cancelled', coalesce(sum(k.n) FILTER (WHERE k.status = 'cancelled'), 0)),
        'scheduled_today', coalesce(sum(k.n) FILTER (WHERE k.scheduled_date = d.today AND k.status <> 'cancelled'), 0),
        'completed_today', coalesce(sum(k.n) FILTER (WHERE k.completed_on = d.today), 0),
        'unassigned_open', coalesce(sum(k.n) FILTER (WHERE k.unassigned
                                                     AND k.status NOT IN ('completed', 'cancelled')), 0),
        'overdue', coalesce(sum(k.n) FILTER (WHERE k.scheduled_date < d.today
                                             AND k.status NOT IN ('completed', 'cancelled')), 0),
        'completed_last_7_days', coalesce(sum(k.n) FILTER (WHERE k.completed_on BETWEEN d.today - 6 AND d.today), 0),
        'completed_last_30_days', coalesce(sum(k.n) FILTER (WHERE k.completed_on BETWEEN d.today - 29 AND d.today), 0),
        'generated_at', crm_timestamp(now()))::text
    FROM (SELECT crm_today() AS today) d
    LEFT JOIN work_order_counts k ON true
    GROUP BY d.today;
