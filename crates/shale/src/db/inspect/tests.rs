//! The build step of each dialect, from literal catalog rows.

use super::*;
use crate::schema::{CheckConstraint, Column, ForeignKey, Index, PrimaryKey, UniqueConstraint};

fn rows(lines: &[&[Option<&str>]]) -> Vec<Row> {
    lines
        .iter()
        .map(|r| r.iter().map(|v| v.map(str::to_string)).collect())
        .collect()
}

/// The schema `mysql::build` makes of the first of its queries' rows, the others empty.
fn mysql_schema(mut first: Vec<Vec<Row>>) -> crate::schema::Schema {
    first.resize(mysql::QUERIES.len(), Vec::new());
    mysql::build(first.try_into().expect("one result per query"), Vec::new())
}

fn col(name: &str, ty: &str, nullable: bool, default: Option<&str>) -> Column {
    Column {
        name: name.into(),
        ty: ty.into(),
        nullable,
        default: default.map(Into::into),
        autoincrement: false,
        generated: None,
        ..Default::default()
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_dialect_has_a_fixed_set_of_queries() {
    for (dialect, n) in [
        (Dialect::Sqlite, 6),
        (Dialect::Postgres, 6),
        (Dialect::Mysql, 13),
    ] {
        let qs = queries(dialect);
        assert_eq!(qs.len(), n, "{dialect}");
        assert!(qs.iter().all(|q| {
            let q = q.trim_start();
            q.starts_with("SELECT") || q.starts_with("WITH")
        }));
    }
}

#[test]
fn postgres_schemas_are_read_in_the_same_queries() {
    let one = postgres::queries(&[]);
    let two = postgres::queries(&["public".to_string(), "it's".to_string()]);
    assert_eq!((one.len(), two.len()), (6, 6));
    for q in one.iter().chain(&two) {
        assert!(
            !q.contains("{pre") && !q.contains("{qpre") && !q.contains("{schemas}"),
            "{q}"
        );
    }
    assert!(one.iter().all(|q| q.contains("IN (current_schema())")));
    // A name holding a dot is qualified even in the connection's schema (`public.a.b`),
    // so that the first dot is always the schema's.
    assert!(one[0]
        .contains("CASE WHEN n.nspname = current_schema() AND strpos(c.relname, '.') = 0 THEN ''"));
    assert!(one[5].contains("strpos(p.proname, '.') > 0 THEN ns.nspname || '.'"));
    assert!(two.iter().all(|q| q.contains("IN ('public', 'it''s')")));
}

#[test]
fn sqlite_rows() {
    let ddl = "CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER \
               CONSTRAINT fk_user REFERENCES users ON DELETE CASCADE, \
               code VARCHAR(8) NOT NULL DEFAULT 'x', CONSTRAINT uq_code UNIQUE (code), \
               CHECK (length(code) > 1))";
    let schema = sqlite::build([
        rows(&[
            &[Some("items"), Some(ddl)],
            &[
                Some("users"),
                Some("CREATE TABLE users (id INTEGER PRIMARY KEY)"),
            ],
        ]),
        rows(&[
            &[
                Some("items"),
                Some("id"),
                Some("INTEGER"),
                Some("0"),
                None,
                Some("1"),
            ],
            &[
                Some("items"),
                Some("user_id"),
                Some("INTEGER"),
                Some("0"),
                None,
                Some("0"),
            ],
            &[
                Some("items"),
                Some("code"),
                Some("VARCHAR(8)"),
                Some("1"),
                Some("'x'"),
                Some("0"),
            ],
            &[
                Some("users"),
                Some("id"),
                Some("INTEGER"),
                Some("0"),
                None,
                Some("1"),
            ],
        ]),
        rows(&[
            &[
                Some("items"),
                Some("ix_items_lower"),
                Some("0"),
                Some("c"),
                Some(
                    "CREATE INDEX ix_items_lower ON items (lower(code)) WHERE user_id IS NOT NULL",
                ),
            ],
            &[
                Some("items"),
                Some("sqlite_autoindex_items_1"),
                Some("1"),
                Some("u"),
                None,
            ],
        ]),
        rows(&[
            &[Some("items"), Some("ix_items_lower"), Some("-2"), None],
            &[
                Some("items"),
                Some("sqlite_autoindex_items_1"),
                Some("2"),
                Some("code"),
            ],
        ]),
        rows(&[&[
            Some("items"),
            Some("0"),
            Some("users"),
            Some("user_id"),
            None,
            Some("NO ACTION"),
            Some("CASCADE"),
        ]]),
        Vec::new(),
    ]);
    let items = &schema.tables["items"];
    assert_eq!(
        items.columns,
        vec![
            Column {
                autoincrement: true,
                ..col("id", "integer", false, None)
            },
            col("user_id", "integer", true, None),
            col("code", "varchar(8)", false, Some("'x'")),
        ]
    );
    assert_eq!(
        items.primary_key,
        Some(PrimaryKey {
            name: None,
            columns: strings(&["id"]),
            deferrable: None,
            comment: None,
        })
    );
    assert_eq!(
        items.uniques["uq_code"],
        UniqueConstraint {
            name: "uq_code".into(),
            columns: strings(&["code"]),
            ..UniqueConstraint::default()
        }
    );
    assert_eq!(
        items.indexes["ix_items_lower"],
        Index {
            name: "ix_items_lower".into(),
            columns: strings(&["lower(code)"]),
            unique: false,
            predicate: Some("user_id IS NOT NULL".into()),
            ..Index::default()
        }
    );
    assert_eq!(
        items.foreign_keys["fk_user"],
        ForeignKey {
            name: "fk_user".into(),
            columns: strings(&["user_id"]),
            ref_table: "users".into(),
            ref_columns: strings(&["id"]),
            on_delete: Some("CASCADE".into()),
            on_update: None,
            ..Default::default()
        }
    );
    assert_eq!(
        items.checks["~check001"],
        CheckConstraint {
            name: String::new(),
            expression: "length(code) > 1".into(),
            ..Default::default()
        }
    );
}

#[test]
fn postgres_rows() {
    let schema = postgres::build([
        rows(&[&[Some("users")]]),
        rows(&[
            &[
                Some("users"),
                Some("id"),
                Some("integer"),
                Some("t"),
                Some("nextval('users_id_seq'::regclass)"),
                Some(""),
                Some(""),
                None,
                Some("true"),
            ],
            &[
                Some("users"),
                Some("tz"),
                Some("character varying(40)"),
                Some("t"),
                Some("'UTC'::character varying"),
                Some(""),
                Some(""),
            ],
            &[
                Some("users"),
                Some("seen"),
                Some("timestamp without time zone"),
                Some("f"),
                None,
                Some(""),
                Some(""),
            ],
            &[
                Some("users"),
                Some("n"),
                Some("bigint"),
                Some("t"),
                None,
                Some("d"),
                Some(""),
            ],
        ]),
        rows(&[
            &[
                Some("users"),
                Some("users_pkey"),
                Some("p"),
                Some("[\"id\"]"),
                None,
                None,
                Some(" "),
                Some(" "),
                None,
            ],
            &[
                Some("users"),
                Some("ck_tz"),
                Some("c"),
                Some("[\"tz\"]"),
                None,
                None,
                Some(" "),
                Some(" "),
                Some("((tz)::text <> ''::text)"),
            ],
            &[
                Some("users"),
                Some("fk_self"),
                Some("f"),
                Some("[\"n\"]"),
                Some("users"),
                Some("[\"id\"]"),
                Some("n"),
                Some("c"),
                None,
            ],
        ]),
        rows(&[&[
            Some("users"),
            Some("ix_users_lower_tz"),
            Some("t"),
            Some("[\"lower((tz)::text)\"]"),
            Some("(seen IS NULL)"),
        ]]),
        rows(&[&[Some("mood"), Some("sad")], &[Some("mood"), Some("happy")]]),
        Vec::new(),
    ]);
    let users = &schema.tables["users"];
    assert_eq!(
        users.columns,
        vec![
            Column {
                autoincrement: true,
                serial: true,
                ..col("id", "integer", false, None)
            },
            col("tz", "varchar(40)", false, Some("'UTC'::character varying")),
            col("seen", "timestamp", true, None),
            Column {
                autoincrement: true,
                ..col("n", "bigint", false, None)
            },
        ]
    );
    assert_eq!(
        users.primary_key.as_ref().unwrap().name.as_deref(),
        Some("users_pkey")
    );
    assert_eq!(users.checks["ck_tz"].expression, "((tz)::text <> ''::text)");
    let fk = &users.foreign_keys["fk_self"];
    assert_eq!(
        (fk.on_delete.as_deref(), fk.on_update.as_deref()),
        (Some("SET NULL"), Some("CASCADE"))
    );
    let ix = &users.indexes["ix_users_lower_tz"];
    assert!(ix.unique);
    assert_eq!(ix.columns, strings(&["lower((tz)::text)"]));
    assert_eq!(ix.predicate.as_deref(), Some("(seen IS NULL)"));
    assert_eq!(schema.enums["mood"], strings(&["sad", "happy"]));
}

#[test]
fn mysql_rows() {
    let schema = mysql_schema(vec![
        rows(&[&[Some("items")]]),
        rows(&[
            &[
                Some("items"),
                Some("id"),
                Some("bigint(20) unsigned"),
                Some("NO"),
                None,
                Some("auto_increment"),
            ],
            &[
                Some("items"),
                Some("tz"),
                Some("varchar(40)"),
                Some("NO"),
                Some("'UTC'"),
                Some(""),
            ],
            &[
                Some("items"),
                Some("note"),
                Some("text"),
                Some("YES"),
                Some("NULL"),
                Some(""),
            ],
            &[
                Some("items"),
                Some("flag"),
                Some("tinyint(1)"),
                Some("NO"),
                Some("0"),
                Some(""),
            ],
            &[
                Some("items"),
                Some("doc"),
                Some("longtext"),
                Some("YES"),
                Some("NULL"),
                Some(""),
            ],
            &[
                Some("items"),
                Some("owner"),
                Some("int(11)"),
                Some("YES"),
                Some("NULL"),
                Some(""),
            ],
        ]),
        rows(&[
            &[Some("items"), Some("PRIMARY"), Some("0"), Some("id"), None],
            &[Some("items"), Some("owner"), Some("1"), Some("owner"), None],
            &[
                Some("items"),
                Some("uq_tz_note"),
                Some("0"),
                Some("tz"),
                None,
            ],
            &[
                Some("items"),
                Some("uq_tz_note"),
                Some("0"),
                Some("note"),
                Some("10"),
            ],
        ]),
        rows(&[&[
            Some("items"),
            Some("items_ibfk_1"),
            Some("owner"),
            Some("users"),
            Some("id"),
            Some("RESTRICT"),
            Some("CASCADE"),
        ]]),
        rows(&[
            &[Some("items"), Some("doc"), Some("json_valid(`doc`)")],
            &[
                Some("items"),
                Some("ck_flag"),
                Some("`flag` in (0,1) and `select` <> '`x`'"),
            ],
        ]),
    ]);
    let items = &schema.tables["items"];
    assert_eq!(
        items.columns,
        vec![
            Column {
                autoincrement: true,
                ..col("id", "bigint unsigned", false, None)
            },
            col("tz", "varchar(40)", false, Some("'UTC'")),
            col("note", "text", true, None),
            col("flag", "boolean", false, Some("0")),
            col("doc", "json", true, None),
            col("owner", "int", true, None),
        ]
    );
    assert_eq!(
        items.primary_key.as_ref().unwrap().name.as_deref(),
        Some("PRIMARY")
    );
    assert_eq!(
        items.uniques["uq_tz_note"].columns,
        strings(&["tz", "note(10)"])
    );
    assert!(
        items.indexes.is_empty(),
        "the foreign key's own index is left out"
    );
    assert_eq!(items.checks.keys().collect::<Vec<_>>(), vec!["ck_flag"]);
    assert_eq!(
        items.checks["ck_flag"].expression,
        "flag in (0,1) and `select` <> '`x`'"
    );
    let fk = &items.foreign_keys["items_ibfk_1"];
    assert_eq!(
        (fk.on_delete.as_deref(), fk.on_update.as_deref()),
        (Some("CASCADE"), None),
        "RESTRICT reads as NO ACTION: InnoDB treats them alike"
    );
}

#[test]
fn type_canonical_forms() {
    assert_eq!(postgres::canonical_type("character varying"), "varchar");
    assert_eq!(postgres::canonical_type("character(2)"), "char(2)");
    assert_eq!(
        postgres::canonical_type("time(3) without time zone"),
        "time(3)"
    );
    assert_eq!(
        postgres::canonical_type("timestamp with time zone"),
        "timestamp with time zone"
    );
    assert_eq!(mysql::canonical_type("INT(10) UNSIGNED"), "int unsigned");
    assert_eq!(mysql::canonical_type("decimal(10,2)"), "decimal(10,2)");
    assert_eq!(mysql::canonical_type("tinyint(4)"), "tinyint");
    // A width other than the default is written back by the server: kept.
    assert_eq!(mysql::canonical_type("int(1)"), "int(1)");
    assert_eq!(
        mysql::canonical_type("int(11) unsigned"),
        "int(11) unsigned"
    );
    assert_eq!(
        mysql::canonical_type("bigint(20) unsigned"),
        "bigint unsigned"
    );
    assert_eq!(
        mysql::canonical_type("SET('Mon','Tue')"),
        "set('Mon','Tue')"
    );
}

#[test]
fn defaults_in_canonical_form() {
    assert_eq!(canonical_default("'UTC'::character varying"), "'UTC'");
    assert_eq!(canonical_default("'it''s'::text"), "'it''s'");
    assert_eq!(canonical_default("'ok'::mood"), "'ok'");
    assert_eq!(
        canonical_default("'a'::text || 'b'::text"),
        "'a'::text || 'b'::text"
    );
    assert_eq!(canonical_default("0.0000000000"), "0");
    assert_eq!(canonical_default("-1.50"), "-1.5");
    assert_eq!(canonical_default("10"), "10");
    assert_eq!(canonical_default("now()"), "now()");
}

#[test]
fn mysql_column_attributes_and_collations() {
    let schema = mysql_schema(vec![
        rows(&[
            &[
                Some("posts"),
                Some("latin1_bin"),
                Some("utf8mb4_general_ci"),
            ],
            &[
                Some("plain"),
                Some("utf8mb4_general_ci"),
                Some("utf8mb4_general_ci"),
            ],
        ]),
        rows(&[
            &[
                Some("posts"),
                Some("at"),
                Some("datetime(3)"),
                Some("YES"),
                Some("current_timestamp(3)"),
                Some("on update current_timestamp(3)"),
                None,
                Some("last change"),
                None,
                Some("latin1_bin"),
            ],
            &[
                Some("posts"),
                Some("seen"),
                Some("timestamp"),
                Some("YES"),
                Some("NULL"),
                Some("on update CURRENT_TIMESTAMP"),
                None,
                Some(""),
                None,
                Some("latin1_bin"),
            ],
            &[
                Some("posts"),
                Some("title"),
                Some("varchar(40)"),
                Some("NO"),
                None,
                Some(""),
                None,
                Some(""),
                Some("utf8mb4_bin"),
                Some("latin1_bin"),
            ],
            &[
                Some("posts"),
                Some("code"),
                Some("varchar(4)"),
                Some("NO"),
                None,
                Some(""),
                None,
                Some(""),
                Some("latin1_bin"),
                Some("latin1_bin"),
            ],
        ]),
    ]);
    let posts = &schema.tables["posts"];
    assert_eq!(posts.collation.as_deref(), Some("latin1_bin"));
    assert_eq!(schema.tables["plain"].collation, None);
    assert_eq!(
        posts.columns,
        vec![
            Column {
                on_update: Some("current_timestamp(3)".into()),
                comment: Some("last change".into()),
                ..col("at", "datetime(3)", true, Some("current_timestamp(3)"))
            },
            Column {
                on_update: Some("current_timestamp".into()),
                ..col("seen", "timestamp", true, None)
            },
            Column {
                collation: Some("utf8mb4_bin".into()),
                ..col("title", "varchar(40)", false, None)
            },
            col("code", "varchar(4)", false, None),
        ]
    );
}

#[test]
fn mysql_table_options_ignored_indexes_and_column_checks() {
    let table = |name, engine, options| -> [Option<&str>; 6] {
        [
            Some(name),
            Some("utf8mb4_general_ci"),
            Some("utf8mb4_general_ci"),
            Some(engine),
            Some("InnoDB"),
            Some(options),
        ]
    };
    let column = |name| -> [Option<&str>; 10] {
        [
            Some("logs"),
            Some(name),
            Some("int(11)"),
            Some("YES"),
            Some("NULL"),
            Some(""),
            None,
            Some(""),
            None,
            Some("utf8mb4_general_ci"),
        ]
    };
    let stat = |index, column, ignored| -> [Option<&str>; 8] {
        [
            Some("logs"),
            Some(index),
            Some("1"),
            Some(column),
            None,
            Some("A"),
            Some("BTREE"),
            Some(ignored),
        ]
    };
    let check = |name, clause, level| -> [Option<&str>; 4] {
        [Some("logs"), Some(name), Some(clause), Some(level)]
    };
    let schema = mysql_schema(vec![
        rows(&[
            &table("logs", "MyISAM", "row_format=FIXED partitioned"),
            &table("plain", "InnoDB", ""),
            &table("packed", "InnoDB", "row_format=COMPRESSED key_block_size=8"),
        ]),
        rows(&[&column("qty"), &column("price")]),
        rows(&[
            &stat("logs_qty", "qty", "YES"),
            &stat("logs_price", "price", "NO"),
        ]),
        Vec::new(),
        rows(&[
            &check("qty", "`qty` >= 0", "Column"),
            &check("CONSTRAINT_1", "`price` > 0", "Table"),
        ]),
    ]);
    assert_eq!(
        schema.table_defaults,
        ["COLLATE=utf8mb4_general_ci", "ENGINE=InnoDB"]
    );
    let logs = &schema.tables["logs"];
    assert_eq!(logs.options, ["ENGINE=MyISAM", "ROW_FORMAT=FIXED"]);
    assert!(schema.tables["plain"].options.is_empty());
    assert_eq!(
        schema.tables["packed"].options,
        ["ROW_FORMAT=COMPRESSED", "KEY_BLOCK_SIZE=8"]
    );
    assert_eq!(
        logs.indexes["logs_qty"].invisible.as_deref(),
        Some("IGNORED")
    );
    assert_eq!(logs.indexes["logs_price"].invisible, None);
    assert_eq!(logs.checks["qty"].column.as_deref(), Some("qty"));
    assert_eq!(logs.checks["qty"].expression, "qty >= 0");
    assert_eq!(logs.checks["CONSTRAINT_1"].column, None);
}

#[test]
fn mysql_spatial_index_is_on_the_whole_column() {
    // MariaDB reports a SPATIAL key part as a 32-byte prefix, which cannot be written.
    let stat = |index, sub_part, kind| -> [Option<&str>; 8] {
        [
            Some("places"),
            Some(index),
            Some("1"),
            Some("spot"),
            sub_part,
            Some("A"),
            Some(kind),
            Some("NO"),
        ]
    };
    let schema = mysql_schema(vec![
        rows(&[&[
            Some("places"),
            Some("utf8mb4_general_ci"),
            Some("utf8mb4_general_ci"),
            Some("InnoDB"),
            Some("InnoDB"),
            Some(""),
        ]]),
        Vec::new(),
        rows(&[
            &stat("places_spot", Some("32"), "SPATIAL"),
            &stat("places_prefix", Some("10"), "BTREE"),
        ]),
    ]);
    let places = &schema.tables["places"];
    assert_eq!(places.indexes["places_spot"].columns, ["spot"]);
    assert_eq!(
        places.indexes["places_spot"].method.as_deref(),
        Some("spatial")
    );
    assert_eq!(places.indexes["places_prefix"].columns, ["spot(10)"]);
}

#[test]
fn postgres_nextval_of_a_sequence_the_column_does_not_own_is_a_default() {
    let default = Some("nextval('ticket_numbers'::regclass)");
    let schema = postgres::build([
        rows(&[&[Some("tickets")]]),
        rows(&[
            &[
                Some("tickets"),
                Some("number"),
                Some("integer"),
                Some("t"),
                default,
                Some(""),
                Some(""),
                None,
                Some("false"),
            ],
            &[
                Some("tickets"),
                Some("id"),
                Some("integer"),
                Some("t"),
                Some("nextval('tickets_id_seq'::regclass)"),
                Some(""),
                Some(""),
                None,
                Some("true"),
            ],
        ]),
        vec![],
        vec![],
        vec![],
        vec![],
    ]);
    let number = &schema.tables["tickets"].columns[0];
    assert_eq!(
        number.default.as_deref(),
        Some("nextval('ticket_numbers'::regclass)")
    );
    assert!(!number.autoincrement && !number.serial);
    let id = &schema.tables["tickets"].columns[1];
    assert!(id.autoincrement && id.serial && id.default.is_none());
}

#[test]
fn postgres_identity_kind_and_sequence_options_are_read() {
    let identity = |name: &'static str, kind: &'static str, options: Option<&'static str>| {
        vec![
            Some("orders"),
            Some(name),
            Some("integer"),
            Some("t"),
            None,
            Some(kind),
            Some(""),
            None,
            Some("false"),
            options,
        ]
    };
    let columns: Vec<Vec<Option<&str>>> = vec![
        identity("plain", "d", None),
        identity("always", "a", None),
        identity(
            "stepped",
            "d",
            Some("[\"START WITH 100\", \"INCREMENT BY 5\"]"),
        ),
    ];
    let columns: Vec<&[Option<&str>]> = columns.iter().map(Vec::as_slice).collect();
    let schema = postgres::build([
        rows(&[&[Some("orders")]]),
        rows(&columns),
        vec![],
        vec![],
        vec![],
        vec![],
    ]);
    let got: Vec<_> = schema.tables["orders"]
        .columns
        .iter()
        .map(|c| (c.autoincrement, c.identity.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (true, None),
            (true, crate::schema::Identity::new(true, vec![])),
            (
                true,
                crate::schema::Identity::new(false, strings(&["START WITH 100", "INCREMENT BY 5"]))
            ),
        ]
    );
}

#[test]
fn postgres_no_inherit_match_full_and_nulls_not_distinct_are_read() {
    let constraint = |name, kind, refs: Option<&'static str>, tail: [&'static str; 3]| {
        let mut row = vec![
            Some("pairs"),
            Some(name),
            Some(kind),
            Some("[\"a\"]"),
            refs,
            refs.map(|_| "[\"id\"]"),
            Some("a"),
            Some("a"),
            Some("(a > 0)"),
            Some("false"),
            Some("false"),
            Some("false"),
        ];
        row.extend(tail.map(Some));
        row
    };
    let constraints = [
        constraint("pairs_a_check", "c", None, ["true", " ", ""]),
        constraint("pairs_a_fkey", "f", Some("parents"), ["false", "f", ""]),
        constraint("pairs_a_key", "u", None, ["false", " ", "true"]),
    ];
    let constraints: Vec<&[Option<&str>]> = constraints.iter().map(Vec::as_slice).collect();
    let index: &[Option<&str>] = &[
        Some("pairs"),
        Some("pairs_b_idx"),
        Some("t"),
        Some("[\"b\"]"),
        None,
        None,
        None,
        None,
        Some("true"),
    ];
    let schema = postgres::build([
        rows(&[&[Some("pairs")]]),
        vec![],
        rows(&constraints),
        rows(&[index]),
        vec![],
        vec![],
    ]);
    let pairs = &schema.tables["pairs"];
    assert!(pairs.checks["pairs_a_check"].no_inherit);
    assert!(pairs.foreign_keys["pairs_a_fkey"].match_full);
    assert!(pairs.uniques["pairs_a_key"].nulls_not_distinct);
    assert!(pairs.indexes["pairs_b_idx"].nulls_not_distinct);
}

