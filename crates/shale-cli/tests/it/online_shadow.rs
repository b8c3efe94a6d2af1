//! MariaDB: a CHECK added online through a shadow table (issue 17). Autogenerate writes
//! the shadow form for a table that can take it and lints clean; the upgrade copies every
//! row while a writer inserts, updates (the primary key too) and deletes, and keeps every
//! one of those writes; a row that violates the CHECK fails the revision naming it and
//! leaves the table as it was; `--sql` replayed gives the same table; where the method is
//! not safe the copying `ALTER` stays with a note saying why.

use crate::support::Proj;
use shale_testkit::{Kind, TestDb};
use std::collections::BTreeMap;

/// Rows before the change: a little over three batches of the copy.
pub(crate) const ROWS: u64 = 32_000;

pub(crate) const BEFORE: &str =
    "CREATE TABLE items (\n    id INTEGER PRIMARY KEY,\n    qty INTEGER NOT NULL,\n    \
note VARCHAR(40),\n    twice INTEGER GENERATED ALWAYS AS (qty * 2) VIRTUAL\n);\n";

pub(crate) const AFTER: &str =
    "CREATE TABLE items (\n    id INTEGER PRIMARY KEY,\n    qty INTEGER NOT NULL,\n    \
note VARCHAR(40),\n    twice INTEGER GENERATED ALWAYS AS (qty * 2) VIRTUAL,\n    \
CONSTRAINT ck_items_qty CHECK (qty > 0)\n);\n";

/// A project on `db` at `BEFORE`, with `ROWS` rows, the models at `AFTER` and the
/// revision generated; its script's text.
pub(crate) fn populated(db: &TestDb) -> (Proj, String) {
    let p = Proj::new(&db.url);
    p.models("sql = [\"schema.sql\"]");
    p.write("schema.sql", BEFORE);
    p.start_from_models();
    for chunk in 0..ROWS / 1000 {
        let rows: Vec<String> = (1..=1000)
            .map(|i| chunk * 1000 + i)
            .map(|i| format!("({i}, {}, 'row {i}')", i % 50 + 1))
            .collect();
        db.execute(&format!(
            "INSERT INTO items (id, qty, note) VALUES {}",
            rows.join(", ")
        ));
    }
    p.write("schema.sql", AFTER);
    p.shale(&[
        "revision",
        "--autogenerate",
        "-m",
        "check",
        "--rev-id",
        "bbbbbbbbbbbb",
    ])
    .ok();
    let script = std::fs::read_dir(p.versions())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|path| path.to_string_lossy().contains("bbbbbbbbbbbb"))
        .map(|path| std::fs::read_to_string(path).unwrap())
        .expect("the revision");
    (p, script)
}

/// The writer's `n`th statement: inserts, updates, a primary-key change and deletes.
pub(crate) fn write(n: u64) -> String {
    match n % 4 {
        0 => format!(
            "INSERT INTO items (id, qty, note) VALUES ({}, {}, 'w')",
            100_000 + n,
            n % 50 + 1
        ),
        1 => format!(
            "UPDATE items SET qty = qty + 1 WHERE id = {}",
            n * 7_919 % ROWS + 1
        ),
        2 => format!("DELETE FROM items WHERE id = {}", n * 104_729 % ROWS + 1),
        _ => format!(
            "UPDATE items SET id = {} WHERE id = {}",
            200_000 + n,
            100_000 + n - 3
        ),
    }
}

/// `id -> qty` after the rows `populated` wrote and the writer's first `count` writes.
pub(crate) fn expected(count: u64) -> BTreeMap<u64, u64> {
    let mut rows: BTreeMap<u64, u64> = (1..=ROWS).map(|i| (i, i % 50 + 1)).collect();
    for n in 0..count {
        match n % 4 {
            0 => {
                rows.insert(100_000 + n, n % 50 + 1);
            }
            1 => {
                if let Some(q) = rows.get_mut(&(n * 7_919 % ROWS + 1)) {
                    *q += 1;
                }
            }
            2 => {
                rows.remove(&(n * 104_729 % ROWS + 1));
            }
            _ => {
                if let Some(q) = rows.remove(&(100_000 + n - 3)) {
                    rows.insert(200_000 + n, q);
                }
            }
        }
    }
    rows
}

/// The table holds exactly the rows `expected(count)` says; else the rows that differ.
pub(crate) fn assert_rows(db: &TestDb, count: u64) {
    let (have, want) = (rows(db), expected(count));
    let keys: std::collections::BTreeSet<&u64> = have.keys().chain(want.keys()).collect();
    let differ: Vec<String> = keys
        .into_iter()
        .filter(|k| have.get(k) != want.get(k))
        .take(20)
        .map(|k| {
            format!(
                "id {k}: table {:?}, expected {:?}",
                have.get(k),
                want.get(k)
            )
        })
        .collect();
    assert!(differ.is_empty(), "after {count} writes: {differ:?}");
}

