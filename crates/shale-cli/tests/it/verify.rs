//! `shale verify` and `shale check --drift` on the three databases.

use crate::support::{each_db, Proj};
use shale_testkit::Kind;

const R1: &str = "aaaaaaaaaaa1";
const R2: &str = "bbbbbbbbbbb2";
const R3: &str = "ccccccccccc3";

fn project(url: &str) -> Proj {
    let p = Proj::new(url);
    p.rev(
        R1,
        &[],
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50));",
        "DROP TABLE users;",
    );
    p.rev(
        R2,
        &[R1],
        "ALTER TABLE users ADD COLUMN email VARCHAR(100);",
        "ALTER TABLE users DROP COLUMN email;",
    );
    p
}

#[test]
fn verify_passes_a_good_history_and_catches_a_broken_downgrade() {
    each_db(|db| {
        let p = project(&db.url);
        let run = p.shale(&["verify"]);
        let out = run.ok().to_string();
        assert!(
            out.contains("Checked 2 revision(s)") && out.contains("OK"),
            "{out}"
        );
        // Progress on stderr: each check, each revision of the stairway.
        assert!(
            run.stderr.contains("verify: stairway") && run.stderr.contains("[2/2]"),
            "{}",
            run.stderr
        );
        assert!(
            !db.has_table("users"),
            "verify works on a scratch database, not the live one"
        );
        // A downgrade that forgets to drop what the upgrade created.
        p.rev(
            R3,
            &[R2],
            "ALTER TABLE users ADD COLUMN age INTEGER;",
            "SELECT 1;",
        );
        let out = p.shale(&["verify"]);
        assert_eq!(out.code, 1, "{}", out.stdout);
        assert!(
            out.stdout.contains("[downgrade-mismatch]")
                && out.stdout.contains(R3)
                && out.stdout.contains("age"),
            "{}",
            out.stdout
        );
        // A downgrade that fails.
        std::fs::remove_file(
            std::fs::read_dir(p.versions())
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|f| f.to_string_lossy().contains(R3))
                .unwrap(),
        )
        .unwrap();
        p.rev(
            R3,
            &[R2],
            "ALTER TABLE users ADD COLUMN age INTEGER;",
            "ALTER TABLE no_such_table DROP COLUMN age;",
        );
        let out = p.shale(&["--json", "verify"]);
        assert_eq!(out.code, 1);
        let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let checks: Vec<&str> = v["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["check"].as_str().unwrap())
            .collect();
        assert!(checks.contains(&"downgrade-fails"), "{v}");
    });
}

#[test]
fn verify_catches_a_second_head_and_an_edited_script() {
    each_db(|db| {
        let p = project(&db.url);
        p.shale(&["upgrade"]).ok();
        p.rev(
            R3,
            &[R1],
            "CREATE TABLE other (id INTEGER PRIMARY KEY);",
            "DROP TABLE other;",
        );
        let out = p.shale(&["verify"]);
        assert_eq!(out.code, 1);
        assert!(out.stdout.contains("[multiple-heads]"), "{}", out.stdout);
        let second = std::fs::read_dir(p.versions())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|f| f.to_string_lossy().contains(R2))
            .unwrap();
        let text = std::fs::read_to_string(&second).unwrap();
        std::fs::write(&second, text.replace("VARCHAR(100)", "VARCHAR(200)")).unwrap();
        let out = p.shale(&["verify"]);
        assert!(
            out.stdout.contains("[edited]") && out.stdout.contains(R2),
            "{}",
            out.stdout
        );
    });
}

#[test]
fn verify_catches_models_out_of_date() {
    each_db(|db| {
        let p = project(&db.url);
        p.models("sql = [\"schema.sql\"]");
        p.write(
            "schema.sql",
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50), email VARCHAR(100));\n",
        );
        let out = p.shale(&["verify"]).ok().to_string();
        assert!(out.contains("compared the models"), "{out}");
        std::fs::write(p.path().join("schema.sql"), "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50), email VARCHAR(100), age INTEGER);\n").unwrap();
        let out = p.shale(&["verify"]);
        assert_eq!(out.code, 1);
        assert!(
            out.stdout.contains("[models-differ]") && out.stdout.contains("age"),
            "{}",
            out.stdout
        );
    });
}

#[test]
fn drift_finds_a_column_and_an_index_added_by_hand() {
    each_db(|db| {
        let p = project(&db.url);
        p.shale(&["upgrade"]).ok();
        assert!(p.shale(&["check", "--drift"]).ok().contains("No drift"));
        db.execute("ALTER TABLE users ADD COLUMN nickname VARCHAR(20)");
        db.execute("CREATE INDEX ix_hand ON users (name)");
        let out = p.shale(&["check", "--drift"]);
        assert_eq!(out.code, 1);
        assert!(
            out.stdout.contains("nickname") && out.stdout.contains("ix_hand"),
            "{}",
            out.stdout
        );
        if db.kind == Kind::Postgres {
            let v: serde_json::Value =
                serde_json::from_str(&p.shale(&["check", "--drift", "--json"]).stdout).unwrap();
            assert_eq!(v["drift"], true);
        }
    });
}

#[test]
fn lint_errors_fail_verify_unless_allowed() {
    let db = shale_testkit::TestDb::create(Kind::Sqlite).unwrap();
    let p = project(&db.url);
    let third = p.rev(
        R3,
        &[R2],
        "DROP TABLE users;",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50), email VARCHAR(100));",
    );
    let out = p.shale(&["verify"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout.contains("[lint]") && out.stdout.contains("drop-table"),
        "{}",
        out.stdout
    );
    let text = std::fs::read_to_string(&third).unwrap();
    std::fs::write(
        &third,
        text.replace(
            "DROP TABLE users;",
            "-- shale:allow drop-table\nDROP TABLE users;",
        ),
    )
    .unwrap();
    let out = p.shale(&["verify"]);
    assert!(!out.stdout.contains("[lint]"), "{}", out.stdout);
}

#[test]
fn verify_needs_no_database() {
    let p = project("sqlite://unused.db");
    p.write("shale.toml", "script_location = \"migrations\"\n");
    let out = p.shale(&["verify"]).ok().to_string();
    assert!(
        out.contains("scratch sqlite database") && out.contains("OK"),
        "{out}"
    );
    assert!(!p.path().join("unused.db").exists());
}
