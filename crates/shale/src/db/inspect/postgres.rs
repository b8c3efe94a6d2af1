//! PostgreSQL: `pg_catalog` over the current schema, one query per kind of object.
//!
//! Column lists come back as `json_agg` arrays. A table that inherits from others
//! (`INHERITS`) lists its parents and only the columns and checks it does not inherit,
//! with the inherited columns whose default or `NOT NULL` it sets for itself apart (a
//! partition's columns are its table's). Indexes that back a primary key or
//! unique constraint are reported as the constraint, not as an index. Serial and
//! identity columns are `autoincrement` with no default (the sequence's `nextval` is
//! an implementation detail); a serial one is also `serial`, an identity `GENERATED
//! ALWAYS` or with sequence options of its own has its [`Identity`]. Serial means a `nextval`
//! default on a sequence the column owns: one on a sequence no column owns stays a default. A column's collation is
//! reported where it is not its type's default. A default is kept as the server stores it,
//! casts and digits included (`'UTC'::character varying`, `1.50`, `'-20'::integer` on a
//! `double precision` column): written back as it is, it is stored the same.
//!
//! Cost: deparsing the defaults dominates (about 0.2 s for 14,000 columns on
//! PostgreSQL 15); a default cannot refer to a column, so it is deparsed without the
//! table's context (`pg_get_expr(adbin, 0)`), which is cheaper.

use super::{flag, json_list, opt, text, Row};
use crate::schema::{
    CheckConstraint, Column, ForeignKey, Generated, Identity, Index, InheritedColumn, PrimaryKey,
    Schema, Table, UniqueConstraint,
};