/// The table's rows as `id -> qty`.
pub(crate) fn rows(db: &TestDb) -> BTreeMap<u64, u64> {
    db.query("SELECT id, qty FROM items")
        .into_iter()
        .map(|r| {
            let n = |i: usize| r[i].as_deref().unwrap().parse::<u64>().unwrap();
            (n(0), n(1))
        })
        .collect()
}

/// No shadow, old copy, trigger or procedure is left, and the CHECK is on `items`.
pub(crate) fn clean_with_check(db: &TestDb) {
    let tables = db.column("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE '\\_items%'");
    assert!(tables.is_empty(), "{tables:?}");
    let triggers = db.column(
        "SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = DATABASE()",
    );
    assert!(triggers.is_empty(), "{triggers:?}");
    let routines = db.column(
        "SELECT routine_name FROM information_schema.routines WHERE routine_schema = DATABASE()",
    );
    assert!(routines.is_empty(), "{routines:?}");
    assert_eq!(
        db.column("SELECT constraint_name FROM information_schema.check_constraints WHERE constraint_schema = DATABASE() AND table_name = 'items'"),
        ["ck_items_qty"]
    );
}

fn show_create(db: &TestDb) -> String {
    db.query("SHOW CREATE TABLE items")[0][1].clone().unwrap()
}

/// The shadow form end to end: generated, lint clean, applied under a writer whose every
/// write is kept, replayed from `--sql` to the same table, downgraded and upgraded again.
#[test]
fn online_mysql_check_through_a_shadow_table() {
    let (Some(db), Some(copy)) = (TestDb::create(Kind::Mysql), TestDb::create(Kind::Mysql)) else {
        return;
    };
    let (p, script) = populated(&db);
    for expected in [
        "CALL _shale_check_ck_items_qty()",
        "DROP TRIGGER IF EXISTS _shale_items_ins",
        "DROP TABLE IF EXISTS _items_new",
        "CREATE TABLE _items_new LIKE items",
        "ALTER TABLE _items_new ADD CONSTRAINT ck_items_qty CHECK (qty > 0)",
        "AFTER UPDATE ON items",
        "CALL _shale_copy_items()",
        "RENAME TABLE items TO _items_old, _items_new TO items",
        "DROP TABLE _items_old",
        "DROP CONSTRAINT ck_items_qty, ALGORITHM=INSTANT",
    ] {
        assert!(script.contains(expected), "{expected}:\n{script}");
    }
    assert!(
        !script.contains("NOTE:") && !script.contains("IGNORE"),
        "{script}"
    );
    let lint = p.shale(&["lint"]).ok().to_string();
    assert!(lint.contains("0 error(s), 0 warning(s),"), "{lint}");
    let sql = p.shale(&["upgrade", "--sql", "base:head"]).ok().to_string();

    let writer = db.write(write);
    std::thread::sleep(std::time::Duration::from_millis(300));
    p.shale(&["upgrade", "head"]).ok();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let (longest, count, error) = writer.stop();
    assert_eq!(error, None, "a write failed");
    assert!(count > 20, "{count} writes");
    assert_rows(&db, count);
    clean_with_check(&db);
    p.shale(&["check"]).ok();
    crate::support::report(&format!(
        "online_mysql_check_through_a_shadow_table: {count} writes during the upgrade, longest {longest:?}, none lost"
    ));

    crate::support::replay(&copy.url, &sql).unwrap();
    assert_eq!(show_create(&copy), show_create(&db));

    p.shale(&["downgrade", "aaaaaaaaaaaa"]).ok();
    let checks = "SELECT count(*) FROM information_schema.check_constraints WHERE constraint_schema = DATABASE()";
    assert_eq!(db.column(checks), ["0"]);
    p.shale(&["upgrade", "head"]).ok();
    p.shale(&["check"]).ok();
}

