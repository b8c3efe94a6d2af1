//! The service's queries: the only place that writes SQL. One text for both databases
//! (sqlx's `Any` driver; `$N` placeholders work on SQLite and PostgreSQL alike).

use crate::models::{Item, User};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

/// The column that holds a user's full name. The `renamed` feature builds the next release
/// of expand-contract.sh, which reads and writes `users.name` (the API field stays
/// `full_name`).
#[cfg(not(feature = "renamed"))]
const FULL_NAME: &str = "full_name";
#[cfg(feature = "renamed")]
const FULL_NAME: &str = "name";

#[cfg(not(feature = "renamed"))]
const USER_COLUMNS: &str = "id, email, full_name, display_name, timezone";
#[cfg(feature = "renamed")]
const USER_COLUMNS: &str = "id, email, name AS full_name, display_name, timezone";
const ITEM_COLUMNS: &str = "id, user_id, title";

/// A user to insert.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub full_name: String,
    pub display_name: Option<String>,
    pub timezone: String,
}

/// The columns a PATCH changes; `None` leaves a column as it is.
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    pub email: Option<String>,
    pub full_name: Option<String>,
    /// `Some(None)` clears the display name.
    pub display_name: Option<Option<String>>,
    pub timezone: Option<String>,
}

impl UserChanges {
    /// The (column, new value) pairs, in a fixed order.
    fn assignments(&self) -> Vec<(&'static str, Option<String>)> {
        let mut out = Vec::new();
        if let Some(v) = &self.email {
            out.push(("email", Some(v.clone())));
        }
        if let Some(v) = &self.full_name {
            out.push((FULL_NAME, Some(v.clone())));
        }
        if let Some(v) = &self.display_name {
            out.push(("display_name", v.clone()));
        }
        if let Some(v) = &self.timezone {
            out.push(("timezone", Some(v.clone())));
        }
        out
    }
}

fn user(row: &AnyRow) -> sqlx::Result<User> {
    Ok(User {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        full_name: row.try_get("full_name")?,
        display_name: row.try_get("display_name")?,
        timezone: row.try_get("timezone")?,
    })
}

fn item(row: &AnyRow) -> sqlx::Result<Item> {
    Ok(Item {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        title: row.try_get("title")?,
    })
}

/// Inserts a user. A duplicate email is a unique violation (`ix_users_email`).
pub async fn create_user(pool: &AnyPool, new: &NewUser) -> sqlx::Result<User> {
    let sql = format!(
        "INSERT INTO users (email, {FULL_NAME}, display_name, timezone) \
         VALUES ($1, $2, $3, $4) RETURNING {USER_COLUMNS}"
    );
    let row = sqlx::query(&sql)
        .bind(&new.email)
        .bind(&new.full_name)
        .bind(&new.display_name)
        .bind(&new.timezone)
        .fetch_one(pool)
        .await?;
    user(&row)
}

/// The user `id`, if there is one.
pub async fn get_user(pool: &AnyPool, id: i64) -> sqlx::Result<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(pool).await?;
    row.as_ref().map(user).transpose()
}

/// Applies `changes` to user `id` in one statement and returns the user as it is now;
/// `None` when there is no such user.
pub async fn update_user(
    pool: &AnyPool,
    id: i64,
    changes: &UserChanges,
) -> sqlx::Result<Option<User>> {
    let assignments = changes.assignments();
    if assignments.is_empty() {
        return get_user(pool, id).await;
    }
    let set: Vec<String> = assignments
        .iter()
        .enumerate()
        .map(|(i, (column, _))| format!("{column} = ${}", i + 1))
        .collect();
    let sql = format!(
        "UPDATE users SET {} WHERE id = ${} RETURNING {USER_COLUMNS}",
        set.join(", "),
        assignments.len() + 1
    );
    let mut query = sqlx::query(&sql);
    for (_, value) in assignments {
        query = query.bind(value);
    }
    let row = query.bind(id).fetch_optional(pool).await?;
    row.as_ref().map(user).transpose()
}

/// Deletes user `id` (its items go with it: ON DELETE CASCADE); false when there was none.
pub async fn delete_user(pool: &AnyPool, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// The items of user `id`, oldest first; `None` when there is no such user.
pub async fn list_items(pool: &AnyPool, user_id: i64) -> sqlx::Result<Option<Vec<Item>>> {
    if get_user(pool, user_id).await?.is_none() {
        return Ok(None);
    }
    let sql = format!("SELECT {ITEM_COLUMNS} FROM items WHERE user_id = $1 ORDER BY id");
    let rows = sqlx::query(&sql).bind(user_id).fetch_all(pool).await?;
    rows.iter().map(item).collect::<sqlx::Result<_>>().map(Some)
}

/// Adds an item to user `id`; `None` when there is no such user (the foreign key refuses).
pub async fn create_item(pool: &AnyPool, user_id: i64, title: &str) -> sqlx::Result<Option<Item>> {
    let sql =
        format!("INSERT INTO items (user_id, title) VALUES ($1, $2) RETURNING {ITEM_COLUMNS}");
    match sqlx::query(&sql)
        .bind(user_id)
        .bind(title)
        .fetch_one(pool)
        .await
    {
        Ok(row) => item(&row).map(Some),
        Err(sqlx::Error::Database(e)) if e.is_foreign_key_violation() => Ok(None),
        Err(e) => Err(e),
    }
}
