CREATE TABLE users (
    id              serial PRIMARY KEY,
    email           varchar(255) NOT NULL,
    hashed_password varchar(255) NOT NULL,
    full_name       varchar(255),
    role            varchar(50)  NOT NULL DEFAULT 'viewer'
                    CHECK (role IN ('admin', 'dispatcher', 'technician', 'viewer')),
    is_active       boolean      NOT NULL DEFAULT true,
    technician_id   integer,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    updated_at      timestamptz  NOT NULL DEFAULT now()
);
-- Emails are unique compared case-insensitively; login looks them up the same way.
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

CREATE FUNCTION user_json(u users) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN json_build_object(
        'id', u.id, 'email', u.email, 'full_name', u.full_name, 'role', u.role,
        'is_active', u.is_active, 'technician_id', u.technician_id,
        'created_at', crm_timestamp(u.created_at));

-- Refresh tokens: each login starts a family; each refresh spends one token
-- and issues the next of the same family. A spent token presented again
-- means it was stolen, and revokes the whole family.
CREATE TABLE refresh_tokens (
    jti        text        PRIMARY KEY,
    family_id  text        NOT NULL,
    user_id    integer     NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    issued_at  timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    spent_at   timestamptz,
    revoked_at timestamptz
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at);

-- Access tokens revoked before they expire (logout).
CREATE TABLE token_revocations (
    jti        text        PRIMARY KEY,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX token_revocations_revoked_at_idx ON token_revocations (revoked_at);