/// The catalog queries: tables, columns, constraints, indexes, enum labels, and the
/// objects kept by their definitions (one query for every kind), as templates that
/// [`queries`] fills in: `{schemas}` the schemas read, `{pre n}c.relname` the name
/// `c.relname` qualified by the schema of namespace alias `n` (`billing.invoices`; bare
/// in the connection's own schema unless the name holds a dot: `public.a.b`, so that the
/// first dot is always the schema's), `{pre c.relnamespace}` the same for a namespace
/// oid (in [`OBJECTS`], through its `ns`), `{qpre …}` the prefix quoted for SQL text
/// (where quoting keeps a dot in a name apart: `"a.b"`).
///
/// A lookup of the constraint that owns an index names the table too (`con.conrelid`):
/// `pg_constraint` has an index on it and none on `conindid`, and at 10,000 tables with
/// fresh catalogue statistics the planner otherwise matched every index against every
/// constraint (15 s for the index query; 0.7 s with it).
const QUERIES: [&str; 6] = [
    "SELECT {pre n}c.relname, pg_catalog.pg_get_partkeydef(c.oid), c.relpersistence::text, \
       (SELECT json_agg({pre pn}p.relname ORDER BY i.inhseqno) \
          FROM pg_catalog.pg_inherits i \
          JOIN pg_catalog.pg_class p ON p.oid = i.inhparent \
          JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace \
          WHERE i.inhrelid = c.oid)::text \
     FROM pg_catalog.pg_class c \
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     WHERE n.nspname IN ({schemas}) AND c.relkind IN ('r', 'p') AND NOT c.relispartition \
     ORDER BY c.relname",
    "SELECT {pre n}c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), \
       a.attnotnull::text, \
       CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, 0) \
            ELSE pg_catalog.pg_get_expr(d.adbin, d.adrelid) END, \
       a.attidentity::text, a.attgenerated::text, \
       CASE WHEN a.attcollation <> 0 AND a.attcollation <> ty.typcollation \
            THEN (SELECT co.collname FROM pg_catalog.pg_collation co WHERE co.oid = a.attcollation) END, \
       (d.adrelid IS NOT NULL AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep \
          JOIN pg_catalog.pg_class sq ON sq.oid = dep.objid AND sq.relkind = 'S' \
          WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND dep.refobjid = a.attrelid \
            AND dep.refobjsubid = a.attnum AND dep.deptype = 'a'))::text, \
       (SELECT json_agg(o.opt ORDER BY o.i) FROM pg_catalog.pg_depend dep \
          JOIN pg_catalog.pg_sequence s ON s.seqrelid = dep.objid, \
          LATERAL (SELECT CASE s.seqtypid WHEN 'pg_catalog.int2'::regtype THEN -32768 \
                     WHEN 'pg_catalog.int4'::regtype THEN -2147483648 \
                     ELSE -9223372036854775808 END AS lo, \
                   CASE s.seqtypid WHEN 'pg_catalog.int2'::regtype THEN 32767 \
                     WHEN 'pg_catalog.int4'::regtype THEN 2147483647 \
                     ELSE 9223372036854775807 END AS hi) AS t, \
          unnest(ARRAY[ \
            CASE WHEN s.seqstart <> CASE WHEN s.seqincrement > 0 THEN s.seqmin ELSE s.seqmax END \
              THEN 'START WITH ' || s.seqstart END, \
            CASE WHEN s.seqincrement <> 1 THEN 'INCREMENT BY ' || s.seqincrement END, \
            CASE WHEN s.seqmin <> CASE WHEN s.seqincrement > 0 THEN 1 ELSE t.lo END \
              THEN 'MINVALUE ' || s.seqmin END, \
            CASE WHEN s.seqmax <> CASE WHEN s.seqincrement > 0 THEN t.hi ELSE -1 END \
              THEN 'MAXVALUE ' || s.seqmax END, \
            CASE WHEN s.seqcache <> 1 THEN 'CACHE ' || s.seqcache END, \
            CASE WHEN s.seqcycle THEN 'CYCLE' END]) WITH ORDINALITY AS o(opt, i) \
          WHERE a.attidentity <> '' AND dep.classid = 'pg_catalog.pg_class'::regclass \
            AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum AND dep.deptype = 'i' \
            AND o.opt IS NOT NULL)::text, \
       (a.attinhcount > 0)::text \
     FROM pg_catalog.pg_attribute a \
     JOIN pg_catalog.pg_class c ON c.oid = a.attrelid \
     JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid \
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
     WHERE n.nspname IN ({schemas}) AND c.relkind IN ('r', 'p') \
       AND a.attnum > 0 AND NOT a.attisdropped \
       AND (a.attinhcount = 0 OR NOT c.relispartition AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i \
          JOIN pg_catalog.pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname \
          LEFT JOIN pg_catalog.pg_attrdef pd ON pd.adrelid = pa.attrelid AND pd.adnum = pa.attnum \
          WHERE i.inhrelid = a.attrelid AND (pa.attnotnull OR NOT a.attnotnull) \
            AND pg_catalog.pg_get_expr(pd.adbin, 0) IS NOT DISTINCT FROM pg_catalog.pg_get_expr(d.adbin, 0))) \
     ORDER BY c.relname, a.attnum",
    "SELECT {pre n}c.relname, con.conname, con.contype::text, \
       (SELECT json_agg(a.attname ORDER BY k.i) \
          FROM unnest(con.conkey) WITH ORDINALITY AS k(num, i) \
          JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num)::text, \
       {pre rn}r.relname, \
       (SELECT json_agg(a.attname ORDER BY k.i) \
          FROM unnest(con.confkey) WITH ORDINALITY AS k(num, i) \
          JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num)::text, \
       con.confdeltype::text, con.confupdtype::text, \
       pg_catalog.pg_get_expr(con.conbin, con.conrelid), \
       con.condeferrable::text, con.condeferred::text, (NOT con.convalidated)::text, \
       con.connoinherit::text, con.confmatchtype::text, \
       (SELECT pg_catalog.to_jsonb(ix) ->> 'indnullsnotdistinct' FROM pg_catalog.pg_index ix \
          WHERE ix.indexrelid = con.conindid AND con.contype = 'u') \
     FROM pg_catalog.pg_constraint con \
     JOIN pg_catalog.pg_class c ON c.oid = con.conrelid \
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     LEFT JOIN pg_catalog.pg_class r ON r.oid = con.confrelid \
     LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace \
     WHERE n.nspname IN ({schemas}) AND con.contype IN ('p', 'u', 'f', 'c') \
       AND con.coninhcount = 0 \
     ORDER BY c.relname, con.conname",
    "SELECT {pre n}t.relname, i.relname, ix.indisunique::text, \
       (SELECT json_agg(CASE WHEN ix.indkey[k - 1] = 0 \
            THEN pg_catalog.pg_get_indexdef(ix.indexrelid, k, true) \
            ELSE (SELECT a.attname::text FROM pg_catalog.pg_attribute a \
                  WHERE a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k - 1]) END \
          ORDER BY k) \
          FROM generate_series(1, ix.indnkeyatts::int) AS k)::text, \
       pg_catalog.pg_get_expr(ix.indpred, ix.indrelid), \
       (SELECT json_agg(CASE ix.indoption[k - 1] & 3 WHEN 3 THEN 'DESC' \
            WHEN 1 THEN 'DESC NULLS LAST' WHEN 2 THEN 'NULLS FIRST' ELSE '' END ORDER BY k) \
          FROM generate_series(1, ix.indnkeyatts::int) AS k)::text, \
       NULLIF(am.amname::text, 'btree'), \
       (SELECT json_agg(a.attname ORDER BY k) \
          FROM generate_series(ix.indnkeyatts::int + 1, ix.indnatts::int) AS k \
          JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k - 1])::text, \
       pg_catalog.to_jsonb(ix) ->> 'indnullsnotdistinct', \
       (SELECT json_agg(CASE WHEN oc.opcdefault THEN '' ELSE \
            CASE WHEN ocn.nspname IN ('pg_catalog', current_schema()) THEN '' \
                 ELSE pg_catalog.quote_ident(ocn.nspname) || '.' END \
            || pg_catalog.quote_ident(oc.opcname) END ORDER BY k) \
          FROM generate_series(1, ix.indnkeyatts::int) AS k \
          JOIN pg_catalog.pg_opclass oc ON oc.oid = ix.indclass[k - 1] \
          JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oc.opcnamespace)::text, \
       pg_catalog.array_to_json(i.reloptions)::text, \
       (SELECT json_agg(CASE WHEN ix.indcollation[k - 1] IN (0, COALESCE( \
              (SELECT a.attcollation FROM pg_catalog.pg_attribute a \
               WHERE a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k - 1]), \
              (SELECT ty.typcollation FROM pg_catalog.pg_attribute ia \
               JOIN pg_catalog.pg_type ty ON ty.oid = ia.atttypid \
               WHERE ia.attrelid = ix.indexrelid AND ia.attnum = k))) THEN '' \
            ELSE (SELECT co.collname::text FROM pg_catalog.pg_collation co \
                  WHERE co.oid = ix.indcollation[k - 1]) END ORDER BY k) \
          FROM generate_series(1, ix.indnkeyatts::int) AS k)::text \
     FROM pg_catalog.pg_index ix \
     JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid \
     JOIN pg_catalog.pg_am am ON am.oid = i.relam \
     JOIN pg_catalog.pg_class t ON t.oid = ix.indrelid \
     JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace \
     WHERE n.nspname IN ({schemas}) AND t.relkind IN ('r', 'p') \
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con \
                       WHERE con.conrelid = ix.indrelid AND con.conindid = ix.indexrelid \
                         AND con.contype IN ('p', 'u', 'x')) \
     ORDER BY t.relname, i.relname",
    "SELECT {pre n}t.typname, e.enumlabel FROM pg_catalog.pg_type t \
     JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid \
     JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace \
     WHERE n.nspname IN ({schemas}) ORDER BY t.typname, e.enumsortorder",
    OBJECTS,
];

