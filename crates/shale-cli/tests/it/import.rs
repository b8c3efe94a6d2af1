//! `shale import`: each tool's history, written in that tool's own format under
//! `tests/import_cases/<tool>/` (22 migrations each, laid out by `generate.py`), imported
//! and upgraded on an empty database must give the schema that applying the tool's files
//! in order gives; and a database the tool migrated (its history table fabricated as the
//! tool writes it, or written by the real dbmate when installed) is taken over.

use crate::support::Proj;
use shale::db::{inspect::inspect, Db};
use shale::url::DbUrl;
use shale_testkit::{Kind, TestDb, ALL};
use std::path::{Path, PathBuf};

const TOOLS: [&str; 6] = [
    "sqlx",
    "diesel",
    "refinery",
    "flyway",
    "golang-migrate",
    "dbmate",
];

fn case_dir(tool: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/import_cases")
        .join(tool)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Every file under `dir`, relative paths with `/`, sorted.
fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            out.extend(walk(&path).into_iter().map(|p| format!("{name}/{p}")));
        } else {
            out.push(name);
        }
    }
    out.sort();
    out
}

fn number(s: &str) -> u64 {
    s.chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

/// One migration as the tool applies it: its version as the history table records it,
/// its name, and its up SQL read straight from the tool's files (not through shale).
struct Step {
    version: String,
    name: String,
    file: String,
    sql: String,
}

/// The tool's migrations in the order the tool applies them, by the tool's own rules.
fn tool_steps(tool: &str) -> Vec<Step> {
    let dir = case_dir(tool);
    let read = |p: &str| std::fs::read_to_string(dir.join(p)).unwrap();
    let step = |version: String, name: &str, file: &str, sql: String| Step {
        version,
        name: name.to_string(),
        file: file.to_string(),
        sql,
    };
    let files = walk(&dir);
    let mut steps: Vec<(Vec<u64>, Step)> = Vec::new();
    for f in &files {
        let base = f.rsplit('/').next().unwrap();
        match tool {
            "sqlx" if !f.ends_with(".down.sql") => {
                let stem = base.trim_end_matches(".sql").trim_end_matches(".up");
                let (v, n) = stem.split_once('_').unwrap();
                steps.push((vec![number(v)], step(number(v).to_string(), n, f, read(f))));
            }
            "diesel" if base == "up.sql" => {
                let folder = f.split('/').next().unwrap();
                let (v, n) = folder.split_once('_').unwrap();
                let v = v.replace('-', "");
                steps.push((vec![number(&v)], step(v.clone(), n, f, read(f))));
            }
            "refinery" => {
                let (v, n) = base[1..].trim_end_matches(".sql").split_once("__").unwrap();
                steps.push((vec![number(v)], step(number(v).to_string(), n, f, read(f))));
            }
            "flyway" if base.ends_with(".sql") && !base.starts_with('U') => {
                let (v, n) = base[1..].trim_end_matches(".sql").split_once("__").unwrap();
                let key = if v.is_empty() {
                    vec![u64::MAX]
                } else {
                    v.split('_').map(number).collect()
                };
                steps.push((key, step(v.replace('_', "."), n, f, read(f))));
            }
            "golang-migrate" if f.ends_with(".up.sql") => {
                let v = number(base);
                let n = base.split_once('_').unwrap().1.trim_end_matches(".up.sql");
                steps.push((vec![v], step(v.to_string(), n, f, read(f))));
            }
            "dbmate" => {
                let text = read(f);
                let up = text.split_once("-- migrate:up").unwrap().1;
                let up = up.split_once('\n').unwrap().1;
                let up = up.split("\n-- migrate:down").next().unwrap().to_string();
                let (v, n) = base.trim_end_matches(".sql").split_once('_').unwrap();
                steps.push((vec![number(v)], step(v.to_string(), n, f, up)));
            }
            _ => {}
        }
    }
    steps.sort_by(|a, b| a.0.cmp(&b.0));
    steps.into_iter().map(|(_, s)| s).collect()
}

/// Applies the first `n` steps of the tool to the database at `url`, each file's SQL
/// sent as one text, as the tools send it.
fn apply_directly(url: &str, steps: &[Step]) {
    runtime().block_on(async {
        let mut db = Db::connect(&DbUrl::parse(url).unwrap()).await.unwrap();
        for s in steps {
            db.execute(&s.sql)
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", s.file));
        }
        db.close().await;
    });
}

fn schema(url: &str, exclude: &[&str]) -> shale::schema::Schema {
    runtime().block_on(async {
        let mut db = Db::connect(&DbUrl::parse(url).unwrap()).await.unwrap();
        let mut all = vec!["shale_version", "shale_version_history"];
        all.extend_from_slice(exclude);
        let s = inspect(&mut db, &all).await.unwrap();
        db.close().await;
        s
    })
}

#[track_caller]
fn assert_same_schema(tool: &str, kind: Kind, direct: &str, shale: &str, exclude: &[&str]) {
    let (a, b) = (schema(direct, exclude), schema(shale, exclude));
    assert!(
        a.tables.len() >= 8,
        "{tool} on {}: {:?}",
        kind.name(),
        a.tables.keys()
    );
    for (name, table) in &a.tables {
        assert_eq!(
            Some(table),
            b.tables.get(name),
            "{tool} on {}: table {name} differs",
            kind.name()
        );
    }
    assert_eq!(a, b, "{tool} on {}", kind.name());
}

fn two_dbs(kind: Kind) -> Option<(TestDb, TestDb)> {
    Some((TestDb::create(kind)?, TestDb::create(kind)?))
}

fn import(p: &Proj, tool: &str, extra: &[&str]) -> crate::support::Run {
    let dir = case_dir(tool);
    let mut args = vec!["import", "--from", tool, dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    p.shale(&args)
}

#[test]
fn each_history_has_at_least_twenty_migrations() {
    for tool in TOOLS {
        let steps = tool_steps(tool);
        assert!(steps.len() >= 20, "{tool}: {}", steps.len());
    }
}

#[test]
fn imported_histories_build_the_same_schema_as_the_tools_files() {
    let mut compared = 0;
    for kind in ALL {
        for tool in TOOLS {
            let Some((direct, via_shale)) = two_dbs(kind) else {
                break;
            };
            apply_directly(&direct.url, &tool_steps(tool));
            let p = Proj::new(&via_shale.url);
            let out = import(&p, tool, &[]).ok().to_string();
            assert!(out.contains("wrote"), "{out}");
            let out = p.shale(&["upgrade", "head"]).ok().to_string();
            assert!(out.contains("Done:"), "{tool} on {}: {out}", kind.name());
            assert_same_schema(tool, kind, &direct.url, &via_shale.url, &[]);
            compared += 1;
        }
    }
    eprintln!("compared {compared} imported histories with the tools' own files");
}

#[test]
fn importing_twice_gives_the_same_files_and_refuses_to_overwrite() {
    let p = Proj::new("sqlite://app.db");
    for tool in TOOLS {
        for f in std::fs::read_dir(p.versions()).unwrap() {
            std::fs::remove_file(f.unwrap().path()).unwrap();
        }
        let dry = import(&p, tool, &["--dry-run"]).ok().to_string();
        assert!(dry.contains("would write"), "{dry}");
        assert_eq!(
            std::fs::read_dir(p.versions()).unwrap().count(),
            0,
            "dry run wrote"
        );
        import(&p, tool, &[]).ok();
        let first: Vec<(PathBuf, String)> = walk(&p.versions())
            .into_iter()
            .map(|f| {
                (
                    p.versions().join(&f),
                    std::fs::read_to_string(p.versions().join(&f)).unwrap(),
                )
            })
            .collect();
        let again = import(&p, tool, &[]).ok().to_string();
        assert!(!again.contains("wrote"), "{again}");
        for (path, text) in &first {
            assert_eq!(&std::fs::read_to_string(path).unwrap(), text);
        }
        // An edited imported script is never overwritten.
        let (path, text) = &first[0];
        std::fs::write(path, format!("{text}\n-- edited\n")).unwrap();
        let err = import(&p, tool, &[]).fails(1).to_string();
        assert!(err.contains("refusing to overwrite"), "{err}");
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn marks_follow_each_tool() {
    let p = Proj::new("sqlite://app.db");
    let text_of = |needle: &str| -> String {
        let f = walk(&p.versions())
            .into_iter()
            .find(|f| f.contains(needle))
            .unwrap_or_else(|| panic!("{needle}"));
        std::fs::read_to_string(p.versions().join(f)).unwrap()
    };
    let clear = || {
        for f in std::fs::read_dir(p.versions()).unwrap() {
            std::fs::remove_file(f.unwrap().path()).unwrap();
        }
    };
    for tool in ["sqlx", "diesel", "dbmate", "flyway", "refinery"] {
        clear();
        import(&p, tool, &[]).ok();
        assert!(
            text_of("index_products_sku").contains("-- shale:transaction off"),
            "{tool}"
        );
        assert!(
            text_of("drop_users_name").contains("-- shale:irreversible"),
            "{tool}"
        );
        assert_eq!(
            text_of("create_orders").contains("-- shale:irreversible"),
            tool == "refinery",
            "{tool}: refinery has no downs"
        );
    }
    clear();
    import(&p, "refinery", &[]).ok();
    assert!(text_of("create_orders").contains("-- shale:irreversible"));
    clear();
    let out = import(&p, "golang-migrate", &[]).ok().to_string();
    assert!(out.contains("own transaction"), "{out}");
    assert!(text_of("backfill_order_totals").contains("-- shale:transaction off"));
    // The SQL is the tool's, unchanged.
    let steps = tool_steps("golang-migrate");
    let script = text_of("backfill_order_totals");
    assert!(script.contains(steps[11].sql.trim_end()), "{script}");
}

/// The revision id the documented scheme gives a tool's version.
fn expected_id(tool: &str, version: &str) -> String {
    let prefix = if tool == "golang-migrate" {
        "migrate"
    } else {
        tool
    };
    format!("{prefix}_{}", version.replace('.', "_"))
}

/// sqlx's checksum, computed by coreutils rather than by shale: SHA-384 of the file.
fn sha384_file(path: &Path) -> String {
    let out = std::process::Command::new("sha384sum")
        .arg(path)
        .output()
        .expect("sha384sum");
    String::from_utf8(out.stdout).unwrap()[..96].to_string()
}

/// The tool's history table, created and filled as the tool does after applying `steps`.
fn fabricate_history(tool: &str, kind: Kind, steps: &[Step]) -> Vec<String> {
    let pg = kind == Kind::Postgres;
    let mut sql = Vec::new();
    match tool {
        "sqlx" => {
            let (ts, blob) = if pg {
                ("TIMESTAMPTZ NOT NULL DEFAULT now()", "BYTEA")
            } else {
                ("TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP", "BLOB")
            };
            let desc = if kind == Kind::Mysql {
                "TEXT"
            } else {
                "TEXT NOT NULL"
            };
            sql.push(format!("CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description {desc}, installed_on {ts}, success BOOLEAN NOT NULL, checksum {blob} NOT NULL, execution_time BIGINT NOT NULL)"));
            for s in steps {
                let hex = sha384_file(&case_dir(tool).join(&s.file));
                let sum = if pg {
                    format!("decode('{hex}', 'hex')")
                } else {
                    format!("X'{hex}'")
                };
                sql.push(format!("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES ({}, '{}', TRUE, {sum}, 1)", s.version, s.name.replace('_', " ")));
            }
        }
        "diesel" => {
            sql.push("CREATE TABLE __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY NOT NULL, run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)".into());
            for s in steps {
                sql.push(format!(
                    "INSERT INTO __diesel_schema_migrations (version) VALUES ('{}')",
                    s.version
                ));
            }
        }
        "refinery" => {
            let int = if pg { "INT4" } else { "INTEGER" };
            sql.push(format!("CREATE TABLE refinery_schema_history (version {int} PRIMARY KEY, name VARCHAR(255), applied_on VARCHAR(255), checksum VARCHAR(255))"));
            for s in steps {
                let sum =
                    shale::import::refinery_checksum(&s.name, s.version.parse().unwrap(), &s.sql);
                sql.push(format!("INSERT INTO refinery_schema_history (version, name, applied_on, checksum) VALUES ({}, '{}', '2024-03-01T10:00:00Z', '{sum}')", s.version, s.name));
            }
        }
        "flyway" => {
            sql.push("CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL, version VARCHAR(50), description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INT, installed_by VARCHAR(100) NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, execution_time INT NOT NULL, success BOOLEAN NOT NULL, CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank))".into());
            sql.push(
                "CREATE INDEX flyway_schema_history_s_idx ON flyway_schema_history (success)"
                    .into(),
            );
            for (i, s) in steps.iter().enumerate() {
                let (version, kind) = if s.version.is_empty() {
                    ("NULL".to_string(), "SQL")
                } else {
                    (format!("'{}'", s.version), "SQL")
                };
                let sum = shale::import::crc32_lines(&s.sql);
                sql.push(format!("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) VALUES ({}, {version}, '{}', '{kind}', '{}', {sum}, 'postgres', 3, TRUE)", i + 1, s.name.replace('_', " "), s.file));
            }
        }
        "golang-migrate" => {
            sql.push("CREATE TABLE schema_migrations (version BIGINT NOT NULL PRIMARY KEY, dirty BOOLEAN NOT NULL)".into());
            let last = &steps.last().unwrap().version;
            sql.push(format!(
                "INSERT INTO schema_migrations (version, dirty) VALUES ({last}, FALSE)"
            ));
        }
        "dbmate" => {
            sql.push("CREATE TABLE schema_migrations (version VARCHAR(128) PRIMARY KEY)".into());
            for s in steps {
                sql.push(format!(
                    "INSERT INTO schema_migrations (version) VALUES ('{}')",
                    s.version
                ));
            }
        }
        _ => unreachable!(),
    }
    sql
}

fn history_table(tool: &str) -> &'static str {
    match tool {
        "sqlx" => "_sqlx_migrations",
        "diesel" => "__diesel_schema_migrations",
        "refinery" => "refinery_schema_history",
        "flyway" => "flyway_schema_history",
        _ => "schema_migrations",
    }
}

/// A database the tool migrated up to its 20th migration.
fn migrated_by_tool(tool: &str, kind: Kind, applied: usize) -> Option<TestDb> {
    let db = TestDb::create(kind)?;
    let steps = tool_steps(tool);
    apply_directly(&db.url, &steps[..applied]);
    for stmt in fabricate_history(tool, kind, &steps[..applied]) {
        db.execute(&stmt);
    }
    Some(db)
}

#[test]
fn a_database_the_tool_migrated_is_taken_over_and_upgraded() {
    for kind in ALL {
        for tool in TOOLS {
            let Some(db) = migrated_by_tool(tool, kind, 20) else {
                break;
            };
            let Some(full) = TestDb::create(kind) else {
                break;
            };
            let steps = tool_steps(tool);
            apply_directly(&full.url, &steps);
            let p = Proj::new(&db.url);
            let at = expected_id(tool, &steps[19].version);
            let dry = import(&p, tool, &["--url", &db.url, "--dry-run"])
                .ok()
                .to_string();
            assert!(
                dry.contains(&format!("Would stamp: the database is at {at}")),
                "{dry}"
            );
            assert!(!db.has_table("shale_version"), "a dry run stamped");
            let out = import(&p, tool, &["--url", &db.url]).ok().to_string();
            assert!(
                out.contains(&format!("Stamped: the database is at {at}")),
                "{tool} on {}: {out}",
                kind.name()
            );
            assert!(
                out.contains("20 of the imported revisions applied"),
                "{out}"
            );
            let current = p.shale(&["current"]).ok().to_string();
            assert!(current.starts_with(&at), "{current}");
            let up = p.shale(&["upgrade", "head"]).ok().to_string();
            let pending = steps.len() - 20;
            assert!(
                up.contains(&format!("Done: {pending} revision(s) applied")),
                "{tool} on {}: {up}",
                kind.name()
            );
            let table = history_table(tool);
            assert_same_schema(tool, kind, &full.url, &db.url, &[table]);
            let rows = db.column(&format!("SELECT COUNT(*) FROM {table}"));
            let expected = if tool == "golang-migrate" { "1" } else { "20" };
            assert_eq!(
                rows,
                [expected],
                "{tool}: the tool's table is left as it was"
            );
            // Taking over again (another environment, same scripts) changes nothing.
            let again = import(&p, tool, &["--url", &db.url]).ok().to_string();
            assert!(
                again.contains("Nothing stamped: shale already manages the database"),
                "{again}"
            );
            p.shale(&["stamp", "base"]).ok();
            p.shale(&["stamp", &expected_id(tool, &steps[2].version)])
                .ok();
            let err = import(&p, tool, &["--url", &db.url]).fails(1).to_string();
            assert!(err.contains("already has shale history"), "{err}");
        }
    }
}

#[test]
fn mismatches_are_reported_entry_by_entry_and_nothing_is_stamped() {
    let Some(db) = migrated_by_tool("sqlx", Kind::Sqlite, 20) else {
        return;
    };
    let steps = tool_steps("sqlx");
    db.execute(&format!(
        "UPDATE _sqlx_migrations SET checksum = X'00' WHERE version = {}",
        steps[3].version
    ));
    db.execute(&format!(
        "DELETE FROM _sqlx_migrations WHERE version = {}",
        steps[7].version
    ));
    db.execute("INSERT INTO _sqlx_migrations VALUES (99, 'from another branch', CURRENT_TIMESTAMP, TRUE, X'00', 1)");
    let p = Proj::new(&db.url);
    let err = import(&p, "sqlx", &["--url", &db.url]).fails(1).to_string();
    for needle in [
        "does not match the imported history (_sqlx_migrations)",
        "version 99 (from another branch) is applied but no imported migration has it",
        &format!(
            "version {} (create orders): the database recorded checksum 00",
            steps[3].version
        ),
        &format!(
            "is applied but the earlier {} (backfill display name) is not",
            steps[7].version
        ),
    ] {
        assert!(err.contains(needle), "{needle}\n{err}");
    }
    assert!(!db.has_table("shale_version"), "nothing stamped");
    assert_eq!(
        std::fs::read_dir(p.versions()).unwrap().count(),
        0,
        "nothing written"
    );
    // golang-migrate: a dirty database is refused.
    let Some(db) = migrated_by_tool("golang-migrate", Kind::Sqlite, 12) else {
        return;
    };
    db.execute("UPDATE schema_migrations SET dirty = TRUE");
    let p = Proj::new(&db.url);
    let err = import(&p, "golang-migrate", &["--url", &db.url])
        .fails(1)
        .to_string();
    assert!(err.contains("dirty") && err.contains("version 12"), "{err}");
    // No history table at all.
    let Some(empty) = TestDb::create(Kind::Sqlite) else {
        return;
    };
    empty.execute("CREATE TABLE t (id INT)");
    let err = import(&p, "dbmate", &["--url", &empty.url])
        .fails(1)
        .to_string();
    assert!(err.contains("has no schema_migrations table"), "{err}");
}

/// dbmate, installed from npm (`npm install --prefix target/tools/npm dbmate`), or named
/// by SHALE_TEST_DBMATE.
fn dbmate_binary() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SHALE_TEST_DBMATE") {
        return Some(PathBuf::from(p));
    }
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/tools/npm/node_modules/@dbmate/linux-x64/bin/dbmate");
    p.exists().then_some(p)
}

/// A tool the take-over tests run for real: skipped (saying why) when it is not
/// installed, except under CI, which installs it (`scripts/tools.sh`).
fn missing_tool(tool: &str) {
    let how = "scripts/tools.sh installs it into target/tools";
    if std::env::var_os("CI").is_some() {
        panic!("{tool} is not installed under CI: {how}");
    }
    eprintln!("skipped: {tool} is not installed ({how})");
}

/// sqlx-cli, installed from crates.io (`cargo install sqlx-cli --root target/tools/cargo`),
/// or named by SHALE_TEST_SQLX.
fn sqlx_binary() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SHALE_TEST_SQLX") {
        return Some(PathBuf::from(p));
    }
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/tools/cargo/bin/sqlx");
    p.exists().then_some(p)
}

