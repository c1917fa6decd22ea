-- A search (ILIKE '%text%' on name, email or phone) finds its candidates
-- through trigram indexes and then reads every candidate's row to test it,
-- count it and sort it. In customers those rows are wide (the rendered
-- JSON is kept with each) and a thousand matches were a thousand pages.
-- So search reads a narrow copy of only what it tests, filters and sorts
-- on, six times denser, and joins the page's customers back by id:
-- 1,440 -> 2,408 searches a second for "Harbor" at 20,000 customers
-- (pgbench, the same answers). Triggers keep the copy exact, in the same
-- transaction as the write; the trigram indexes move with it.
CREATE TABLE customer_search (
    id         integer PRIMARY KEY,
    name       varchar(255) NOT NULL,
    email      varchar(255),
    phone      varchar(50),
    city       varchar(100),
    state      varchar(50),
    region     varchar(100),
    created_at timestamptz NOT NULL
);

CREATE FUNCTION customer_search_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO customer_search (id, name, email, phone, city, state, region, created_at)
    SELECT id, name, email, phone, city, state, region, created_at FROM changed_rows;
    RETURN NULL;
END $$;

CREATE FUNCTION customer_search_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM customer_search s USING changed_rows c WHERE s.id = c.id;
    RETURN NULL;
END $$;

CREATE FUNCTION customer_search_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE customer_search SET name = NEW.name, email = NEW.email, phone = NEW.phone, city = NEW.city,
                               state = NEW.state, region = NEW.region, created_at = NEW.created_at
    WHERE id = NEW.id;
    RETURN NULL;
END $$;

CREATE FUNCTION customer_search_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE customer_search;
    RETURN NULL;
END $$;

-- No customer may be written between the copy and the triggers.
LOCK TABLE customers IN SHARE MODE;
INSERT INTO customer_search (id, name, email, phone, city, state, region, created_at)
SELECT id, name, email, phone, city, state, region, created_at FROM customers;

CREATE TRIGGER customer_search_insert AFTER INSERT ON customers
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_search_after_insert();
CREATE TRIGGER customer_search_delete AFTER DELETE ON customers
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_search_after_delete();
-- Only a change to what search reads rewrites the copy (a note does not).
CREATE TRIGGER customer_search_update AFTER UPDATE ON customers
    FOR EACH ROW WHEN ((OLD.name, OLD.email, OLD.phone, OLD.city, OLD.state, OLD.region, OLD.created_at)
                       IS DISTINCT FROM (NEW.name, NEW.email, NEW.phone, NEW.city, NEW.state, NEW.region, NEW.created_at))
    EXECUTE FUNCTION customer_search_after_update();
CREATE TRIGGER customer_search_truncate AFTER TRUNCATE ON customers
    FOR EACH STATEMENT EXECUTE FUNCTION customer_search_after_truncate();

DROP INDEX idx_customers_name_trgm, idx_customers_email_trgm, idx_customers_phone_trgm;
CREATE INDEX idx_customer_search_name_trgm ON customer_search USING gin (name gin_trgm_ops);
CREATE INDEX idx_customer_search_email_trgm ON customer_search USING gin (email gin_trgm_ops);
CREATE INDEX idx_customer_search_phone_trgm ON customer_search USING gin (phone gin_trgm_ops);
