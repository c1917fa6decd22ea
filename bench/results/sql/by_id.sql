\set id random(1, 200000)
SELECT work_order_text(w, c, t), crm_etag(w.updated_at)
    FROM work_orders w
    JOIN customers c ON c.id = w.customer_id
    LEFT JOIN technicians t ON t.id = w.assigned_technician_id
    WHERE w.id = :id;
