use super::*;
use crate::schema::{Column, Index, Object, PrimaryKey};

fn name(text: &str) -> Name {
    Name {
        text: text.to_string(),
        quoted: false,
    }
}

fn schema() -> Schema {
    let mut users = Table {
        name: "users".into(),
        columns: ["id", "name"]
            .into_iter()
            .map(|c| Column {
                name: c.into(),
                ..Column::default()
            })
            .collect(),
        primary_key: Some(PrimaryKey {
            name: Some("users_pkey".into()),
            columns: vec!["id".into()],
            deferrable: None,
            comment: None,
        }),
        ..Table::default()
    };
    users.indexes.insert(
        "ix_users_name".into(),
        Index {
            name: "ix_users_name".into(),
            ..Index::default()
        },
    );
    let mut schema = Schema::default();
    schema.tables.insert("users".into(), users);
    let archived = Table {
        name: "archived_users".into(),
        inherits: vec!["users".into()],
        ..Table::default()
    };
    schema.tables.insert("archived_users".into(), archived);
    let trigger = Object {
        kind: ObjectKind::Trigger,
        name: "users_name_sync_trg".into(),
        table: Some("users".into()),
        definition: String::new(),
    };
    schema.objects.insert(trigger.key(), trigger);
    let function = Object {
        kind: ObjectKind::Function,
        name: "users_name_sync()".into(),
        table: None,
        definition: String::new(),
    };
    schema.objects.insert(function.key(), function);
    schema
}

fn verdict(sql: &str, dialect: Dialect) -> Option<bool> {
    let effect = effect_of(sql, dialect)?;
    judge(&effect, &schema()).map(|e| e.took_effect)
}

#[test]
fn statements_whose_effect_the_schema_shows() {
    use Dialect::*;
    assert_eq!(
        effect_of(
            "ALTER TABLE public.\"Users\" ADD COLUMN IF NOT EXISTS name text",
            Postgres
        ),
        Some(Effect::Creates(Thing::Column {
            table: Name {
                text: "Users".into(),
                quoted: true
            },
            column: name("name")
        }))
    );
    assert_eq!(
        effect_of(
            "CREATE UNIQUE INDEX CONCURRENTLY ix ON ONLY users (a)",
            Postgres
        ),
        Some(Effect::Creates(Thing::Index {
            table: Some(name("users")),
            name: name("ix")
        }))
    );
    assert_eq!(
        effect_of("DROP INDEX `ix` ON `users`", Mysql),
        Some(Effect::Drops(Thing::Index {
            table: Some(name("users")),
            name: name("ix")
        }))
    );
    assert_eq!(
        effect_of("CREATE DEFINER=`root`@`%` TRIGGER t BEFORE INSERT ON users FOR EACH ROW BEGIN SET NEW.a = 1; END", Mysql),
        Some(Effect::Creates(Thing::Object {
            kind: ObjectKind::Trigger,
            name: name("t")
        }))
    );
    // Left undecided: rerunning is harmless, or the statement's effect is data.
    for sql in [
        "CREATE OR REPLACE VIEW v AS SELECT 1",
        "UPDATE users SET name = fullname",
        "SET lock_timeout = '500ms'",
        "ALTER TABLE users ADD PRIMARY KEY (id)",
        "DROP TABLE a, b",
        // A table moved between schemas (a declared rename across them) is, as a table
        // renamed in place, not judged: PostgreSQL runs it in the revision's transaction.
        "ALTER TABLE users SET SCHEMA billing",
        "ALTER TABLE billing.users RENAME TO members",
        "DO $$ BEGIN EXECUTE 'ALTER TABLE billing.users SET SCHEMA ' || \
         quote_ident(current_schema()); END $$",
    ] {
        assert_eq!(effect_of(sql, Postgres), None, "{sql}");
    }
}

