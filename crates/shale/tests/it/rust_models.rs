//! Rust models end to end: the derive and `parse_file` agree, the type mapping per
//! dialect, naming, the errors, and the models applied (through the library's diff and
//! renderer) to real SQLite, PostgreSQL and MySQL/MariaDB databases.
//!
//! Servers: `SHALE_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`)
//! and `SHALE_TEST_MYSQL_URL` (default `mysql://root@127.0.0.1:3306/mysql`); each test
//! creates a uniquely named scratch database and drops it.

use shale::dialect::Dialect;
use shale::diff::{diff, Change, NamingConvention};
use shale::models::{
    diff_options, load_files, parse_file, renames, table_renames, to_schema, to_schema_with,
    ModelDef, ModelError,
};
use shale::schema::{Schema, Table};

/// Stand-ins for the crates whose types the fixture uses (the derive never looks at a
/// type's definition, only at its path).
mod chrono {
    pub struct NaiveDate;
    pub struct NaiveTime;
    pub struct NaiveDateTime;
    pub struct Utc;
    pub struct DateTime<Tz>(pub Tz);
}
mod time {
    pub struct Date;
    pub struct PrimitiveDateTime;
    pub struct OffsetDateTime;
}
mod uuid {
    pub struct Uuid;
}
mod rust_decimal {
    #[derive(Debug)]
    pub struct Decimal;
}
impl std::fmt::Debug for chrono::DateTime<chrono::Utc> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DateTime<Utc>")
    }
}

include!("../fixtures/rust_models.rs");

const FIXTURE: &str = include_str!("../fixtures/rust_models.rs");

fn compiled() -> Vec<ModelDef> {
    vec![
        User::model_def(),
        Item::model_def(),
        teams::Membership::model_def(),
        Everything::model_def(),
        Tagged::<()>::model_def(),
        OrderLine::model_def(),
    ]
}

#[test]
fn derive_and_parse_file_give_identical_models() {
    let parsed = parse_file(FIXTURE).expect("the fixture parses");
    assert_eq!(parsed, compiled());
}

#[test]
fn the_spec_example_derives() {
    let user = User::model_def();
    assert_eq!(user.table, "users");
    assert_eq!(user.primary_key, ["id"]);
    let columns: Vec<&str> = user.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        columns,
        ["id", "email", "display_name", "timezone", "full_name"]
    );
}

fn column_types(schema: &Schema, table: &str) -> Vec<(String, String)> {
    schema.tables[table]
        .columns
        .iter()
        .map(|c| (c.name.clone(), c.ty.to_string()))
        .collect()
}

#[test]
fn type_mapping_per_dialect() {
    #[rustfmt::skip]
    let expected: &[(&str, &str, &str, &str)] = &[
        // column,      PostgreSQL,                 MySQL/MariaDB,       SQLite
        ("id",          "uuid",                     "char(36)",          "char(36)"),
        ("tiny_i8",     "smallint",                 "tinyint",           "integer"),
        ("small_i16",   "smallint",                 "smallint",          "integer"),
        ("int_i32",     "integer",                  "int",               "integer"),
        ("big_i64",     "bigint",                   "bigint",            "integer"),
        ("byte_u8",     "smallint",                 "tinyint unsigned",  "integer"),
        ("short_u16",   "integer",                  "smallint unsigned", "integer"),
        ("int_u32",     "bigint",                   "int unsigned",      "integer"),
        ("big_u64",     "bigint",                   "bigint unsigned",   "integer"),
        ("flag",        "boolean",                  "boolean",           "boolean"),
        ("single_f32",  "real",                     "float",             "real"),
        ("double_f64",  "double precision",         "double",            "real"),
        ("body",        "text",                     "text",              "text"),
        ("amount",      "numeric(38,10)",           "decimal(38,10)",    "numeric(38,10)"),
        ("day",         "date",                     "date",              "date"),
        ("clock",       "time",                     "time(6)",           "time"),
        ("local_at",    "timestamp",                "datetime(6)",       "datetime"),
        ("instant",     "timestamp with time zone", "datetime(6)",       "datetime"),
        ("t_day",       "date",                     "date",              "date"),
        ("t_local",     "timestamp",                "datetime(6)",       "datetime"),
        ("t_instant",   "timestamp with time zone", "datetime(6)",       "datetime"),
        ("bytes",       "bytea",                    "longblob",          "blob"),
        ("digest",      "bytea",                    "binary(32)",        "blob"),
        ("doc",         "jsonb",                    "json",              "text"),
        ("note",        "text",                     "text",              "text"),
    ];
    for (dialect, pick) in [
        (Dialect::Postgres, 1),
        (Dialect::Mysql, 2),
        (Dialect::Sqlite, 3),
    ] {
        let schema = to_schema(&[Everything::model_def()], dialect).unwrap();
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|row| {
                let ty = [row.1, row.2, row.3][pick - 1];
                (row.0.to_string(), ty.to_string())
            })
            .collect();
        assert_eq!(column_types(&schema, "everything"), want, "{dialect}");
    }
}