/// A row that violates the CHECK fails the revision before anything changes, naming the
/// constraint; the table is as it was, and once the row is fixed `--resume` completes.
#[test]
fn online_mysql_shadow_check_fails_on_a_violating_row() {
    let Some(db) = TestDb::create(Kind::Mysql) else {
        return;
    };
    let (p, _) = populated(&db);
    db.execute("UPDATE items SET qty = 0 WHERE id = 1234");
    let before = show_create(&db);
    let err = p.shale(&["upgrade", "head"]).fails(1).to_string();
    assert!(
        err.contains("check ck_items_qty: a row of items violates it"),
        "{err}"
    );
    assert_eq!(show_create(&db), before);
    let tables = db.column("SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE '\\_items%'");
    assert_eq!(tables, ["0"]);
    assert_eq!(db.column("SELECT count(*) FROM items"), [ROWS.to_string()]);
    db.execute("UPDATE items SET qty = 1 WHERE id = 1234");
    p.shale(&["upgrade", "--resume"]).ok();
    clean_with_check(&db);
    p.shale(&["check"]).ok();
}

/// Where a shadow table is not safe — the table has a foreign key, another table
/// references it, it has a trigger, it has no primary key — the copying `ALTER` stays,
/// with a note saying which; it applies and lints clean.
#[test]
fn online_mysql_check_falls_back_to_the_copying_alter() {
    let check = "CONSTRAINT ck_items_qty CHECK (qty > 0)";
    let users = "CREATE TABLE users (id INTEGER PRIMARY KEY);\n";
    let parts = "CREATE TABLE parts (id INTEGER PRIMARY KEY, item_id INTEGER, CONSTRAINT fk_parts_items FOREIGN KEY (item_id) REFERENCES items (id));\n";
    let child = "CREATE TABLE items (id INTEGER PRIMARY KEY, qty INTEGER, user_id INTEGER, CONSTRAINT fk_items_users FOREIGN KEY (user_id) REFERENCES users (id)";
    let parent = "CREATE TABLE items (id INTEGER PRIMARY KEY, qty INTEGER";
    let keyless = "CREATE TABLE items (qty INTEGER, note VARCHAR(10)";
    let cases = [
        (
            format!("{users}{child});\n"),
            format!("{users}{child}, {check});\n"),
            "the table has foreign keys",
            "(id, qty) VALUES (1, 1)",
        ),
        (
            format!("{parent});\n{parts}"),
            format!("{parent}, {check});\n{parts}"),
            "other tables' foreign keys reference the table",
            "(id, qty) VALUES (1, 1)",
        ),
        (
            format!("{keyless});\n"),
            format!("{keyless}, {check});\n"),
            "the table has no primary key",
            "(qty) VALUES (1)",
        ),
    ];
    for (before, after, why, row) in cases {
        let Some(db) = TestDb::create(Kind::Mysql) else {
            return;
        };
        let p = Proj::new(&db.url);
        p.models("sql = [\"schema.sql\"]");
        p.write("schema.sql", &before);
        p.shale(&["revision", "--autogenerate", "-m", "start"]).ok();
        p.shale(&["upgrade", "head"]).ok();
        db.execute(&format!("INSERT INTO items {row}"));
        p.write("schema.sql", &after);
        let out = p
            .shale(&["revision", "--autogenerate", "-m", "check"])
            .ok()
            .to_string();
        let script = p.scripts_text();
        assert!(
            script.contains("-- NOTE: MySQL/MariaDB add a check constraint"),
            "{out}\n{script}"
        );
        assert!(script.contains(why), "{why}:\n{script}");
        assert!(!script.contains("RENAME TABLE"), "{script}");
        let lint = p.shale(&["lint"]).ok().to_string();
        assert!(lint.contains("0 error(s), 0 warning(s),"), "{lint}");
        p.shale(&["upgrade", "head"]).ok();
        p.shale(&["check"]).ok();
    }
    // A table with a trigger of its own: written by hand before the models' revision.
    let Some(db) = TestDb::create(Kind::Mysql) else {
        return;
    };
    let p = Proj::new(&db.url);
    p.models("sql = [\"schema.sql\"]");
    let table = "CREATE TABLE items (id INTEGER PRIMARY KEY, qty INTEGER";
    let trigger = "CREATE TRIGGER items_touch BEFORE INSERT ON items FOR EACH ROW SET NEW.qty = coalesce(NEW.qty, 1);\n";
    p.write("schema.sql", &format!("{table});\n{trigger}"));
    p.shale(&["revision", "--autogenerate", "-m", "start"]).ok();
    p.shale(&["upgrade", "head"]).ok();
    p.write(
        "schema.sql",
        &format!("{table}, CONSTRAINT ck_items_qty CHECK (qty > 0));\n{trigger}"),
    );
    p.shale(&["revision", "--autogenerate", "-m", "check"]).ok();
    let script = p.scripts_text();
    assert!(
        script.contains("the table has triggers of its own"),
        "{script}"
    );
    p.shale(&["upgrade", "head"]).ok();
    p.shale(&["check"]).ok();
}