/// Every object kept by its definition, as `(kind, name, table, definition)`: views and
/// materialized views (with their indexes), indexes of one partition alone (not its
/// partitioned table's, which the partition takes by itself), functions and procedures, triggers,
/// sequences no column owns, domains, composite and range types, collations, extensions, exclusion
/// constraints, row-level security and policies, comments (on tables, columns, views,
/// routines, types, indexes, sequences, constraints, triggers, policies and schemas),
/// privileges, partitions. Objects that belong to an extension are the extension's, and
/// the functions a range type makes for itself (its constructors) the type's. The
/// definitions are the server's own deparsed text, or (sequences, domains, types) built
/// from the catalogue with only what differs from the defaults.
///
/// Privileges are those on tables, views, sequences, their columns, routines and the
/// current schema that differ from what PostgreSQL gives a new object (`acldefault`), one
/// `GRANT` per object, grantee and grant option, and one `REVOKE … FROM` per object and
/// grantee for a default taken away (`REVOKE EXECUTE ON FUNCTION f(integer) FROM
/// PUBLIC`); an object whose ACL is NULL holds the defaults and is not looked at. The
/// owner's own privileges are the owner's by definition and are left out,
/// and so are PUBLIC's on the schema, which come with every new database (`USAGE` on
/// `public` since PostgreSQL 15) and which SQL models read without a database lack.
const OBJECTS: &str = "\
WITH ns AS (SELECT oid, nspname, \
  CASE WHEN nspname = current_schema() THEN '' ELSE nspname || '.' END AS pre, \
  CASE WHEN nspname = current_schema() THEN '' ELSE pg_catalog.quote_ident(nspname) || '.' END AS qpre \
  FROM pg_catalog.pg_namespace WHERE nspname IN ({schemas})), \
ext AS (SELECT classid, objid FROM pg_catalog.pg_depend WHERE deptype = 'e'), \
acls AS (SELECT {pre c.relnamespace}c.relname AS tbl, CASE c.relkind WHEN 'S' THEN 'SEQUENCE ' ELSE 'TABLE ' END \
    || {qpre c.relnamespace}pg_catalog.quote_ident(c.relname) AS target, c.relowner AS owner, c.relacl AS acl, \
    pg_catalog.acldefault(CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END::\"char\", c.relowner) AS dflt \
  FROM pg_catalog.pg_class c \
  WHERE c.relnamespace IN (SELECT oid FROM ns) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') \
    AND c.relacl IS NOT NULL \
  UNION ALL \
  SELECT 'SCHEMA ' || s.nspname, 'SCHEMA ' || pg_catalog.quote_ident(s.nspname), s.nspowner, s.nspacl, \
    pg_catalog.acldefault('n', s.nspowner) \
  FROM pg_catalog.pg_namespace s WHERE s.oid IN (SELECT oid FROM ns) AND s.nspacl IS NOT NULL \
  UNION ALL \
  SELECT r.target, r.target, p.proowner, p.proacl, pg_catalog.acldefault('f', p.proowner) \
  FROM pg_catalog.pg_proc p, LATERAL (SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE ' ELSE 'FUNCTION ' END \
    || {qpre p.pronamespace}pg_catalog.quote_ident(p.proname) || '(' || pg_catalog.oidvectortypes(p.proargtypes) \
    || ')' AS target) AS r \
  WHERE p.pronamespace IN (SELECT oid FROM ns) AND p.prokind IN ('f', 'p') AND p.proacl IS NOT NULL \
    AND (p.tableoid, p.oid) NOT IN (SELECT classid, objid FROM ext)), \
privs AS (SELECT a.tbl, a.target, x.grantee, x.is_grantable, x.privilege_type AS priv, true AS granted \
  FROM acls a, pg_catalog.aclexplode(COALESCE(a.acl, a.dflt)) x \
  WHERE x.grantee <> a.owner AND NOT (x.grantee = 0 AND a.target LIKE 'SCHEMA %') \
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.aclexplode(a.dflt) d \
    WHERE d.grantee = x.grantee AND d.privilege_type = x.privilege_type AND d.is_grantable = x.is_grantable) \
  UNION ALL \
  SELECT a.tbl, a.target, d.grantee, false, d.privilege_type, false \
  FROM acls a, pg_catalog.aclexplode(a.dflt) d \
  WHERE a.acl IS NOT NULL AND d.grantee <> a.owner AND NOT EXISTS (SELECT 1 FROM pg_catalog.aclexplode(a.acl) x \
    WHERE x.grantee = d.grantee AND x.privilege_type = d.privilege_type) \
  UNION ALL \
  SELECT {pre c.relnamespace}c.relname, 'TABLE ' || {qpre c.relnamespace}pg_catalog.quote_ident(c.relname), x.grantee, x.is_grantable, \
    x.privilege_type || ' (' || string_agg(pg_catalog.quote_ident(at.attname), ', ' ORDER BY at.attname) || ')', true \
  FROM pg_catalog.pg_attribute at JOIN pg_catalog.pg_class c ON c.oid = at.attrelid \
  CROSS JOIN LATERAL pg_catalog.aclexplode(at.attacl) x \
  WHERE c.relnamespace IN (SELECT oid FROM ns) AND at.attacl IS NOT NULL AND at.attnum > 0 \
    AND NOT at.attisdropped AND x.grantee <> c.relowner \
  GROUP BY c.relnamespace, c.relname, x.grantee, x.is_grantable, x.privilege_type) \
SELECT CASE c.relkind WHEN 'v' THEN 'view' ELSE 'materialized_view' END, {pre c.relnamespace}c.relname, NULL, \
  CASE c.relkind WHEN 'v' THEN 'CREATE VIEW ' ELSE 'CREATE MATERIALIZED VIEW ' END \
  || {qpre c.relnamespace}pg_catalog.quote_ident(c.relname) \
  || COALESCE(' WITH (' || pg_catalog.array_to_string(c.reloptions, ', ') || ')', '') \
  || ' AS' || chr(10) || rtrim(pg_catalog.pg_get_viewdef(c.oid, true), ';') \
FROM pg_catalog.pg_class c WHERE c.relnamespace IN (SELECT oid FROM ns) AND c.relkind IN ('v', 'm') \
  AND (c.tableoid, c.oid) NOT IN (SELECT classid, objid FROM ext) \
UNION ALL \
SELECT 'view_index', i.relname, {pre t.relnamespace}t.relname, pg_catalog.pg_get_indexdef(i.oid) \
FROM pg_catalog.pg_index ix JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid \
JOIN pg_catalog.pg_class t ON t.oid = ix.indrelid \
WHERE t.relnamespace IN (SELECT oid FROM ns) AND (t.relkind = 'm' OR (t.relispartition \
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h WHERE h.inhrelid = i.oid) \
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con \
                  WHERE con.conrelid = ix.indrelid AND con.conindid = i.oid))) \
UNION ALL \
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, \
  {pre p.pronamespace}p.proname || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')', NULL, \
  rtrim(pg_catalog.pg_get_functiondef(p.oid), chr(10)) \
FROM pg_catalog.pg_proc p WHERE p.pronamespace IN (SELECT oid FROM ns) AND p.prokind IN ('f', 'p') \
  AND (p.tableoid, p.oid) NOT IN (SELECT classid, objid FROM ext) \
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = p.tableoid \
                  AND d.objid = p.oid AND d.deptype = 'i') \
UNION ALL \
SELECT 'trigger', tg.tgname, {pre c.relnamespace}c.relname, pg_catalog.pg_get_triggerdef(tg.oid, true) \
FROM pg_catalog.pg_trigger tg JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid \
WHERE c.relnamespace IN (SELECT oid FROM ns) AND NOT tg.tgisinternal AND tg.tgparentid = 0 \
UNION ALL \
SELECT 'sequence', {pre c.relnamespace}c.relname, NULL, 'CREATE SEQUENCE ' || {qpre c.relnamespace}pg_catalog.quote_ident(c.relname) \
  || ' AS ' || pg_catalog.format_type(s.seqtypid, NULL) || ' INCREMENT BY ' || s.seqincrement \
  || ' MINVALUE ' || s.seqmin || ' MAXVALUE ' || s.seqmax || ' START WITH ' || s.seqstart \
  || ' CACHE ' || s.seqcache || CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END \
FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid \
WHERE c.relnamespace IN (SELECT oid FROM ns) \
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = c.tableoid \
                  AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e')) \
UNION ALL \
SELECT 'domain', {pre t.typnamespace}t.typname, NULL, 'CREATE DOMAIN ' || {qpre t.typnamespace}pg_catalog.quote_ident(t.typname) || ' AS ' \
  || pg_catalog.format_type(t.typbasetype, t.typtypmod) \
  || CASE WHEN t.typcollation <> 0 AND t.typcollation <> b.typcollation THEN ' COLLATE ' \
       || (SELECT pg_catalog.quote_ident(collname) FROM pg_catalog.pg_collation WHERE oid = t.typcollation) \
     ELSE '' END \
  || COALESCE(' DEFAULT ' || t.typdefault, '') || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END \
  || COALESCE((SELECT string_agg(' CONSTRAINT ' || pg_catalog.quote_ident(con.conname) || ' ' \
       || pg_catalog.pg_get_constraintdef(con.oid), '' ORDER BY con.conname) \
     FROM pg_catalog.pg_constraint con WHERE con.contypid = t.oid), '') \
FROM pg_catalog.pg_type t JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype \
WHERE t.typnamespace IN (SELECT oid FROM ns) AND t.typtype = 'd' \
UNION ALL \
SELECT 'type', {pre t.typnamespace}t.typname, NULL, 'CREATE TYPE ' || {qpre t.typnamespace}pg_catalog.quote_ident(t.typname) \
  || ' AS (' || COALESCE((SELECT string_agg(pg_catalog.quote_ident(a.attname) || ' ' \
       || pg_catalog.format_type(a.atttypid, a.atttypmod) \
       || CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation THEN ' COLLATE ' \
            || (SELECT pg_catalog.quote_ident(collname) FROM pg_catalog.pg_collation WHERE oid = a.attcollation) \
          ELSE '' END, ', ' ORDER BY a.attnum) \
     FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type at ON at.oid = a.atttypid \
     WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '') || ')' \
FROM pg_catalog.pg_type t JOIN pg_catalog.pg_class c ON c.oid = t.typrelid \
WHERE t.typnamespace IN (SELECT oid FROM ns) AND t.typtype = 'c' AND c.relkind = 'c' \
  AND (t.tableoid, t.oid) NOT IN (SELECT classid, objid FROM ext) \
UNION ALL \
SELECT 'type', {pre t.typnamespace}t.typname, NULL, 'CREATE TYPE ' || {qpre t.typnamespace}pg_catalog.quote_ident(t.typname) \
  || ' AS RANGE (SUBTYPE = ' || pg_catalog.format_type(r.rngsubtype, NULL) \
  || CASE WHEN NOT oc.opcdefault THEN ', SUBTYPE_OPCLASS = ' || pg_catalog.quote_ident(oc.opcname) ELSE '' END \
  || CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation THEN ', COLLATION = ' \
       || (SELECT pg_catalog.quote_ident(collname) FROM pg_catalog.pg_collation WHERE oid = r.rngcollation) \
     ELSE '' END \
  || CASE WHEN r.rngcanonical <> 0 THEN ', CANONICAL = ' || r.rngcanonical::regproc::text ELSE '' END \
  || CASE WHEN r.rngsubdiff <> 0 THEN ', SUBTYPE_DIFF = ' || r.rngsubdiff::regproc::text ELSE '' END \
  || CASE WHEN mt.typname <> CASE WHEN strpos(t.typname, 'range') > 0 \
         THEN overlay(t.typname PLACING 'multirange' FROM strpos(t.typname, 'range') FOR 5) \
         ELSE t.typname || '_multirange' END \
       THEN ', MULTIRANGE_TYPE_NAME = ' || pg_catalog.quote_ident(mt.typname) ELSE '' END || ')' \
FROM pg_catalog.pg_range r JOIN pg_catalog.pg_type t ON t.oid = r.rngtypid \
JOIN pg_catalog.pg_type st ON st.oid = r.rngsubtype \
JOIN pg_catalog.pg_opclass oc ON oc.oid = r.rngsubopc \
LEFT JOIN pg_catalog.pg_type mt ON mt.oid = r.rngmultitypid \
WHERE t.typnamespace IN (SELECT oid FROM ns) AND (t.tableoid, t.oid) NOT IN (SELECT classid, objid FROM ext) \
UNION ALL \
SELECT 'collation', {pre c.collnamespace}c.collname, NULL, 'CREATE COLLATION ' \
  || {qpre c.collnamespace}pg_catalog.quote_ident(c.collname) || ' (PROVIDER = ' \
  || CASE c.collprovider WHEN 'i' THEN 'icu' WHEN 'b' THEN 'builtin' ELSE 'libc' END \
  || CASE WHEN c.collprovider = 'c' THEN ', LC_COLLATE = ' || pg_catalog.quote_literal(c.collcollate) \
       || ', LC_CTYPE = ' || pg_catalog.quote_literal(c.collctype) \
     ELSE ', LOCALE = ' || pg_catalog.quote_literal(COALESCE(pg_catalog.to_jsonb(c) ->> 'colllocale', \
       pg_catalog.to_jsonb(c) ->> 'colliculocale', c.collcollate)) END \
  || CASE WHEN c.collisdeterministic THEN '' ELSE ', DETERMINISTIC = false' END || ')' \
FROM pg_catalog.pg_collation c WHERE c.collnamespace IN (SELECT oid FROM ns) \
  AND (c.tableoid, c.oid) NOT IN (SELECT classid, objid FROM ext) \
UNION ALL \
SELECT 'extension', e.extname, NULL, 'CREATE EXTENSION IF NOT EXISTS ' || pg_catalog.quote_ident(e.extname) \
FROM pg_catalog.pg_extension e WHERE e.extnamespace IN (SELECT oid FROM ns) \
UNION ALL \
SELECT 'constraint', con.conname, {pre c.relnamespace}c.relname, 'ALTER TABLE ' || {qpre c.relnamespace}pg_catalog.quote_ident(c.relname) \
  || ' ADD CONSTRAINT ' || pg_catalog.quote_ident(con.conname) || ' ' || pg_catalog.pg_get_constraintdef(con.oid) \
FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.oid = con.conrelid \
WHERE c.relnamespace IN (SELECT oid FROM ns) AND con.contype = 'x' \
UNION ALL \
SELECT 'row_security', 'enable', {pre c.relnamespace}c.relname, \
  'ALTER TABLE ' || {qpre c.relnamespace}pg_catalog.quote_ident(c.relname) || ' ENABLE ROW LEVEL SECURITY' \
FROM pg_catalog.pg_class c WHERE c.relnamespace IN (SELECT oid FROM ns) AND c.relrowsecurity \
UNION ALL \
SELECT 'row_security', 'force', {pre c.relnamespace}c.relname, \
  'ALTER TABLE ' || {qpre c.relnamespace}pg_catalog.quote_ident(c.relname) || ' FORCE ROW LEVEL SECURITY' \
FROM pg_catalog.pg_class c WHERE c.relnamespace IN (SELECT oid FROM ns) AND c.relforcerowsecurity \
UNION ALL \
SELECT 'policy', pol.polname, {pre c.relnamespace}c.relname, 'CREATE POLICY ' || pg_catalog.quote_ident(pol.polname) \
  || ' ON ' || {qpre c.relnamespace}pg_catalog.quote_ident(c.relname) \
  || CASE WHEN pol.polpermissive THEN ' AS PERMISSIVE' ELSE ' AS RESTRICTIVE' END \
  || ' FOR ' || CASE pol.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' \
                  WHEN 'd' THEN 'DELETE' ELSE 'ALL' END \
  || ' TO ' || (SELECT string_agg(CASE WHEN r = 0 THEN 'PUBLIC' \
                 ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(r)) END, ', ' ORDER BY r) \
                FROM unnest(pol.polroles) AS r) \
  || COALESCE(' USING (' || pg_catalog.pg_get_expr(pol.polqual, pol.polrelid) || ')', '') \
  || COALESCE(' WITH CHECK (' || pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid) || ')', '') \
FROM pg_catalog.pg_policy pol JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid \
WHERE c.relnamespace IN (SELECT oid FROM ns) \
UNION ALL \
SELECT 'comment', o.target, o.relname, 'COMMENT ON ' || o.target || ' IS ' || pg_catalog.quote_literal(o.description) \
FROM (SELECT CASE WHEN d.objsubid <> 0 THEN 'COLUMN ' || {qpre c.relnamespace}pg_catalog.quote_ident(c.relname) || '.' \
               || pg_catalog.quote_ident(a.attname) \
             WHEN c.relkind = 'v' THEN 'VIEW ' || {qpre c.relnamespace}pg_catalog.quote_ident(c.relname) \
             WHEN c.relkind = 'm' THEN 'MATERIALIZED VIEW ' || {qpre c.relnamespace}pg_catalog.quote_ident(c.relname) \
             ELSE 'TABLE ' || {qpre c.relnamespace}pg_catalog.quote_ident(c.relname) END AS target, \
             {pre c.relnamespace}c.relname AS relname, d.description \
      FROM pg_catalog.pg_description d JOIN pg_catalog.pg_class c ON d.classoid = c.tableoid AND d.objoid = c.oid \
      LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid \
      WHERE c.relnamespace IN (SELECT oid FROM ns) AND c.relkind IN ('r', 'p', 'v', 'm') \
      UNION ALL \
      SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE ' ELSE 'FUNCTION ' END || {qpre p.pronamespace}pg_catalog.quote_ident(p.proname) \
               || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')', NULL, d.description \
      FROM pg_catalog.pg_description d JOIN pg_catalog.pg_proc p ON d.classoid = p.tableoid AND d.objoid = p.oid \
      WHERE p.pronamespace IN (SELECT oid FROM ns) \
      UNION ALL \
      SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN ' ELSE 'TYPE ' END || {qpre t.typnamespace}pg_catalog.quote_ident(t.typname), \
             NULL, d.description \
      FROM pg_catalog.pg_description d JOIN pg_catalog.pg_type t ON d.classoid = t.tableoid AND d.objoid = t.oid \
      WHERE t.typnamespace IN (SELECT oid FROM ns) \
      UNION ALL \
      SELECT CASE i.relkind WHEN 'S' THEN 'SEQUENCE ' ELSE 'INDEX ' END \
               || {qpre i.relnamespace}pg_catalog.quote_ident(i.relname), \
             (SELECT {pre t.relnamespace}t.relname FROM pg_catalog.pg_index ix \
                JOIN pg_catalog.pg_class t ON t.oid = ix.indrelid WHERE ix.indexrelid = i.oid), d.description \
      FROM pg_catalog.pg_description d JOIN pg_catalog.pg_class i ON d.classoid = i.tableoid AND d.objoid = i.oid \
      WHERE i.relnamespace IN (SELECT oid FROM ns) AND i.relkind IN ('i', 'I', 'S') \
      UNION ALL \
      SELECT x.what || ' ' || pg_catalog.quote_ident(x.name) || ' ON ' \
               || {qpre c.relnamespace}pg_catalog.quote_ident(c.relname), {pre c.relnamespace}c.relname, d.description \
      FROM pg_catalog.pg_description d \
      JOIN (SELECT 'CONSTRAINT' AS what, tableoid, oid, conname AS name, conrelid AS rel FROM pg_catalog.pg_constraint \
            UNION ALL SELECT 'TRIGGER', tableoid, oid, tgname, tgrelid FROM pg_catalog.pg_trigger \
            UNION ALL SELECT 'POLICY', tableoid, oid, polname, polrelid FROM pg_catalog.pg_policy) AS x \
        ON d.classoid = x.tableoid AND d.objoid = x.oid \
      JOIN pg_catalog.pg_class c ON c.oid = x.rel \
      WHERE c.relnamespace IN (SELECT oid FROM ns) \
      UNION ALL \
      SELECT 'SCHEMA ' || pg_catalog.quote_ident(n.nspname), NULL, d.description \
      FROM pg_catalog.pg_description d JOIN pg_catalog.pg_namespace n ON d.classoid = n.tableoid AND d.objoid = n.oid \
      WHERE n.oid IN (SELECT oid FROM ns) AND n.nspname <> current_schema()) AS o \
UNION ALL \
SELECT 'grant', g.who || CASE WHEN NOT g.granted THEN ' revoked' \
    WHEN g.is_grantable THEN ' with grant option' ELSE '' END, g.tbl, \
  CASE WHEN g.granted THEN 'GRANT ' ELSE 'REVOKE ' END || string_agg(g.priv, ', ' ORDER BY g.priv) \
  || ' ON ' || g.target || CASE WHEN g.granted THEN ' TO ' ELSE ' FROM ' END || g.who \
  || CASE WHEN g.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END \
FROM (SELECT p.*, CASE WHEN p.grantee = 0 THEN 'PUBLIC' \
        ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(p.grantee)) END AS who FROM privs p) AS g \
GROUP BY g.tbl, g.target, g.who, g.is_grantable, g.granted \
UNION ALL \
SELECT 'partition', {pre c.relnamespace}c.relname, {pre p.relnamespace}p.relname, 'CREATE TABLE ' || {qpre c.relnamespace}pg_catalog.quote_ident(c.relname) \
  || ' PARTITION OF ' || {qpre p.relnamespace}pg_catalog.quote_ident(p.relname) || ' ' \
  || pg_catalog.pg_get_expr(c.relpartbound, c.oid) \
  || COALESCE(' PARTITION BY ' || pg_catalog.pg_get_partkeydef(c.oid), '') \
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_inherits i ON i.inhrelid = c.oid \
JOIN pg_catalog.pg_class p ON p.oid = i.inhparent \
WHERE c.relnamespace IN (SELECT oid FROM ns) AND c.relispartition AND c.relkind IN ('r', 'p') \
UNION ALL \
SELECT 'schema', n.nspname, NULL, 'CREATE SCHEMA ' || pg_catalog.quote_ident(n.nspname) \
FROM pg_catalog.pg_namespace n WHERE n.nspname IN ({schemas}) AND n.nspname <> current_schema()";