#[test]
fn lengths_overrides_and_nullability() {
    let schema = to_schema(&compiled(), Dialect::Postgres).unwrap();
    let users = &schema.tables["users"];
    let col = |t: &Table, n: &str| t.column(n).unwrap().clone();
    assert_eq!(col(users, "email").ty, "varchar(255)");
    assert!(!col(users, "email").nullable);
    assert!(col(users, "display_name").nullable);
    assert_eq!(col(users, "timezone").default.as_deref(), Some("'UTC'"));
    assert_eq!(col(&schema.tables["memberships"], "since").ty, "smallint");
    assert_eq!(
        col(&schema.tables["items"], "price").default.as_deref(),
        Some("0")
    );
}

fn names<T>(map: &std::collections::BTreeMap<String, T>) -> Vec<&str> {
    map.keys().map(String::as_str).collect()
}

#[test]
fn keys_constraints_and_indexes() {
    let schema = to_schema(&compiled(), Dialect::Sqlite).unwrap();
    let users = &schema.tables["users"];
    assert_eq!(users.primary_key.as_ref().unwrap().columns, ["id"]);
    assert!(users.column("id").unwrap().autoincrement);
    assert_eq!(users.uniques["uq_users_email"].columns, ["email"]);
    assert_eq!(
        users.checks["ck_users_email_length"].expression,
        "length(email) > 3"
    );

    let items = &schema.tables["items"];
    let fk = &items.foreign_keys["fk_items_user_id_users"];
    assert_eq!(
        (fk.ref_table.as_str(), fk.ref_columns.clone()),
        ("users", vec!["id".to_string()])
    );
    assert_eq!(
        (fk.on_delete.as_deref(), fk.on_update.as_deref()),
        (Some("CASCADE"), None)
    );
    assert_eq!(
        names(&items.indexes),
        ["ix_items_created_at", "ix_items_user_id_created_at"]
    );
    assert!(items.indexes.values().all(|i| !i.unique));
    assert_eq!(
        items.indexes["ix_items_user_id_created_at"].columns,
        ["user_id", "created_at"]
    );
    assert_eq!(
        items.uniques["uq_items_user_id_title"].columns,
        ["user_id", "title"]
    );
    assert_eq!(items.checks["ck_items_check"].expression, "price >= 0");

    let members = &schema.tables["memberships"];
    assert_eq!(
        members.primary_key.as_ref().unwrap().columns,
        ["org_id", "user_id"]
    );
    assert!(members.columns.iter().all(|c| !c.autoincrement));
    assert!(members.indexes["ix_memberships_role_unique"].unique);
    assert_eq!(
        members.uniques["uq_memberships_user_since"].columns,
        ["user_id", "since"]
    );
    let fk = &members.foreign_keys["fk_memberships_user_id_users"];
    assert_eq!(
        (fk.on_delete.as_deref(), fk.on_update.as_deref()),
        (Some("RESTRICT"), None)
    );
    assert!(
        !schema.tables["everything"]
            .column("id")
            .unwrap()
            .autoincrement
    );
}

