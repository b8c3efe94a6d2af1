//! `/users` and `/users/{id}`: create, read, partial update, delete.

use super::{ApiError, Patch};
use crate::models::{User, DISPLAY_NAME_MAX, EMAIL_MAX, FULL_NAME_MAX, TIMEZONE_MAX};
use crate::store::{self, NewUser, UserChanges};
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;

/// The body of `POST /users`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserCreate {
    pub email: String,
    pub full_name: String,
    #[serde(default)]
    pub display_name: Option<String>,
    /// Defaults to `UTC`.
    #[serde(default)]
    pub timezone: Option<String>,
}

/// A user as the API returns it; `display_name` is `null` when the user has none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRead {
    pub id: i64,
    pub email: String,
    pub full_name: String,
    pub display_name: Option<String>,
    pub timezone: String,
}

/// The body of `PATCH /users/{id}`: every field is a [`Patch`]. `display_name` may be
/// cleared with `null`; the other columns are NOT NULL, so `null` is a 422 for them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserUpdate {
    #[serde(default)]
    pub email: Patch<String>,
    #[serde(default)]
    pub full_name: Patch<String>,
    #[serde(default)]
    pub display_name: Patch<String>,
    #[serde(default)]
    pub timezone: Patch<String>,
}

impl From<User> for UserRead {
    fn from(u: User) -> Self {
        UserRead {
            id: u.id,
            email: u.email,
            full_name: u.full_name,
            display_name: u.display_name,
            timezone: u.timezone,
        }
    }
}

impl UserCreate {
    fn validate(self) -> Result<NewUser, ApiError> {
        check_email(&self.email)?;
        ApiError::check_length("full_name", &self.full_name, FULL_NAME_MAX)?;
        if let Some(name) = &self.display_name {
            ApiError::check_length("display_name", name, DISPLAY_NAME_MAX)?;
        }
        let timezone = self.timezone.unwrap_or_else(|| "UTC".into());
        ApiError::check_length("timezone", &timezone, TIMEZONE_MAX)?;
        Ok(NewUser {
            email: self.email,
            full_name: self.full_name,
            display_name: self.display_name,
            timezone,
        })
    }
}

impl UserUpdate {
    fn validate(self) -> Result<UserChanges, ApiError> {
        let email = required("email", self.email)?;
        if let Some(email) = &email {
            check_email(email)?;
        }
        let full_name = required("full_name", self.full_name)?;
        if let Some(name) = &full_name {
            ApiError::check_length("full_name", name, FULL_NAME_MAX)?;
        }
        let timezone = required("timezone", self.timezone)?;
        if let Some(tz) = &timezone {
            ApiError::check_length("timezone", tz, TIMEZONE_MAX)?;
        }
        let display_name = match self.display_name {
            Patch::Absent => None,
            Patch::Null => Some(None),
            Patch::Value(name) => {
                ApiError::check_length("display_name", &name, DISPLAY_NAME_MAX)?;
                Some(Some(name))
            }
        };
        Ok(UserChanges {
            email,
            full_name,
            display_name,
            timezone,
        })
    }
}

/// A patch of a NOT NULL column: absent is no change, `null` is refused.
fn required(field: &str, patch: Patch<String>) -> Result<Option<String>, ApiError> {
    match patch {
        Patch::Absent => Ok(None),
        Patch::Null => Err(ApiError::Unprocessable(format!("{field} cannot be null"))),
        Patch::Value(v) => Ok(Some(v)),
    }
}

fn check_email(email: &str) -> Result<(), ApiError> {
    if !email.contains('@') {
        return Err(ApiError::Unprocessable(format!(
            "email `{email}` is not an email address"
        )));
    }
    ApiError::check_length("email", email, EMAIL_MAX)
}

/// `POST /users`.
pub async fn create(
    State(pool): State<AnyPool>,
    body: Result<Json<UserCreate>, JsonRejection>,
) -> Result<(StatusCode, Json<UserRead>), ApiError> {
    let Json(body) = body?;
    let user = store::create_user(&pool, &body.validate()?).await?;
    Ok((StatusCode::CREATED, Json(user.into())))
}

/// `GET /users/{id}`.
pub async fn read(
    State(pool): State<AnyPool>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<UserRead>, ApiError> {
    let Path(id) = id?;
    let user = store::get_user(&pool, id).await?;
    user.map(|u| Json(u.into())).ok_or(ApiError::no_user(id))
}

/// `PATCH /users/{id}`.
pub async fn update(
    State(pool): State<AnyPool>,
    id: Result<Path<i64>, PathRejection>,
    body: Result<Json<UserUpdate>, JsonRejection>,
) -> Result<Json<UserRead>, ApiError> {
    let Path(id) = id?;
    let Json(body) = body?;
    let user = store::update_user(&pool, id, &body.validate()?).await?;
    user.map(|u| Json(u.into())).ok_or(ApiError::no_user(id))
}

/// `DELETE /users/{id}`: its items go with it.
pub async fn delete(
    State(pool): State<AnyPool>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let Path(id) = id?;
    match store::delete_user(&pool, id).await? {
        true => Ok(StatusCode::NO_CONTENT),
        false => Err(ApiError::no_user(id)),
    }
}