/// The catalog queries over `schemas` (empty: the connection's current schema alone).
/// Objects in the current schema keep their bare names; those in another are qualified
/// (`billing.invoices`), and the names in their definitions too. The same number of
/// queries whatever the number of schemas.
pub(super) fn queries(schemas: &[String]) -> [String; 6] {
    let list = if schemas.is_empty() {
        "current_schema()".to_string()
    } else {
        let literals: Vec<String> = schemas
            .iter()
            .map(|s| crate::dialect::Dialect::Postgres.string_literal(s))
            .collect();
        literals.join(", ")
    };
    QUERIES.map(|template| fill(template, &list))
}

/// `template` with its placeholders filled in (see [`QUERIES`]).
fn fill(template: &str, schemas: &str) -> String {
    let template = template.replace("{schemas}", schemas);
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template.as_str();
    while let Some(at) = rest
        .find("{pre ")
        .into_iter()
        .chain(rest.find("{qpre "))
        .min()
    {
        let end = at + rest[at..].find('}').expect("a closed placeholder");
        let (word, of) = rest[at + 1..end]
            .split_once(' ')
            .expect("a placeholder names what it qualifies");
        out.push_str(&rest[..at]);
        rest = &rest[end + 1..];
        // The name qualified: `alias.column` right after the placeholder.
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(rest.len());
        out.push_str(&prefix(word == "qpre", of, &rest[..name_len]));
    }
    out.push_str(rest);
    out
}