#[test]
fn a_project_naming_convention_names_what_the_models_left_unnamed() {
    let naming = NamingConvention {
        unique: "{table}_{columns}_key".into(),
        check: "{table}_{name}".into(),
        ..NamingConvention::default()
    };
    let schema = to_schema_with(&compiled(), Dialect::Postgres, &naming).unwrap();
    let users = &schema.tables["users"];
    assert_eq!(names(&users.uniques), ["users_email_key"]);
    assert_eq!(
        names(&users.checks),
        ["ck_users_email_length"],
        "given names are kept"
    );
    assert_eq!(names(&schema.tables["items"].checks), ["items_check"]);
    assert_eq!(
        names(&schema.tables["memberships"].uniques),
        ["uq_memberships_user_since"]
    );
}

/// `comment = "…"` on a struct's `index(…)` / `unique(…)` / `primary_key(…)` lands where
/// each dialect's inspection reads it back: in the key (MySQL/MariaDB), as `COMMENT ON
/// INDEX` / `COMMENT ON CONSTRAINT` objects named after the naming convention
/// (PostgreSQL), nowhere (SQLite).
#[test]
fn index_and_key_comments_per_dialect() {
    let index = "ix_items_user_id_created_at";
    let unique = "uq_memberships_user_since";
    let mysql = to_schema(&compiled(), Dialect::Mysql).unwrap();
    assert_eq!(
        mysql.tables["items"].indexes[index].comment.as_deref(),
        Some("A user's items, newest last")
    );
    assert_eq!(
        mysql.tables["memberships"].uniques[unique]
            .comment
            .as_deref(),
        Some("One start per user")
    );
    let key_comment = |s: &Schema, table: &str| {
        let key = s.tables[table].primary_key.as_ref().unwrap();
        key.comment.clone()
    };
    assert_eq!(
        key_comment(&mysql, "items").as_deref(),
        Some("An item's own id")
    );
    assert_eq!(
        key_comment(&mysql, "memberships").as_deref(),
        Some("One membership per user and organisation")
    );
    assert_eq!(key_comment(&mysql, "users"), None);
    assert!(mysql
        .objects
        .values()
        .all(|o| !o.definition.contains("newest") && !o.definition.contains("own id")));

    let naming = NamingConvention {
        index: "{table}_{columns}_idx".into(),
        ..NamingConvention::default()
    };
    let postgres = to_schema_with(&compiled(), Dialect::Postgres, &naming).unwrap();
    let tables = &postgres.tables;
    assert!(tables
        .values()
        .all(|t| t.indexes.values().all(|i| i.comment.is_none())
            && t.uniques.values().all(|u| u.comment.is_none())
            && key_comment(&postgres, &t.name).is_none()));
    let comments: Vec<(&str, Option<&str>)> = postgres
        .objects
        .values()
        .filter(|o| {
            o.definition.starts_with("COMMENT ON INDEX")
                || o.definition.starts_with("COMMENT ON CONSTRAINT")
        })
        .map(|o| (o.definition.as_str(), o.table.as_deref()))
        .collect();
    assert_eq!(
        comments,
        [
            ("COMMENT ON CONSTRAINT pk_items ON items IS 'An item''s own id'", Some("items")),
            ("COMMENT ON CONSTRAINT pk_memberships ON memberships IS 'One membership per user and organisation'", Some("memberships")),
            ("COMMENT ON CONSTRAINT uq_memberships_user_since ON memberships IS 'One start per user'", Some("memberships")),
            ("COMMENT ON INDEX items_user_id_created_at_idx IS 'A user''s items, newest last'", Some("items")),
        ]
    );

    let sqlite = to_schema(&compiled(), Dialect::Sqlite).unwrap();
    assert!(sqlite
        .tables
        .values()
        .all(|t| t.indexes.values().all(|i| i.comment.is_none())
            && t.uniques.values().all(|u| u.comment.is_none())
            && key_comment(&sqlite, &t.name).is_none()));
    assert!(sqlite.objects.is_empty());
}