#[test]
fn a_parent_added_or_removed_is_judged_by_the_tables_parents() {
    use Dialect::Postgres;
    assert_eq!(
        effect_of("ALTER TABLE archived_users NO INHERIT users", Postgres),
        Some(Effect::Drops(Thing::Parent {
            table: name("archived_users"),
            parent: name("users"),
        }))
    );
    assert_eq!(
        verdict("ALTER TABLE archived_users INHERIT users", Postgres),
        Some(true)
    );
    assert_eq!(
        verdict("ALTER TABLE archived_users NO INHERIT users", Postgres),
        Some(false)
    );
    assert_eq!(
        verdict("ALTER TABLE users INHERIT archived_users", Postgres),
        Some(false)
    );
    assert_eq!(verdict("ALTER TABLE missing INHERIT users", Postgres), None);
}

#[test]
fn judged_against_the_schema() {
    use Dialect::*;
    assert_eq!(
        verdict("ALTER TABLE users ADD COLUMN name text", Postgres),
        Some(true)
    );
    assert_eq!(
        verdict("ALTER TABLE USERS ADD email text", Mysql),
        Some(false)
    );
    assert_eq!(
        verdict("ALTER TABLE users DROP COLUMN email", Postgres),
        Some(true)
    );
    assert_eq!(
        verdict("ALTER TABLE users DROP COLUMN name", Sqlite),
        Some(false)
    );
    assert_eq!(
        verdict("ALTER TABLE users RENAME COLUMN fullname TO name", Postgres),
        Some(true)
    );
    assert_eq!(
        verdict("ALTER TABLE users RENAME COLUMN name TO nick", Postgres),
        Some(false)
    );
    assert_eq!(verdict("CREATE TABLE users (id int)", Sqlite), Some(true));
    assert_eq!(verdict("DROP TABLE IF EXISTS items", Postgres), Some(true));
    assert_eq!(
        verdict("CREATE INDEX ix_users_name ON users (name)", Mysql),
        Some(true)
    );
    assert_eq!(
        verdict(
            "ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY (id)",
            Postgres
        ),
        Some(true)
    );
    assert_eq!(
        verdict("DROP INDEX CONCURRENTLY ix_users_email", Postgres),
        Some(true)
    );
    assert_eq!(verdict("CREATE FUNCTION users_name_sync() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql", Postgres), Some(true));
    assert_eq!(verdict("CREATE TRIGGER users_name_sync_trg BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION f()", Postgres), Some(true));
    assert_eq!(
        verdict("DROP TRIGGER users_name_sync_trg ON users", Postgres),
        Some(false)
    );
    // A quoted name is compared exactly.
    assert_eq!(
        verdict("ALTER TABLE users ADD COLUMN \"Name\" text", Postgres),
        Some(false)
    );
    // The column of a table that is not there: the schema cannot tell.
    assert_eq!(
        verdict("ALTER TABLE items ADD COLUMN x int", Postgres),
        None
    );
}

#[test]
fn an_index_or_constraint_renamed_is_judged_by_which_name_is_there() {
    use Dialect::*;
    // MySQL's RENAME INDEX, PostgreSQL's ALTER INDEX … RENAME TO and RENAME CONSTRAINT.
    assert_eq!(
        verdict(
            "ALTER TABLE users RENAME INDEX ix_users_name TO users_name_ix, ALGORITHM=INPLACE, LOCK=NONE",
            Mysql
        ),
        Some(false)
    );
    assert_eq!(
        verdict(
            "ALTER TABLE `users` RENAME INDEX `old_ix` TO `ix_users_name`",
            Mysql
        ),
        Some(true)
    );
    assert_eq!(
        verdict(
            "ALTER INDEX ix_users_name RENAME TO users_name_ix",
            Postgres
        ),
        Some(false)
    );
    assert_eq!(
        verdict(
            "ALTER INDEX public.old_ix RENAME TO ix_users_name",
            Postgres
        ),
        Some(true)
    );
    assert_eq!(
        verdict(
            "ALTER TABLE users RENAME CONSTRAINT pk_users TO users_pkey",
            Postgres
        ),
        Some(true)
    );
    // Neither name there, or both: the schema cannot tell.
    assert_eq!(
        verdict("ALTER TABLE users RENAME CONSTRAINT a TO b", Postgres),
        None
    );
}
