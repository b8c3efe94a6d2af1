//! users-api: the seed's users service, an axum + sqlx web API whose schema shale manages.
//!
//! * [`models`] — the tables as `#[derive(shale::Model)]` structs (autogenerate's input).
//! * [`migrations`] — the scripts, embedded at compile time and applied at start-up.
//! * [`store`] — the SQL the service runs.
//! * [`api`] — routes, bodies, errors, request log.
//! * [`settings`] and [`service`] — configuration from the environment, start-up, serving.

pub mod api;
pub mod migrations;
pub mod models;
pub mod service;
pub mod settings;
pub mod store;

pub use service::{Service, StartError};
pub use settings::Settings;
