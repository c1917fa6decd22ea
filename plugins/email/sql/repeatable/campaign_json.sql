-- The Campaign object of the contract.
CREATE OR REPLACE FUNCTION campaign_json(c email_campaigns) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN json_build_object(
        'id', c.id, 'name', c.name, 'subject', c.subject, 'body_html', c.body_html, 'body_text', c.body_text,
        'audience', json_build_object('region', c.audience_region), 'status', c.status,
        'recipients_total', c.recipients_total, 'sent_count', c.sent_count, 'failed_count', c.failed_count,
        'created_by', c.created_by, 'created_at', crm_timestamp(c.created_at),
        'updated_at', crm_timestamp(c.updated_at), 'queued_at', crm_timestamp(c.queued_at),
        'completed_at', crm_timestamp(c.completed_at));