/// The sqlx history migrated by the real `sqlx migrate run` on each database, then taken
/// over: shale's import reads `_sqlx_migrations` as sqlx-cli wrote it (checksums
/// included), stamps the last revision, and has nothing left to run.
#[test]
fn a_database_migrated_by_the_real_sqlx_cli_is_taken_over() {
    let Some(sqlx) = sqlx_binary() else {
        return missing_tool("sqlx-cli");
    };
    for kind in ALL {
        let Some(db) = TestDb::create(kind) else {
            continue;
        };
        // sqlx opens a SQLite file read-write, without creating it, unless told.
        let url = match kind {
            Kind::Sqlite => format!("{}?mode=rwc", db.url),
            _ => db.url.clone(),
        };
        let out = std::process::Command::new(&sqlx)
            .args(["migrate", "run", "--database-url", &url, "--source"])
            .arg(case_dir("sqlx"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "sqlx migrate run on {}: {}{}",
            kind.name(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let steps = tool_steps("sqlx");
        let Some(full) = TestDb::create(kind) else {
            continue;
        };
        apply_directly(&full.url, &steps);
        assert_same_schema("sqlx", kind, &full.url, &db.url, &["_sqlx_migrations"]);
        let p = Proj::new(&db.url);
        let at = expected_id("sqlx", &steps.last().unwrap().version);
        let out = import(&p, "sqlx", &["--url", &db.url]).ok().to_string();
        assert!(
            out.contains(&format!("Stamped: the database is at {at}")),
            "{out}"
        );
        let up = p.shale(&["upgrade", "head"]).ok().to_string();
        assert!(!up.contains("Running"), "{up}");
        eprintln!("sqlx-cli on {}: taken over at {at}", kind.name());
    }
}

#[test]
fn a_database_migrated_by_the_real_dbmate_is_taken_over() {
    let Some(dbmate) = dbmate_binary() else {
        return missing_tool("dbmate");
    };
    for kind in ALL {
        let Some(db) = TestDb::create(kind) else {
            continue;
        };
        let url = match kind {
            Kind::Postgres => format!("{}?sslmode=disable", db.url),
            _ => db.url.clone(),
        };
        let out = std::process::Command::new(&dbmate)
            .args(["--url", &url, "--migrations-dir"])
            .arg(case_dir("dbmate"))
            .args(["--no-dump-schema", "up"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "dbmate on {}: {}",
            kind.name(),
            String::from_utf8_lossy(&out.stderr)
        );
        let steps = tool_steps("dbmate");
        let Some(full) = TestDb::create(kind) else {
            continue;
        };
        apply_directly(&full.url, &steps);
        assert_same_schema("dbmate", kind, &full.url, &db.url, &["schema_migrations"]);
        let p = Proj::new(&db.url);
        let at = expected_id("dbmate", &steps.last().unwrap().version);
        let out = import(&p, "dbmate", &["--url", &db.url]).ok().to_string();
        assert!(
            out.contains(&format!("Stamped: the database is at {at}")),
            "{out}"
        );
        let up = p.shale(&["upgrade", "head"]).ok().to_string();
        assert!(!up.contains("Running"), "{up}");
        eprintln!("dbmate on {}: taken over at {at}", kind.name());
    }
}

#[test]
fn json_output_is_one_object_with_the_takeover() {
    let Some(db) = migrated_by_tool("dbmate", Kind::Sqlite, 5) else {
        return;
    };
    let p = Proj::new(&db.url);
    let out = import(&p, "dbmate", &["--url", &db.url, "--json"])
        .ok()
        .to_string();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert_eq!(v["tool"], "dbmate");
    assert_eq!(v["scripts"].as_array().unwrap().len(), 22);
    assert_eq!(v["scripts"][13]["irreversible"], true);
    assert_eq!(v["scripts"][12]["transactional"], false);
    assert_eq!(v["takeover"]["applied"], 5);
    assert_eq!(v["takeover"]["stamped"], "dbmate_20240301043000");
    crate::json_schemas::assert_documented("import", &out);
}

/// A two-migration history in `tool`'s format whose second migration builds an index with
/// `CREATE INDEX CONCURRENTLY`, which PostgreSQL refuses inside a transaction.
fn concurrent_history(tool: &str, dir: &Path) {
    let table = "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER);\n";
    let index = "CREATE INDEX CONCURRENTLY t_a_idx ON t (a);\n";
    let files: Vec<(String, String)> = match tool {
        "sqlx" => vec![
            ("1_t.sql".into(), table.into()),
            ("2_idx.sql".into(), format!("-- no-transaction\n{index}")),
        ],
        "diesel" => vec![
            ("2024-01-01-000000_t/up.sql".into(), table.into()),
            ("2024-01-01-000000_t/down.sql".into(), "DROP TABLE t;\n".into()),
            ("2024-01-02-000000_idx/up.sql".into(), index.into()),
            ("2024-01-02-000000_idx/down.sql".into(), "DROP INDEX t_a_idx;\n".into()),
            ("2024-01-02-000000_idx/metadata.toml".into(), "run_in_transaction = false\n".into()),
        ],
        "refinery" => vec![
            ("V1__t.sql".into(), table.into()),
            ("V2__idx.sql".into(), format!("-- refinery:noTransaction\n{index}")),
        ],
        // Flyway and golang-migrate notice the statement themselves.
        "flyway" => vec![("V1__t.sql".into(), table.into()), ("V2__idx.sql".into(), index.into())],
        "golang-migrate" => vec![
            ("1_t.up.sql".into(), table.into()),
            ("2_idx.up.sql".into(), index.into()),
        ],
        "dbmate" => vec![
            ("1_t.sql".into(), format!("-- migrate:up\n{table}\n-- migrate:down\nDROP TABLE t;\n")),
            ("2_idx.sql".into(), format!("-- migrate:up transaction:false\n{index}\n-- migrate:down\nDROP INDEX t_a_idx;\n")),
        ],
        _ => unreachable!(),
    };
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn postgresql_concurrent_indexes_run_outside_a_transaction() {
    for tool in TOOLS {
        let Some(db) = TestDb::create(Kind::Postgres) else {
            return;
        };
        let source = tempfile::tempdir().unwrap();
        concurrent_history(tool, source.path());
        let p = Proj::new(&db.url);
        let out = p
            .shale(&["import", "--from", tool, source.path().to_str().unwrap()])
            .ok()
            .to_string();
        assert!(out.contains("transaction off"), "{tool}: {out}");
        let up = p.shale(&["upgrade", "head"]).ok().to_string();
        assert!(up.contains("Done: 2 revision(s) applied"), "{tool}: {up}");
        let idx = db.column("SELECT indexname FROM pg_indexes WHERE indexname = 't_a_idx'");
        assert_eq!(idx, ["t_a_idx"], "{tool}");
    }
}

#[test]
fn a_project_with_its_own_revisions_is_refused_but_revisions_after_the_import_are_kept() {
    let p = Proj::new("sqlite://app.db");
    p.rev(
        "aaaaaaaaaaa1",
        &[],
        "CREATE TABLE x (id INT);",
        "DROP TABLE x;",
    );
    let err = import(&p, "dbmate", &[]).fails(1).to_string();
    assert!(err.contains("not part of this import"), "{err}");
    std::fs::remove_file(
        walk(&p.versions())
            .first()
            .map(|f| p.versions().join(f))
            .unwrap(),
    )
    .unwrap();
    import(&p, "dbmate", &[]).ok();
    // New work on top of the imported chain does not stop a later import --url.
    let last = expected_id("dbmate", &tool_steps("dbmate").last().unwrap().version);
    p.rev(
        "bbbbbbbbbbb2",
        &[&last],
        "CREATE TABLE y (id INT);",
        "DROP TABLE y;",
    );
    let again = import(&p, "dbmate", &[]).ok().to_string();
    assert!(
        again.contains("unchanged") && !again.contains("wrote"),
        "{again}"
    );
    let heads = p.shale(&["heads"]).ok().to_string();
    assert!(heads.starts_with("bbbbbbbbbbb2"), "{heads}");
}