/// The SQL of a `{pre of}` (quoted: `{qpre of}`) placeholder before `name`, followed by
/// `||`. Unquoted, a name holding a dot is qualified in the connection's schema too.
fn prefix(quoted: bool, of: &str, name: &str) -> String {
    if quoted {
        if of.contains('.') {
            return format!("(SELECT ns.qpre FROM ns WHERE ns.oid = {of}) || ");
        }
        return format!(
            "CASE WHEN {of}.nspname = current_schema() THEN '' \
             ELSE pg_catalog.quote_ident({of}.nspname) || '.' END || "
        );
    }
    if of.contains('.') {
        return format!(
            "(SELECT CASE WHEN strpos({name}, '.') > 0 THEN ns.nspname || '.' ELSE ns.pre END \
             FROM ns WHERE ns.oid = {of}) || "
        );
    }
    format!(
        "CASE WHEN {of}.nspname = current_schema() AND strpos({name}, '.') = 0 THEN '' \
         ELSE {of}.nspname || '.' END || "
    )
}

/// Builds the schema from the rows of [`queries`].
pub(super) fn build(
    [tables, columns, constraints, indexes, enums, objects]: [Vec<Row>; 6],
) -> Schema {
    let mut schema = Schema::default();
    for row in &tables {
        let name = text(row, 0);
        let table = Table {
            name: name.clone(),
            partition_by: opt(row, 1),
            options: match text(row, 2).as_str() {
                "u" => vec!["UNLOGGED".to_string()],
                _ => Vec::new(),
            },
            inherits: json_list(row, 3),
            ..Table::default()
        };
        schema.tables.insert(name, table);
    }
    for row in &columns {
        let Some(table) = schema.tables.get_mut(&text(row, 0)) else {
            continue;
        };
        let column = column(row);
        // An inherited column (only where the child's default or NOT NULL is its own).
        if flag(row, 10) {
            let inherited = InheritedColumn {
                name: column.name.clone(),
                default: column.default,
                not_null: !column.nullable,
            };
            table.inherited_columns.insert(column.name, inherited);
        } else {
            table.columns.push(column);
        }
    }
    for row in &constraints {
        if let Some(table) = schema.tables.get_mut(&text(row, 0)) {
            add_constraint(table, row);
        }
    }
    for row in &indexes {
        if let Some(table) = schema.tables.get_mut(&text(row, 0)) {
            let name = text(row, 1);
            let index = Index {
                name: name.clone(),
                columns: json_list(row, 3),
                unique: flag(row, 2),
                predicate: opt(row, 4),
                method: opt(row, 6),
                include: json_list(row, 7),
                nulls_not_distinct: flag(row, 8),
                opclasses: unless_all_empty(json_list(row, 9)),
                storage: json_list(row, 10),
                collations: unless_all_empty(json_list(row, 11)),
                ..Index::default()
            }
            .with_orders(json_list(row, 5));
            table.indexes.insert(name, index);
        }
    }
    for row in &enums {
        schema
            .enums
            .entry(text(row, 0))
            .or_default()
            .push(text(row, 1));
    }
    for row in &objects {
        if let Some(object) = super::object(row) {
            schema.add_object(object);
        }
    }
    schema
}

