//! The HTTP API: routes, request and response bodies, errors, and the request log.
//!
//! | route | does |
//! |---|---|
//! | `POST /users` | creates a user (`UserCreate` → 201 `UserRead`; 409 on a duplicate email) |
//! | `GET /users/{id}` | reads a user (`UserRead`) |
//! | `PATCH /users/{id}` | partial update (`UserUpdate`): an absent field is left as it is, `null` clears it, a value sets it |
//! | `DELETE /users/{id}` | deletes a user and its items (204) |
//! | `GET /users/{id}/items` | the user's items |
//! | `POST /users/{id}/items` | adds an item (`ItemCreate` → 201 `ItemRead`) |
//!
//! Errors are JSON `{"error": "…"}`: 400 malformed JSON or path, 404 unknown user, 409
//! duplicate email, 422 a body that is valid JSON but not valid for the route (a field
//! too long, a required field missing or null, an unknown field).

mod error;
mod items;
mod log;
mod patch;
mod users;

pub use error::ApiError;
pub use items::{ItemCreate, ItemRead};
pub use patch::Patch;
pub use users::{UserCreate, UserRead, UserUpdate};

use axum::routing::{get, post};
use axum::Router;
use sqlx::AnyPool;

/// The router of the whole API over `pool`, logging each request.
pub fn router(pool: AnyPool) -> Router {
    Router::new()
        .route("/users", post(users::create))
        .route(
            "/users/{id}",
            get(users::read).patch(users::update).delete(users::delete),
        )
        .route("/users/{id}/items", get(items::list).post(items::create))
        .layer(axum::middleware::from_fn(log::log_request))
        .with_state(pool)
}
