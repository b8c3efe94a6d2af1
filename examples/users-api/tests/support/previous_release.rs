//! The previous release's queries, as it shipped before `users.display_name` existed: it
//! knows `users(id, email, fullname)` and `items`, and names its columns explicitly.

use sqlx::{AnyPool, Row};

/// A user as the previous release reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldUser {
    pub id: i64,
    pub email: String,
    pub fullname: String,
}

pub async fn create_user(pool: &AnyPool, email: &str, fullname: &str) -> i64 {
    sqlx::query("INSERT INTO users (email, fullname) VALUES ($1, $2) RETURNING id")
        .bind(email)
        .bind(fullname)
        .fetch_one(pool)
        .await
        .unwrap()
        .get("id")
}

pub async fn get_user(pool: &AnyPool, id: i64) -> Option<OldUser> {
    let row = sqlx::query("SELECT id, email, fullname FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
        .unwrap()?;
    Some(OldUser {
        id: row.get("id"),
        email: row.get("email"),
        fullname: row.get("fullname"),
    })
}

pub async fn rename_user(pool: &AnyPool, id: i64, fullname: &str) {
    sqlx::query("UPDATE users SET fullname = $1 WHERE id = $2")
        .bind(fullname)
        .bind(id)
        .execute(pool)
        .await
        .unwrap();
}

pub async fn add_item(pool: &AnyPool, user_id: i64, title: &str) -> i64 {
    sqlx::query("INSERT INTO items (user_id, title) VALUES ($1, $2) RETURNING id")
        .bind(user_id)
        .bind(title)
        .fetch_one(pool)
        .await
        .unwrap()
        .get("id")
}

pub async fn item_titles(pool: &AnyPool, user_id: i64) -> Vec<String> {
    sqlx::query("SELECT title FROM items WHERE user_id = $1 ORDER BY id")
        .bind(user_id)
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get("title"))
        .collect()
}

pub async fn delete_user(pool: &AnyPool, id: i64) {
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await
        .unwrap();
}