/// `list`, or nothing when every entry is empty (one per index column, `""` for the default).
fn unless_all_empty(list: Vec<String>) -> Vec<String> {
    if list.iter().all(String::is_empty) {
        Vec::new()
    } else {
        list
    }
}

/// One column from a row of the columns query.
fn column(row: &Row) -> Column {
    let identity = !text(row, 5).is_empty();
    let generated = !text(row, 6).is_empty();
    let expression = opt(row, 4);
    let default = expression.clone().filter(|_| !generated);
    // Serial: a `nextval` default on a sequence the column owns (`OWNED BY`). A default
    // on a sequence of its own (shared, or kept apart on purpose) is a plain default.
    let serial = flag(row, 8)
        && default
            .as_deref()
            .is_some_and(|d| d.starts_with("nextval(") && d.ends_with("::regclass)"));
    Column {
        name: text(row, 1),
        ty: canonical_type(&text(row, 2)).into(),
        nullable: !flag(row, 3),
        default: default.filter(|_| !serial),
        autoincrement: identity || serial,
        generated: expression
            .filter(|_| generated)
            .map(|expression| Generated {
                expression,
                stored: true,
            }),
        serial: serial && !identity,
        identity: Identity::new(text(row, 5) == "a", json_list(row, 9)).filter(|_| identity),
        collation: opt(row, 7),
        ..Column::default()
    }
}

