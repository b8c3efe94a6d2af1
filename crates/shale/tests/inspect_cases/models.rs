// Rust models read (not compiled) by tests/it/inspect.rs with `shale::models::parse_file`.

#[derive(shale::Model)]
#[shale(table = "users", check(expr = "length(email) > 3", name = "ck_users_email_length"))]
pub struct User {
    #[shale(primary_key)]
    pub id: i64,
    #[shale(unique, max_length = 255)]
    pub email: String,
    #[shale(max_length = 80)]
    pub display_name: Option<String>,
    #[shale(max_length = 64, default = "'UTC'")]
    pub timezone: String,
}

#[derive(shale::Model)]
#[shale(table = "items", index(columns = "user_id, created_at", comment = "A user's items, by date"))]
#[shale(unique(columns = "user_id, price", comment = "One item per price"))]
#[shale(primary_key(comment = "An item's own id"))]
pub struct Item {
    #[shale(primary_key)]
    pub id: i64,
    #[shale(references = "users.id", on_delete = "cascade")]
    pub user_id: i64,
    #[shale(check = "price >= 0", default = 0)]
    pub price: rust_decimal::Decimal,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub doc: Option<serde_json::Value>,
}
