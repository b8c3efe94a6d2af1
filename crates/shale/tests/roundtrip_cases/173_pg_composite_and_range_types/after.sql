CREATE TYPE mood AS ENUM ('calm', 'busy');
CREATE TYPE address AS (street text, city varchar(40), zip integer, country text);
CREATE TYPE money_pair AS (amount numeric(12,2), currency char(3));
CREATE TYPE coords AS (y double precision, x double precision);
CREATE TYPE price_band AS RANGE (subtype = numeric);
CREATE TYPE float_span AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TYPE shop_state AS (open boolean, feeling mood);
CREATE TABLE shops (
    id INTEGER NOT NULL PRIMARY KEY,
    location address,
    prices price_band,
    state shop_state
);
CREATE FUNCTION city_of(a address) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT (a).city $$;