/// A constraint row added to its table.
fn add_constraint(table: &mut Table, row: &Row) {
    let name = text(row, 1);
    let columns = json_list(row, 3);
    match text(row, 2).as_str() {
        "p" => {
            table.primary_key = Some(PrimaryKey {
                name: Some(name),
                columns,
                deferrable: deferrable(row),
                comment: None,
            })
        }
        "u" => {
            let unique = UniqueConstraint {
                name: name.clone(),
                columns,
                deferrable: deferrable(row),
                nulls_not_distinct: flag(row, 14),
                ..UniqueConstraint::default()
            };
            table.uniques.insert(name, unique);
        }
        "f" => {
            let fk = ForeignKey {
                name: name.clone(),
                columns,
                ref_table: text(row, 4),
                ref_columns: json_list(row, 5),
                on_delete: action(&text(row, 6)),
                on_update: action(&text(row, 7)),
                deferrable: deferrable(row),
                not_valid: flag(row, 11),
                match_full: text(row, 13) == "f",
            };
            table.foreign_keys.insert(name, fk);
        }
        "c" => {
            let check = CheckConstraint {
                name: name.clone(),
                expression: text(row, 8),
                not_valid: flag(row, 11),
                column: None,
                no_inherit: flag(row, 12),
            };
            table.checks.insert(name, check);
        }
        _ => {}
    }
}

/// `DEFERRABLE [INITIALLY DEFERRED]` from `condeferrable` and `condeferred`.
fn deferrable(row: &Row) -> Option<String> {
    match (flag(row, 9), flag(row, 10)) {
        (false, _) => None,
        (true, false) => Some("DEFERRABLE".to_string()),
        (true, true) => Some("DEFERRABLE INITIALLY DEFERRED".to_string()),
    }
}

/// A referential action from `confdeltype` / `confupdtype`; `None` for NO ACTION.
fn action(code: &str) -> Option<String> {
    let action = match code {
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        _ => return None,
    };
    Some(action.to_string())
}

/// `format_type` output in canonical form: the short SQL names (`varchar(80)`,
/// `char(2)`, `timestamp`), time zones spelled out only when present.
pub(super) fn canonical_type(formatted: &str) -> String {
    let ty = formatted
        .replace("character varying", "varchar")
        .replace("character(", "char(")
        .replace(" without time zone", "");
    match ty.as_str() {
        "character" => "char".to_string(),
        _ => ty,
    }
}
