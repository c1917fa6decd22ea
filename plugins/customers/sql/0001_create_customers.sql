CREATE TABLE customers (
    id          serial PRIMARY KEY,
    name        varchar(255) NOT NULL CHECK (length(btrim(name)) > 0),
    email       varchar(255),
    phone       varchar(50),
    address     varchar(500),
    city        varchar(100),
    state       varchar(50),
    zip_code    varchar(20),
    region      varchar(100),
    notes       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_customers_region ON customers (region);
CREATE INDEX idx_customers_name ON customers (name);

-- The Customer object of the contract; other plugins embed it.
CREATE FUNCTION customer_json(c customers) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN json_build_object(
        'id', c.id, 'name', c.name, 'email', c.email, 'phone', c.phone,
        'address', c.address, 'city', c.city, 'state', c.state, 'zip_code', c.zip_code,
        'region', c.region, 'notes', c.notes,
        'created_at', crm_timestamp(c.created_at), 'updated_at', crm_timestamp(c.updated_at));

-- What still references a customer, as (what, how_many) rows, so a refused
-- delete can say what to remove first. Plugins that reference customers
-- replace this function in their own migrations to add their rows.
CREATE FUNCTION customer_references(customer_id integer) RETURNS TABLE (what text, how_many bigint)
    LANGUAGE sql STABLE
    AS $$ SELECT NULL::text, NULL::bigint WHERE false $$;
