//! A primary key's comment in Rust models (`#[shale(primary_key(comment = "…"))]`) on the
//! three databases: MySQL/MariaDB keep it in the key (`PRIMARY KEY (…) COMMENT '…'`),
//! PostgreSQL as `COMMENT ON CONSTRAINT <key> ON <table>`, SQLite not at all.

use crate::support::{each_db, Proj};
use shale_testkit::{Kind, TestDb};

/// The comment on `member`'s primary key as the database keeps it (`None` on SQLite).
fn key_comment(db: &TestDb) -> Option<String> {
    let sql = match db.kind {
        Kind::Mysql => {
            "SELECT INDEX_COMMENT FROM information_schema.STATISTICS \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'member' AND INDEX_NAME = 'PRIMARY'"
        }
        Kind::Postgres => {
            "SELECT obj_description(oid, 'pg_constraint') FROM pg_constraint \
             WHERE conrelid = 'member'::regclass AND contype = 'p'"
        }
        Kind::Sqlite => return None,
    };
    let rows = db.query(sql);
    rows[0][0].clone().filter(|c| !c.is_empty())
}

/// A database whose primary key carries a comment (given by hand here) is drift for
/// models that do not declare it and none for models that do; a changed comment is
/// drift, autogenerate writes the change and its inverse, and downgrading restores it.
#[test]
fn rust_models_primary_key_comment_round_trip() {
    each_db(|db| {
        let p = Proj::new(&db.url);
        p.models("rust = [\"models.rs\"]");
        let bare = "#[derive(shale::Model)]\npub struct Member {\n    #[shale(primary_key)]\n    pub id: i64,\n    #[shale(max_length = 255)]\n    pub email: String,\n}\n";
        p.write("models.rs", bare);
        p.shale(&["revision", "--autogenerate", "-m", "members"])
            .ok();
        p.shale(&["upgrade"]).ok();
        p.shale(&["check"]).ok();
        // The comment given by hand, as an existing database would have it.
        match db.kind {
            Kind::Mysql => db.execute(
                "ALTER TABLE member DROP PRIMARY KEY, ADD PRIMARY KEY (id) COMMENT 'One row per member'",
            ),
            Kind::Postgres => {
                db.execute("COMMENT ON CONSTRAINT pk_member ON member IS 'One row per member'")
            }
            Kind::Sqlite => {}
        }
        let has_comments = db.kind != Kind::Sqlite;
        let drift = i32::from(has_comments);
        let out = p.shale(&["check"]);
        assert_eq!(
            out.code, drift,
            "{:?}: {}{}",
            db.kind, out.stdout, out.stderr
        );

        let commented = |text: &str| {
            let attr = format!("#[shale(primary_key(comment = \"{text}\"))]\npub struct");
            bare.replace("pub struct", &attr)
        };
        p.write("models.rs", &commented("One row per member"));
        let out = p.shale(&["check"]);
        assert_eq!(out.code, 0, "{:?}: {}{}", db.kind, out.stdout, out.stderr);
        assert!(p
            .shale(&["revision", "--autogenerate", "-m", "nothing"])
            .ok()
            .contains("No changes detected"));

        p.write("models.rs", &commented("The member number"));
        let out = p.shale(&["check"]);
        assert_eq!(
            out.code, drift,
            "{:?}: {}{}",
            db.kind, out.stdout, out.stderr
        );
        if !has_comments {
            assert_eq!(key_comment(db), None);
            p.shale(&["downgrade", "base"]).ok();
            return;
        }
        let out = p.shale(&["revision", "--autogenerate", "-m", "key comment"]);
        let script = p.generated_text(out.ok());
        let expected: &[&str] = match db.kind {
            Kind::Postgres => &[
                "COMMENT ON CONSTRAINT pk_member ON member IS 'The member number'",
                "COMMENT ON CONSTRAINT pk_member ON member IS 'One row per member'",
            ],
            _ => &[
                "PRIMARY KEY (id) COMMENT 'The member number'",
                "PRIMARY KEY (id) COMMENT 'One row per member'",
            ],
        };
        for text in expected {
            assert!(
                script.contains(text),
                "{:?}: no {text} in\n{script}",
                db.kind
            );
        }
        p.shale(&["upgrade"]).ok();
        p.shale(&["check"]).ok();
        assert_eq!(key_comment(db).as_deref(), Some("The member number"));
        p.shale(&["downgrade", "-1"]).ok();
        assert_eq!(key_comment(db).as_deref(), Some("One row per member"));
        p.shale(&["downgrade", "base"]).ok();
        assert!(!db.has_table("member"));
    });
}
