CREATE TABLE technicians (
    id          serial PRIMARY KEY,
    user_id     integer REFERENCES users (id) ON DELETE SET NULL,
    name        varchar(255) NOT NULL CHECK (length(btrim(name)) > 0),
    email       varchar(255),
    phone       varchar(50),
    skills      text[]       NOT NULL DEFAULT '{}',
    is_active   boolean      NOT NULL DEFAULT true,
    color       varchar(7)   CHECK (color ~ '^#[0-9A-Fa-f]{6}$'),
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX idx_technicians_name ON technicians (name);
CREATE INDEX idx_technicians_skills ON technicians USING gin (skills);

-- The Technician object of the contract; work orders embed it.
CREATE FUNCTION technician_json(t technicians) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN json_build_object(
        'id', t.id, 'user_id', t.user_id, 'name', t.name, 'email', t.email, 'phone', t.phone,
        'skills', to_json(t.skills), 'is_active', t.is_active, 'color', t.color,
        'created_at', crm_timestamp(t.created_at), 'updated_at', crm_timestamp(t.updated_at));
