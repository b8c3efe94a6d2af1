-- A schema whose tables, domain, function and trigger all go away with it.
CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL);
CREATE SCHEMA "Ledger";
CREATE DOMAIN "Ledger".cents AS bigint CHECK (VALUE >= 0);
CREATE TABLE "Ledger".entries (
    id bigint PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id),
    amount "Ledger".cents NOT NULL,
    updated_at timestamptz
);
CREATE FUNCTION "Ledger".touch() RETURNS trigger LANGUAGE plpgsql
    AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER entries_touch BEFORE UPDATE ON "Ledger".entries
    FOR EACH ROW EXECUTE FUNCTION "Ledger".touch();
COMMENT ON COLUMN "Ledger".entries.amount IS 'In cents';
