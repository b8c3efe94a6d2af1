//! `/users/{id}/items`: a user's items.

use super::ApiError;
use crate::models::{Item, TITLE_MAX};
use crate::store;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;

/// The body of `POST /users/{id}/items`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemCreate {
    pub title: String,
}

/// An item as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRead {
    pub id: i64,
    pub user_id: i64,
    pub title: String,
}

impl From<Item> for ItemRead {
    fn from(i: Item) -> Self {
        ItemRead {
            id: i.id,
            user_id: i.user_id,
            title: i.title,
        }
    }
}

/// `GET /users/{id}/items`.
pub async fn list(
    State(pool): State<AnyPool>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<Vec<ItemRead>>, ApiError> {
    let Path(id) = id?;
    let items = store::list_items(&pool, id)
        .await?
        .ok_or(ApiError::no_user(id))?;
    Ok(Json(items.into_iter().map(ItemRead::from).collect()))
}

/// `POST /users/{id}/items`.
pub async fn create(
    State(pool): State<AnyPool>,
    id: Result<Path<i64>, PathRejection>,
    body: Result<Json<ItemCreate>, JsonRejection>,
) -> Result<(StatusCode, Json<ItemRead>), ApiError> {
    let Path(id) = id?;
    let Json(body) = body?;
    ApiError::check_length("title", &body.title, TITLE_MAX)?;
    let item = store::create_item(&pool, id, &body.title).await?;
    let item = item.ok_or(ApiError::no_user(id))?;
    Ok((StatusCode::CREATED, Json(item.into())))
}
