CREATE TABLE email_campaigns (
    id               serial PRIMARY KEY,
    name             varchar(255) NOT NULL,
    subject          varchar(998) NOT NULL,
    body_html        text,
    body_text        text,
    audience_region  varchar(100),
    status           varchar(20)  NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft', 'queued', 'sending', 'sent', 'failed', 'cancelled')),
    recipients_total integer      NOT NULL DEFAULT 0,
    sent_count       integer      NOT NULL DEFAULT 0,
    failed_count     integer      NOT NULL DEFAULT 0,
    created_by       integer      REFERENCES users (id) ON DELETE SET NULL,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    updated_at       timestamptz  NOT NULL DEFAULT now(),
    queued_at        timestamptz,
    completed_at     timestamptz,
    CHECK (body_html IS NOT NULL OR body_text IS NOT NULL)
);
CREATE INDEX idx_email_campaigns_status ON email_campaigns (status);

-- Addresses that asked for no more campaigns, lower-cased.
CREATE TABLE email_suppressions (
    email      text        PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per recipient of a sent campaign: the outbox. Senders claim
-- pending rows with FOR UPDATE SKIP LOCKED, one per transaction, so a
-- crash or a second node never sends a message twice.
CREATE TABLE email_deliveries (
    id              bigserial    PRIMARY KEY,
    campaign_id     integer      NOT NULL REFERENCES email_campaigns (id) ON DELETE CASCADE,
    customer_id     integer      REFERENCES customers (id) ON DELETE SET NULL,
    email           varchar(255) NOT NULL,
    name            varchar(255),
    status          varchar(10)  NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
    attempts        integer      NOT NULL DEFAULT 0,
    last_error      text,
    next_attempt_at timestamptz  NOT NULL DEFAULT now(),
    sent_at         timestamptz
);
CREATE UNIQUE INDEX email_deliveries_campaign_email_key ON email_deliveries (campaign_id, lower(email));
CREATE INDEX email_deliveries_due_idx ON email_deliveries (next_attempt_at, id) WHERE status = 'pending';

CREATE FUNCTION campaign_json(c email_campaigns) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN json_build_object(
        'id', c.id, 'name', c.name, 'subject', c.subject, 'body_html', c.body_html, 'body_text', c.body_text,
        'audience', json_build_object('region', c.audience_region), 'status', c.status,
        'recipients_total', c.recipients_total, 'sent_count', c.sent_count, 'failed_count', c.failed_count,
        'created_by', c.created_by, 'created_at', crm_timestamp(c.created_at),
        'updated_at', crm_timestamp(c.updated_at), 'queued_at', crm_timestamp(c.queued_at),
        'completed_at', crm_timestamp(c.completed_at));