/// A table in another PostgreSQL schema comments its index and constraints there.
#[test]
fn index_comments_in_another_postgres_schema() {
    let defs = parse_file(
        "#[derive(Model)]\n#[shale(schema = \"billing\", index(columns = \"n\", comment = \"By n\"), unique(columns = \"m\", comment = \"One m\"))]\n#[shale(primary_key(comment = \"The key\"))]\nstruct Invoice { #[shale(primary_key)] id: i64, n: i64, m: i64 }",
    )
    .unwrap();
    let schema = to_schema(&defs, Dialect::Postgres).unwrap();
    let mut comments: Vec<&str> = schema
        .objects
        .values()
        .filter(|o| o.table.as_deref() == Some("billing.invoice"))
        .map(|o| o.definition.as_str())
        .collect();
    comments.sort_unstable();
    assert_eq!(
        comments,
        [
            "COMMENT ON CONSTRAINT pk_invoice ON billing.invoice IS 'The key'",
            "COMMENT ON CONSTRAINT uq_invoice_m ON billing.invoice IS 'One m'",
            "COMMENT ON INDEX billing.ix_invoice_n IS 'By n'",
        ]
    );
}

#[test]
fn declared_renames() {
    assert_eq!(
        renames(&compiled()),
        [("users".into(), "fullname".into(), "full_name".into())]
    );
    assert_eq!(
        table_renames(&compiled()),
        [("members".into(), "memberships".into())]
    );
}