#[test]
fn mysql_index_unique_key_and_primary_key_comments() {
    let stat = |index, non_unique, column, comment| -> [Option<&str>; 9] {
        [
            Some("t"),
            Some(index),
            Some(non_unique),
            Some(column),
            None,
            Some("A"),
            Some("BTREE"),
            Some("NO"),
            Some(comment),
        ]
    };
    let column = |name| -> [Option<&str>; 10] {
        [
            Some("t"),
            Some(name),
            Some("int(11)"),
            Some("NO"),
            None,
            Some(""),
            None,
            Some(""),
            None,
            Some("utf8mb4_general_ci"),
        ]
    };
    let schema = mysql_schema(vec![
        rows(&[&[
            Some("t"),
            Some("utf8mb4_general_ci"),
            Some("utf8mb4_general_ci"),
            Some("InnoDB"),
            Some("InnoDB"),
            Some(""),
        ]]),
        rows(&[&column("id"), &column("a"), &column("b")]),
        rows(&[
            &stat("PRIMARY", "0", "id", "the key"),
            &stat("ix", "1", "a", "it's"),
            &stat("u", "0", "b", ""),
        ]),
    ]);
    let t = &schema.tables["t"];
    let key = t.primary_key.as_ref().expect("a primary key");
    assert_eq!(key.comment.as_deref(), Some("the key"));
    assert_eq!(t.indexes["ix"].comment.as_deref(), Some("it's"));
    // No comment is an empty one.
    assert_eq!(t.uniques["u"].comment, None);
}

