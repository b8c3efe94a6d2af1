-- Composite and range types: one a column uses, changed in place (an attribute added at
-- the end, its rows kept); one with an attribute retyped and one dropped, in place; one
-- whose attributes change order (dropped and created); range types created, kept and
-- dropped; a new composite of an enum. A function takes the composite.
CREATE TYPE mood AS ENUM ('calm', 'busy');
CREATE TYPE address AS (street text, city varchar(40), zip integer);
CREATE TYPE money_pair AS (amount numeric(10,2), currency char(3), note text);
CREATE TYPE coords AS (x double precision, y double precision);
CREATE TYPE price_band AS RANGE (subtype = numeric);
CREATE TYPE name_span AS RANGE (subtype = text, collation = "C", multirange_type_name = name_spans);
CREATE TABLE shops (
    id INTEGER NOT NULL PRIMARY KEY,
    location address,
    prices price_band
);
CREATE FUNCTION city_of(a address) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT (a).city $$;
