//! shale-cli's integration tests: the real `shale` binary against real databases, in one
//! test binary (one link instead of one per file).

mod support;

mod adopt;
mod alembic;
mod autogen;
mod chaos;
mod cli;
mod cluster;
mod concurrency;
mod crates;
mod errors;
mod expand;
mod expand_kill;
mod fleet;
mod grants;
mod habits;
mod import;
mod json_schemas;
mod key_comments;
mod lint_cli;
mod online;
mod online_backfill;
mod online_locks;
mod online_shadow;
mod project;
mod reference;
mod repair;
mod schemas;
mod shadow_kill;
mod squash_kill;
mod tools;
mod tutorial;
mod verify;
