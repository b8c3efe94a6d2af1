//! Grammar tests: every attribute, and every error with its message.

use crate::{
    parse_derive, parse_enum, parse_file, CheckDef, FieldDef, IndexDef, IndexKind, ModelDef,
};

fn parse(src: &str) -> syn::Result<ModelDef> {
    parse_derive(&syn::parse_str(src).expect("test input is a valid struct"))
}

fn error(src: &str) -> String {
    match parse(src) {
        Ok(def) => panic!("expected an error, got {def:?}"),
        Err(e) => e
            .into_iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

#[test]
fn the_spec_example() {
    let def = parse(
        r#"
        #[shale(table = "users")]
        pub struct User {
            #[shale(primary_key)]
            pub id: i64,
            #[shale(unique, max_length = 255)]
            pub email: String,
            #[shale(max_length = 80)]
            pub display_name: Option<String>,
        }"#,
    )
    .unwrap();
    let mut id = FieldDef::new("id", "i64");
    id.primary_key = true;
    let mut email = FieldDef::new("email", "String");
    email.unique = true;
    email.max_length = Some(255);
    let mut display_name = FieldDef::new("display_name", "String");
    display_name.nullable = true;
    display_name.max_length = Some(80);
    let expected = ModelDef {
        struct_name: "User".into(),
        table: "users".into(),
        schema: None,
        fields: vec![id, email, display_name],
        indexes: vec![],
        checks: vec![],
        primary_key: vec!["id".into()],
        primary_key_comment: None,
        renamed_from: None,
        comment: None,
        doc_comment: false,
    };
    assert_eq!(def, expected);
}

#[test]
fn doc_comments_are_comments_unless_turned_off() {
    let def = parse(
        r#"
        /// Everyone who signed up.
        ///
        ///   Indented second paragraph.
        struct User {
            #[shale(primary_key)]
            id: i64,
            /// Where we write to them.
            email: String,
            /// About the Rust side.
            #[shale(comment = false)]
            cache: String,
            #[shale(comment = "Given as text")]
            note: String,
        }"#,
    )
    .unwrap();
    assert_eq!(
        def.comment.as_deref(),
        Some("Everyone who signed up.\n\n  Indented second paragraph.")
    );
    let comments: Vec<_> = def.fields.iter().map(|f| f.comment.as_deref()).collect();
    assert_eq!(
        comments,
        [
            None,
            Some("Where we write to them."),
            None,
            Some("Given as text")
        ]
    );
    // Which comments are doc comments, for `[models] doc_comments = false`.
    assert!(def.doc_comment);
    let docs: Vec<_> = def.fields.iter().map(|f| f.doc_comment).collect();
    assert_eq!(docs, [false, true, false, false]);
    let quiet = parse(
        r#"
        /// Rust only.
        #[shale(comment = false)]
        struct Quiet {
            /// Rust only too.
            #[shale(primary_key)]
            id: i64,
            #[shale(comment = "kept")]
            n: i64,
        }"#,
    )
    .unwrap();
    assert_eq!(quiet.comment, None);
    assert_eq!(quiet.fields[0].comment, None);
    assert_eq!(quiet.fields[1].comment.as_deref(), Some("kept"));
    assert!(
        error("struct A { #[shale(primary_key, comment = 5)] id: i64 }")
            .contains("`comment` expects `false`")
    );
}

#[test]
fn field_attributes() {
    let def = parse(
        r#"
        struct OrderLine {
            #[shale(primary_key, autoincrement = false)]
            id: i32,
            #[shale(references = "orders.id", on_delete = "cascade", on_update = "Set  Null", index)]
            order_id: Option<i64>,
            #[shale(column = "qty", default = 1, check = "qty > 0")]
            quantity: i32,
            #[shale(sql_type = "numeric(10, 2)", default = "0.00")]
            price: rust_decimal::Decimal,
            #[shale(renamed_from = "note", default = true)]
            gift: bool,
            #[shale(skip)]
            cache: Vec<String>,
            #[shale(autoincrement)]
            r#type: i16,
        }"#,
    )
    .unwrap();
    assert_eq!(def.table, "order_line");
    assert_eq!(def.primary_key, vec!["id"]);
    let [id, order_id, qty, price, gift, ty] = def.fields.as_slice() else {
        panic!("expected six columns, got {:?}", def.fields);
    };
    assert_eq!(id.autoincrement, Some(false));
    assert_eq!(order_id.references, Some(("orders".into(), "id".into())));
    assert_eq!(order_id.on_delete.as_deref(), Some("CASCADE"));
    assert_eq!(order_id.on_update.as_deref(), Some("SET NULL"));
    assert!(order_id.index && order_id.nullable);
    assert_eq!(
        (qty.name.as_str(), qty.default.as_deref()),
        ("qty", Some("1"))
    );
    assert_eq!(qty.check.as_deref(), Some("qty > 0"));
    assert_eq!(price.sql_type.as_deref(), Some("numeric(10, 2)"));
    assert_eq!(price.rust_type, "rust_decimal::Decimal");
    assert_eq!(gift.renamed_from.as_deref(), Some("note"));
    assert_eq!(gift.default.as_deref(), Some("true"));
    assert_eq!((ty.name.as_str(), ty.autoincrement), ("type", Some(true)));
}

#[test]
fn struct_attributes() {
    let def = parse(
        r#"
        #[shale(table = "memberships", primary_key = "org_id, user_id", renamed_from = "members")]
        #[shale(index(columns = "role, since"), index(columns = "since", name = "ix_since", unique, comment = "By start"))]
        #[shale(unique_together = "org_id, role", unique(columns = "user_id, role", name = "uq_ur", comment = "One role each"))]
        #[shale(check = "since > 0", check(expr = "role <> ''", name = "ck_role"))]
        struct Membership { org_id: i64, user_id: i64, role: String, since: i32 }"#,
    )
    .unwrap();
    assert_eq!(def.primary_key, vec!["org_id", "user_id"]);
    assert!(def.fields[0].primary_key && def.fields[1].primary_key && !def.fields[2].primary_key);
    assert_eq!(def.renamed_from.as_deref(), Some("members"));
    let index = |name: Option<&str>, columns: &[&str], kind, comment: Option<&str>| IndexDef {
        name: name.map(Into::into),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        kind,
        comment: comment.map(Into::into),
    };
    assert_eq!(
        def.indexes,
        vec![
            index(None, &["role", "since"], IndexKind::Index, None),
            index(
                Some("ix_since"),
                &["since"],
                IndexKind::UniqueIndex,
                Some("By start")
            ),
            index(None, &["org_id", "role"], IndexKind::UniqueConstraint, None),
            index(
                Some("uq_ur"),
                &["user_id", "role"],
                IndexKind::UniqueConstraint,
                Some("One role each")
            ),
        ]
    );
    assert_eq!(
        def.checks,
        vec![
            CheckDef {
                name: None,
                expression: "since > 0".into()
            },
            CheckDef {
                name: Some("ck_role".into()),
                expression: "role <> ''".into()
            },
        ]
    );
}

#[test]
fn composite_key_from_fields_keeps_field_order() {
    let def = parse(
        "struct Tag { #[shale(primary_key)] post: i64, label: String, #[shale(primary_key)] name: String }",
    )
    .unwrap();
    assert_eq!(def.primary_key, vec!["post", "name"]);
}

#[test]
fn a_primary_key_takes_a_comment_on_the_struct() {
    // The key its fields mark, commented.
    let def = parse(
        r#"
        #[shale(primary_key(comment = "One row per member"))]
        struct Member { #[shale(primary_key)] id: i64, name: String }"#,
    )
    .unwrap();
    assert_eq!(def.primary_key, vec!["id"]);
    assert_eq!(
        def.primary_key_comment.as_deref(),
        Some("One row per member")
    );
    // A composite key, its columns and comment in one place.
    let src = r#"
        #[shale(primary_key(columns = "org_id, user_id", comment = "One role per member"))]
        struct Membership { user_id: i64, org_id: i64, role: String }"#;
    let def = parse(src).unwrap();
    assert_eq!(def.primary_key, vec!["org_id", "user_id"]);
    assert!(def.fields[0].primary_key && def.fields[1].primary_key && !def.fields[2].primary_key);
    assert_eq!(
        def.primary_key_comment.as_deref(),
        Some("One role per member")
    );
    // The file reader gives the CLI the same definition as the derive.
    let file = format!("#[derive(shale::Model)]{src}");
    assert_eq!(parse_file(&file).unwrap(), vec![def]);
    // `columns` alone is `primary_key = "…"`; without a comment there is none.
    let listed =
        parse(r#"#[shale(primary_key(columns = "a, b"))] struct T { a: i64, b: i64 }"#).unwrap();
    let written = parse(r#"#[shale(primary_key = "a, b")] struct T { a: i64, b: i64 }"#).unwrap();
    assert_eq!(listed, written);
    assert_eq!(written.primary_key_comment, None);
}

#[test]
fn errors_name_the_problem() {
    let cases = [
        ("struct A { #[shale(primary_key, colour = \"red\")] id: i64 }", "unknown shale attribute `colour` on a field; expected one of: column, primary_key"),
        ("struct A { #[shale(table = \"a\")] id: i64 }", "shale attribute `table` does not belong on a field"),
        ("#[shale(tabel = \"a\")] struct A { #[shale(primary_key)] id: i64 }", "unknown shale attribute `tabel` on a struct; expected one of: table,"),
        ("struct A { #[shale(primary_key, max_length = \"80\")] id: i64 }", "`max_length` expects a positive integer, e.g. `max_length = 255`"),
        ("struct A { #[shale(primary_key, max_length)] id: i64 }", "`max_length` needs a value, e.g. `max_length = 255`"),
        ("#[shale(table = 5)] struct A { #[shale(primary_key)] id: i64 }", "`table` expects a string, e.g. `table = \"users\"`"),
        ("struct A { #[shale(primary_key = \"id\")] id: i64 }", "`primary_key` is a flag: write `primary_key` or `primary_key = false`"),
        ("#[shale(table = \"users\")] struct User { id: i64 }", "table `users` (struct `User`) has no primary key: mark a field `#[shale(primary_key)]`"),
        ("struct A { #[shale(primary_key)] id: i64, #[shale(references = \"users\")] u: i64 }", "`references` expects \"table.column\", e.g. `references = \"users.id\"`, not \"users\""),
        ("struct A { #[shale(primary_key)] id: i64, #[shale(on_delete = \"cascade\")] u: i64 }", "`on_delete` / `on_update` need a foreign key"),
        ("struct A { #[shale(primary_key)] id: i64, #[shale(references = \"b.id\", on_delete = \"explode\")] u: i64 }", "`on_delete` expects one of \"cascade\""),
        ("struct A { #[shale(primary_key)] id: Option<i64> }", "primary key column `id` cannot be an `Option`"),
        ("struct A { #[shale(primary_key, unique, unique)] id: i64 }", "duplicate shale attribute `unique`"),
        ("#[shale(primary_key = \"id, nope\")] struct A { id: i64 }", "table `a` has no column `nope`"),
        ("#[shale(primary_key = \"id\")] struct A { #[shale(primary_key)] id: i64 }", "primary key of `a` given twice"),
        ("#[shale(index(columns = \"x\"))] struct A { #[shale(primary_key)] id: i64 }", "table `a` has no column `x`"),
        ("#[shale(index)] struct A { #[shale(primary_key)] id: i64 }", "`index` on a struct lists its columns: `index(columns = \"a, b\")`"),
        ("#[shale(index(name = \"ix\"))] struct A { #[shale(primary_key)] id: i64 }", "`index(…)` needs its columns"),
        ("#[shale(unique(columns = \"id\", unique))] struct A { #[shale(primary_key)] id: i64 }", "unknown shale attribute `unique` on `unique(…)`"),
        ("#[shale(index(columns = \"id\", coment = \"x\"))] struct A { #[shale(primary_key)] id: i64 }", "unknown shale attribute `coment` on `index(…)`; expected one of: columns, name, unique, comment"),
        ("#[shale(unique(columns = \"id\", comment = 5))] struct A { #[shale(primary_key)] id: i64 }", "`comment` expects a string, e.g. `comment = \"Lookups by email\"`"),
        ("#[shale(index(columns = \"id\", comment = \"\"))] struct A { #[shale(primary_key)] id: i64 }", "`comment` must not be empty"),
        ("#[shale(index(columns = \"id\", comment = \"a\", comment = \"b\"))] struct A { #[shale(primary_key)] id: i64 }", "duplicate shale attribute `comment`"),
        ("struct A { #[shale(primary_key)] id: i64, #[shale(index(comment = \"x\"))] n: i64 }", "`index` on a field is a flag, with no options: declare a named or commented index on the struct"),
        ("#[shale(primary_key(coment = \"x\"))] struct A { #[shale(primary_key)] id: i64 }", "unknown shale attribute `coment` on `primary_key(…)`; expected one of: columns, comment"),
        ("#[shale(primary_key(comment = \"\"))] struct A { #[shale(primary_key)] id: i64 }", "`comment` must not be empty"),
        ("#[shale(primary_key(comment = 5))] struct A { #[shale(primary_key)] id: i64 }", "`comment` expects a string, e.g. `comment = \"One row per member\"`"),
        ("#[shale(primary_key(columns = \"id\", comment = \"x\"))] struct A { #[shale(primary_key)] id: i64 }", "primary key of `a` given twice"),
        ("#[shale(primary_key(comment = \"x\"))] struct A { id: i64 }", "table `a` (struct `A`) has no primary key"),
        ("#[shale(primary_key(columns = \"id, nope\"))] struct A { id: i64 }", "table `a` has no column `nope`"),
        ("#[shale(primary_key = \"id\", primary_key(comment = \"x\"))] struct A { id: i64 }", "duplicate shale attribute `primary_key`"),
        ("struct A { #[shale(primary_key(comment = \"x\"))] id: i64 }", "`primary_key` on a field is a flag, with no options: give the key's comment on the struct"),
        ("#[shale(check(name = \"ck\"))] struct A { #[shale(primary_key)] id: i64 }", "`check(…)` needs its expression"),
        ("struct A { #[shale(primary_key)] id: i64, #[shale(column = \"id\")] other: i64 }", "table `a` has two columns named `id`"),
        ("struct A { #[shale(primary_key)] id: i64, #[shale(max_length = 0)] n: String }", "`max_length` expects a positive integer"),
        ("struct A { #[shale(primary_key)] id: i64, #[shale(max_length = 9, sql_type = \"char(9)\")] n: String }", "has both `max_length` and `sql_type`"),
        ("struct A { #[shale(primary_key)] id: i64, n: &'static str }", "unsupported field type for a column"),
        ("struct A { #[shale(primary_key)] id: i64, #[shale(stored)] n: i64 }", "column `n` is `stored` but not generated"),
        ("struct A { #[shale(primary_key)] id: i64, #[shale(generated = \"id * 2\", default = 0)] n: i64 }", "generated column `n` cannot have a default"),
        ("struct A { #[shale(primary_key)] id: i64, #[shale(generated)] n: i64 }", "`generated` needs a value, e.g. `generated = \"price * qty\"`"),
        ("struct A(i64);", "derive(Model) needs a struct with named fields"),
        ("enum A { B }", "derive(Model) works on structs only"),
    ];
    for (src, expected) in cases {
        let message = error(src);
        assert!(
            message.contains(expected),
            "for {src}\nexpected: {expected}\n     got: {message}"
        );
    }
}

#[test]
fn errors_in_several_fields_are_all_reported() {
    let message = error(
        "struct A { #[shale(primary_key, nope)] id: i64, #[shale(max_length = \"x\")] n: String }",
    );
    assert!(
        message.contains("`nope`") && message.contains("`max_length` expects"),
        "{message}"
    );
}

#[test]
fn parse_file_finds_models_and_reports_lines() {
    let source = r#"
use shale::Model;

#[derive(Debug, Model)]
struct A { #[shale(primary_key)] id: i64 }

#[derive(Debug, Clone)]
struct NotAModel { x: i32 }

pub mod nested {
    #[derive(shale::Model)]
    #[shale(table = "bees")]
    pub struct B { #[shale(primary_key)] id: i64 }
}

#[cfg(test)]
mod tests {
    #[derive(shale::Model)]
    struct Ignored { #[shale(primary_key)] id: i64 }
}
"#;
    let models = parse_file(source).unwrap();
    let tables: Vec<&str> = models.iter().map(|m| m.table.as_str()).collect();
    assert_eq!(tables, ["a", "bees"]);

    let broken = "#[derive(Model)]\nstruct A {\n    #[shale(primary_key)]\n    id: i64,\n    #[shale(sizes = 3)]\n    n: i32,\n}\n";
    let err = parse_file(broken).unwrap_err().in_file("src/models.rs");
    assert_eq!(
        (err.diagnostics[0].line, err.diagnostics[0].column),
        (5, 13)
    );
    assert!(
        err.to_string()
            .starts_with("src/models.rs:5:13: unknown shale attribute `sizes`"),
        "{err}"
    );

    let syntax = parse_file("struct {").unwrap_err();
    assert_eq!(syntax.diagnostics[0].line, 1);
}

#[test]
fn a_rust_syntax_error_says_what_and_where() {
    let err = crate::parse_file("#[derive(Model)]\nstruct A {\n    x: i32,\n    y: \"oops,\n}\n")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("<models>:4:8: "), "{err}");
    assert!(err.contains("not valid Rust"), "{err}");
    assert!(!err.contains("token stream"), "{err}");
    let err = crate::parse_file("struct A {\n    x: i32,\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("not valid Rust"), "{err}");
}

#[test]
fn enums_take_their_labels_from_the_variants() {
    let parse_enum_src = |src: &str| parse_enum(&syn::parse_str(src).unwrap());
    let e = parse_enum_src(
        r#"#[shale(rename_all = "snake_case")]
        enum OrderStatus { Pending, InTransit, #[shale(rename = "done")] Delivered }"#,
    )
    .unwrap();
    assert_eq!(
        (e.rust_name.as_str(), e.name.as_str()),
        ("OrderStatus", "order_status")
    );
    assert_eq!(e.labels, ["pending", "in_transit", "done"]);
    let e = parse_enum_src(
        r#"#[shale(name = "mood", rename_all = "SCREAMING_SNAKE_CASE")] enum M { VeryHappy, Sad }"#,
    )
    .unwrap();
    assert_eq!(
        (e.name.as_str(), e.labels.clone()),
        ("mood", vec!["VERY_HAPPY".to_string(), "SAD".to_string()])
    );
    let e = parse_enum_src("enum Plain { Alpha, Beta }").unwrap();
    assert_eq!(e.labels, ["Alpha", "Beta"]);
    for (src, expected) in [
        ("enum A { B(i32) }", "variant `B` has fields"),
        (
            "#[shale(rename_all = \"Title Case\")] enum A { B }",
            "`rename_all` expects one of",
        ),
        (
            "enum A { #[shale(rename = \"x\")] B, #[shale(rename = \"x\")] C }",
            "two variants of `A` have the label `x`",
        ),
        ("struct A { b: i32 }", "derive(Enum) works on enums only"),
    ] {
        let err = parse_enum_src(src).unwrap_err().to_string();
        assert!(err.contains(expected), "{src}: {err}");
    }
    // parse_file resolves a field marked `enum` against the file's enums.
    let models = parse_file(
        "#[derive(shale::Enum)] enum S { A, B }\n\
         #[derive(shale::Model)] struct T { #[shale(primary_key)] id: i64, #[shale(enum)] s: crate::S }",
    )
    .unwrap();
    let field = &models[0].fields[1];
    assert!(field.is_enum);
    assert_eq!(
        field.sql_enum.as_ref().map(|e| e.labels.clone()),
        Some(vec!["A".into(), "B".into()])
    );
}

#[test]
fn parse_file_skips_code_around_the_models() {
    // Items that cannot be models are stepped over by their tokens: the braces of `use`
    // lists, struct literals in consts, const-generic braces in a signature, macro bodies
    // (a model written inside a macro is the macro's, not a model) and function bodies.
    let source = r#"
#![allow(dead_code)]
use std::{fmt, collections::{BTreeMap, HashMap}};
extern crate core;
const ORIGIN: Point = Point { x: 0, y: 0 };
type Grid = [[u8; 3]; 3];
fn sized<const N: usize>() -> [u8; { N }] { [0; N] }
macro_rules! model_in_a_macro {
    () => { #[derive(shale::Model)] struct Hidden { #[shale(primary_key)] id: i64 } };
}
impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m: HashMap<i32, i32> = HashMap::new();
        write!(f, "{} {}", self.x, if m.is_empty() { "}" } else { "{" })
    }
}
/// Users.
#[derive(Debug, shale::Model)]
pub(crate) struct User { #[shale(primary_key)] id: i64 }
struct Point { x: i32, y: i32 }
#[derive(shale::Enum)]
pub enum Mood { Happy, Sad = 3 }
mod elsewhere;
pub mod inner {
    //! Inner docs.
    fn helper() -> i32 { 1 }
    #[derive(shale::Model)]
    #[shale(table = "pets")]
    pub struct Pet { #[shale(primary_key)] id: i64, #[shale(enum)] mood: super::Mood }
    #[derive(shale::Enum)]
    struct NotAnEnum { x: i32 }
    #[derive(shale::Model)]
    enum NotAModel { A }
}
trait Named { fn name(&self) -> &str { "x" } }
"#;
    let (models, enums) = crate::parse_models_and_enums(source).unwrap();
    let tables: Vec<&str> = models.iter().map(|m| m.table.as_str()).collect();
    assert_eq!(tables, ["user", "pets"]);
    assert_eq!(models[0].comment.as_deref(), Some("Users."));
    let names: Vec<&str> = enums.iter().map(|e| e.rust_name.as_str()).collect();
    assert_eq!(names, ["Mood"]);
    let pet = &parse_file(source).unwrap()[1];
    assert_eq!(
        pet.fields[1].sql_enum.as_ref().map(|e| e.labels.clone()),
        Some(vec!["Happy".to_string(), "Sad".to_string()])
    );
}

#[test]
fn a_syntax_error_in_a_model_or_a_struct_is_still_reported() {
    let err = parse_file("fn f() { }\n#[derive(Model)]\nstruct A {\n    x: i32 y: i32,\n}\n")
        .unwrap_err();
    assert_eq!(
        (err.diagnostics[0].line, err.diagnostics[0].column),
        (4, 12)
    );
    let err = parse_file("mod m {\n    struct {\n}\n").unwrap_err();
    assert!(err.to_string().contains("not valid Rust"), "{err}");
    let err = parse_file("mod m {\n    struct {}\n}\n").unwrap_err();
    assert_eq!(err.diagnostics[0].line, 2);
}
