//! models
pub mod sql;