#[test]
fn declared_renames_reach_the_diff() {
    let old = parse_file(
        "#[derive(Model)] #[shale(table = \"members\", primary_key = \"org_id, user_id\")]
         struct M { org_id: i32, user_id: i64, role: String, since: i32 }
         #[derive(Model)] #[shale(table = \"users\")]
         struct U { #[shale(primary_key)] id: i64, fullname: Option<String> }",
    )
    .unwrap();
    let old = to_schema(&old, Dialect::Sqlite).unwrap();
    let new_defs = [User::model_def(), teams::Membership::model_def()];
    let new = to_schema(&new_defs, Dialect::Sqlite).unwrap();
    let changes = diff(&old, &new, &diff_options(&new_defs)).changes;
    let renamed_table = Change::RenameTable {
        from: "members".into(),
        to: "memberships".into(),
    };
    assert!(changes.contains(&renamed_table), "{changes:#?}");
    let renamed_column = Change::RenameColumn {
        table: "users".into(),
        from: "fullname".into(),
        to: "full_name".into(),
    };
    assert!(changes.contains(&renamed_column), "{changes:#?}");
}

#[test]
fn a_qualified_renamed_from_moves_a_table_between_schemas() {
    let defs = |source: &str| parse_file(source).unwrap();
    let old = defs(
        "#[derive(Model)] #[shale(table = \"users\")]
         struct U { #[shale(primary_key)] id: i64 }
         #[derive(Model)] #[shale(table = \"accounts\", schema = \"billing\")]
         struct A { #[shale(primary_key)] id: i64 }",
    );
    let new = defs(
        "#[derive(Model)] #[shale(table = \"members\", schema = \"billing\", renamed_from = \"public.users\")]
         struct U { #[shale(primary_key)] id: i64 }
         #[derive(Model)] #[shale(table = \"customers\", renamed_from = \"billing.accounts\")]
         struct A { #[shale(primary_key)] id: i64 }",
    );
    assert_eq!(
        table_renames(&new),
        [
            ("public.users".into(), "billing.members".into()),
            ("billing.accounts".into(), "customers".into())
        ]
    );
    let old_schema = to_schema(&old, Dialect::Postgres).unwrap();
    let new_schema = to_schema(&new, Dialect::Postgres).unwrap();
    let changes = diff(&old_schema, &new_schema, &diff_options(&new)).changes;
    let moved = |from: &str, to: &str| Change::RenameTable {
        from: from.into(),
        to: to.into(),
    };
    assert!(
        changes.contains(&moved("users", "billing.members")),
        "{changes:#?}"
    );
    assert!(
        changes.contains(&moved("billing.accounts", "customers")),
        "{changes:#?}"
    );
}

#[test]
fn load_files_reads_models_and_names_the_file_in_errors() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rust_models.rs");
    assert_eq!(load_files(&[fixture]).unwrap(), compiled());

    let missing = load_files(&["no/such/models.rs"]).unwrap_err().to_string();
    assert!(
        missing.starts_with("cannot read Rust models file no/such/models.rs: "),
        "{missing}"
    );

    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("models.rs");
    std::fs::write(&broken, "#[derive(Model)]\nstruct A {\n    id: i64,\n}\n").unwrap();
    let message = load_files(&[&broken]).unwrap_err().to_string();
    let expected = format!(
        "{}:2:8: table `a` (struct `A`) has no primary key",
        broken.display()
    );
    assert!(
        message.starts_with(&expected),
        "expected: {expected}\n     got: {message}"
    );
}

fn model_error(source: &str, dialect: Dialect) -> String {
    let defs = parse_file(source).expect("the model parses");
    let err: ModelError = to_schema(&defs, dialect).expect_err("the model is refused");
    err.to_string()
}

#[test]
fn model_errors_name_the_model_and_field() {
    let cases = [
        (
            "#[derive(Model)] struct Pet { #[shale(primary_key)] id: i64, #[shale(enum)] mood: Mood }",
            Dialect::Sqlite,
            "model `Pet`, field `mood`: `Mood` is marked `enum` but no #[derive(shale::Enum)] enum",
        ),
        (
            "#[derive(Model)] struct Pet { #[shale(primary_key)] id: i64, owner: Person }",
            Dialect::Postgres,
            "model `Pet`, field `owner`: no postgresql type is known for Rust type `Person`; add #[shale(sql_type = \"…\")]",
        ),
        (
            "#[derive(Model)] struct Pet { #[shale(primary_key)] id: i64, #[shale(max_length = 3)] age: i32 }",
            Dialect::Sqlite,
            "model `Pet`, field `age`: `max_length` applies to String fields, not `i32`",
        ),
        (
            "#[derive(Model)] struct Pet { #[shale(primary_key)] name: String }",
            Dialect::Mysql,
            "model `Pet`, field `name`: MySQL cannot use a TEXT column in a key or index; give the field a length",
        ),
        (
            "#[derive(Model)] struct Pet { #[shale(primary_key)] id: i64, #[shale(autoincrement)] n: i64 }",
            Dialect::Sqlite,
            "model `Pet`, field `n`: `autoincrement` needs the table's only primary key column to be an integer",
        ),
        (
            "#[derive(Model)] #[shale(table = \"p\")] struct A { #[shale(primary_key)] id: i64 }\n\
             #[derive(Model)] #[shale(table = \"p\")] struct B { #[shale(primary_key)] id: i64 }",
            Dialect::Sqlite,
            "table `p` is declared by two models, `A` and `B`",
        ),
    ];
    for (source, dialect, expected) in cases {
        let message = model_error(source, dialect);
        assert!(
            message.contains(expected),
            "expected: {expected}\n     got: {message}"
        );
    }
    let text_pk =
        parse_file("#[derive(Model)] struct Pet { #[shale(primary_key)] name: String }").unwrap();
    assert!(
        to_schema(&text_pk, Dialect::Postgres).is_ok(),
        "only MySQL refuses TEXT keys"
    );
}

#[path = "../rust_models/apply.rs"]
mod apply;

#[tokio::test]
async fn models_apply_on_sqlite() {
    apply::on_sqlite(&compiled()).await;
}

#[tokio::test]
async fn models_apply_on_postgres() {
    apply::on_postgres(&compiled()).await;
}

#[tokio::test]
async fn models_apply_on_mysql() {
    apply::on_mysql(&compiled()).await;
}
