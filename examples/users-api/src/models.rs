//! The tables, declared as Rust models: the target schema that
//! `shale revision --autogenerate` compares with the database (shale.toml's `[models]`).
//!
//! The CLI reads this file without compiling it; the derive gives the same schema at run
//! time (`shale::models::to_schema(&[User::model_def(), Item::model_def()], dialect)`).

/// A user. `email` is unique (the index `ix_users_email`); `full_name` was called
/// `fullname` before revision 5e4c9a5b6f05.
#[derive(Debug, Clone, PartialEq, Eq, shale::Model)]
// These doc comments are notes for Rust readers, not for the database: no table comments.
#[shale(table = "users", index(columns = "email", unique), comment = false)]
pub struct User {
    #[shale(primary_key)]
    pub id: i64,
    #[shale(max_length = 255)]
    pub email: String,
    #[shale(max_length = 120, renamed_from = "fullname")]
    pub full_name: String,
    #[shale(max_length = 80)]
    pub display_name: Option<String>,
    #[shale(max_length = 64)]
    pub timezone: String,
}

/// An item owned by a user; deleting the user deletes its items.
#[derive(Debug, Clone, PartialEq, Eq, shale::Model)]
#[shale(table = "items", comment = false)]
pub struct Item {
    #[shale(primary_key)]
    pub id: i64,
    #[shale(references = "users.id", on_delete = "cascade", index)]
    pub user_id: i64,
    #[shale(max_length = 200)]
    pub title: String,
}

/// The longest `display_name` the column holds.
pub const DISPLAY_NAME_MAX: usize = 80;
/// The longest `email` the column holds.
pub const EMAIL_MAX: usize = 255;
/// The longest `full_name` the column holds.
pub const FULL_NAME_MAX: usize = 120;
/// The longest `timezone` the column holds.
pub const TIMEZONE_MAX: usize = 64;
/// The longest item `title` the column holds.
pub const TITLE_MAX: usize = 200;
