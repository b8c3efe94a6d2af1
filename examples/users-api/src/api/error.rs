//! [`ApiError`]: every failure of a request, as a status and a JSON message.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Why a request failed.
#[derive(Debug)]
pub enum ApiError {
    /// A request axum's extractors refused, with their status: 400 for malformed JSON or a
    /// bad path, 415 without a JSON content type, 422 for JSON of the wrong shape.
    Rejected(StatusCode, String),
    /// 404: no such user.
    NotFound(String),
    /// 409: the change conflicts with existing data (a duplicate email).
    Conflict(String),
    /// 422: valid JSON, but not a valid value for the route.
    Unprocessable(String),
    /// 500: the database failed; the details go to the log, not to the client.
    Internal(sqlx::Error),
}

impl ApiError {
    /// A 404 for user `id`.
    pub fn no_user(id: i64) -> Self {
        ApiError::NotFound(format!("user {id} not found"))
    }

    /// The 422 for a string longer than its column.
    pub fn check_length(field: &str, value: &str, max: usize) -> Result<(), ApiError> {
        let length = value.chars().count();
        if length > max {
            return Err(ApiError::Unprocessable(format!(
                "{field} must be at most {max} characters (got {length})"
            )));
        }
        Ok(())
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                ApiError::Conflict("a user with this email already exists".into())
            }
            _ => ApiError::Internal(err),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        ApiError::Rejected(rejection.status(), rejection.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::Rejected(rejection.status(), rejection.body_text())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            ApiError::Rejected(status, m) => (status, m),
            ApiError::NotFound(m) => (StatusCode::NOT_FOUND, m),
            ApiError::Conflict(m) => (StatusCode::CONFLICT, m),
            ApiError::Unprocessable(m) => (StatusCode::UNPROCESSABLE_ENTITY, m),
            ApiError::Internal(err) => {
                eprintln!("database error: {err}");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal error".into())
            }
        };
        (status, Json(serde_json::json!({ "error": message }))).into_response()
    }
}
