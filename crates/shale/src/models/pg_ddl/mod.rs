//! PostgreSQL SQL models read without a database, where that gives exactly the schema
//! the database would report.
//!
//! Normalising SQL models on a scratch database costs PostgreSQL a few files per table
//! (heap, TOAST table and index, one per index); at a thousand tables that is seconds of
//! file creation, far more than shale's own work. Most model files are plain
//! `CREATE TABLE` and `CREATE INDEX` statements whose inspected form is known in
//! advance: `BIGINT` is reported as `bigint`, an unnamed primary key of `users` is
//! `users_pkey`, a `'UTC'` default is `'UTC'`. [`read`] turns such files into a
//! [`Schema`](crate::schema::Schema) directly.
//!
//! It only answers when it is sure. Anything it does not model exactly — CHECK
//! constraints, expression or partial indexes, enum types, other statements, types
//! outside a fixed list, defaults other than plain literals, a name PostgreSQL would
//! truncate or number, or anything the database would refuse (an unknown column, a
//! foreign key to a table not yet created, a duplicate name) — makes it return `None`,
//! and the caller normalises the files on a scratch database as before, which also
//! reports errors with their file and line. `tests/it/pg_ddl.rs` applies every model file
//! of the test corpora that this path accepts to PostgreSQL and requires the inspected
//! schema to equal the one read here, field by field.
//!
//! * `reader` — statements in order, the names PostgreSQL keeps unique, the schema.
//! * `columns` — a column definition: its type, nullability, default, identity.
//! * `constraints` — primary keys, unique constraints and foreign keys, named and
//!   checked as PostgreSQL names and checks them.

mod columns;
mod constraints;
mod reader;
#[cfg(test)]
mod tests;

pub use reader::read;