#[test]
fn postgres_a_childs_own_setting_on_an_inherited_column_and_key_collations_are_read() {
    // name, column, type, not null, default, identity, generated, collation, serial,
    // identity options, inherited.
    let column = |name, not_null, default, inherited| -> Vec<Option<&'static str>> {
        vec![
            Some("child"),
            Some(name),
            Some("text"),
            Some(not_null),
            default,
            Some(""),
            Some(""),
            None,
            Some("false"),
            None,
            Some(inherited),
        ]
    };
    let columns = [
        column("own", "false", None, "false"),
        column("kind", "true", Some("'b'::text"), "true"),
    ];
    let columns: Vec<&[Option<&str>]> = columns.iter().map(Vec::as_slice).collect();
    let index: &[Option<&str>] = &[
        Some("child"),
        Some("child_own_idx"),
        Some("false"),
        Some("[\"own\", \"lower(own)\"]"),
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        Some("[\"C\", \"\"]"),
    ];
    let schema = postgres::build([
        rows(&[&[Some("child"), None, Some("p"), Some("[\"parent\"]")]]),
        rows(&columns),
        vec![],
        rows(&[index]),
        vec![],
        vec![],
    ]);
    let child = &schema.tables["child"];
    assert_eq!(child.columns.len(), 1);
    let kind = &child.inherited_columns["kind"];
    assert_eq!(kind.default.as_deref(), Some("'b'::text"));
    assert!(kind.not_null);
    assert_eq!(child.indexes["child_own_idx"].collations, ["C", ""]);
}
