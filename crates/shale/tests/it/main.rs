//! The library's integration tests, in one test binary (one link instead of one per file):
//! data-first corpora (diff, lint, inspection, round trips) and real databases.

mod diff_render;
mod embed;
mod generated_lint;
mod graph_props;
mod inspect;
mod lint;
mod pg_ddl;
mod roundtrip;
// The fixture's model structs are compiled for the derive, never read.
#[allow(dead_code)]
mod rust_models;
mod script_props;
