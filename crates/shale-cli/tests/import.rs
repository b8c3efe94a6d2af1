//! `shale import`: each tool's history, written in that tool's own format under
//! `tests/import_cases/<tool>/` (22 migrations each, laid out by `generate.py`), imported
//! and upgraded on an empty database must give the schema that applying the tool's files
//! in order gives; and a database the tool migrated (its history table fabricated as the
//! tool writes it, or written by the real dbmate when installed) is taken over.

mod support;

use shale::db::{inspect::inspect, Db};
use shale::url::DbUrl;
use shale_testkit::{Kind, TestDb, ALL};
use std::path::{Path, PathBuf};
use support::Proj;

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
#[allow(dead_code)]
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

fn import(p: &Proj, tool: &str, extra: &[&str]) -> support::Run {
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
    for tool in ["sqlx", "diesel", "dbmate", "flyway"] {
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
        assert!(
            !text_of("create_orders").contains("-- shale:irreversible"),
            "{tool}"
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
