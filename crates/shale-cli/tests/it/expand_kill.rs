//! The expand revision of `revision --autogenerate --expand` killed with SIGKILL at random
//! instants — in its `ADD COLUMN`, while it creates the triggers, in the middle of the
//! batched backfill — while a writer of the previous release keeps inserting and updating
//! rows (PostgreSQL and MariaDB; SQLite runs the expand in one transaction).
//!
//! After each kill the run is restarted at once. It finishes the revision, or reports it
//! interrupted; then the test does what an operator does: reads `shale status --json`, looks
//! at the database to see whether the statement in flight took effect, and continues with
//! `--resume` or `--resume-from N`. Afterwards no row is lost, every row has both columns
//! equal (nothing the writer did during the kill, the interruption or the backfill is
//! missed), and the contract applies with `check` clean.
//!
//! `SHALE_EXPAND_KILL_TRIALS` (default 6) sets the trials per database; `SHALE_KILL_SEED`
//! replays a run's choices.

use crate::support::{each_db, env_u64, report, Proj, Rng, Spawned};
use shale_testkit::{Kind, TestDb};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Rows written before the expand: four backfill batches.
const ROWS: usize = 40_000;
/// Longer than any honest run of the expand takes here, lock waits included.
const HANG: Duration = Duration::from_secs(60);

fn models(p: &Proj, db: &TestDb, column: &str) {
    let ty = crate::support::text_type(db.kind);
    std::fs::write(
        p.path().join("schema.sql"),
        format!(
            "CREATE TABLE users (\n    id INTEGER PRIMARY KEY,\n    {column} {ty} NOT NULL\n);\n"
        ),
    )
    .unwrap();
}

/// Whether the statement the interrupted run had in flight took effect, judged from the
/// database as an operator would: the column, function or trigger it creates exists. A
/// batch of the backfill or a `SET` is run again either way.
fn took_effect(db: &TestDb, statement: &str) -> bool {
    let words: Vec<&str> = statement.split_whitespace().collect();
    let exists = |sql: String| db.column(&sql) != ["0"];
    match words.as_slice() {
        ["ALTER", "TABLE", table, "ADD", "COLUMN", column, ..] => {
            db.has_column(table.trim_matches('`'), column.trim_matches('`'))
        }
        ["CREATE", "FUNCTION", name, ..] => {
            let name = name.split('(').next().unwrap();
            exists(format!(
                "SELECT count(*) FROM pg_proc WHERE proname = '{name}'"
            ))
        }
        ["CREATE", "TRIGGER", name, ..] => {
            let name = name.trim_matches('`');
            exists(match db.kind {
                Kind::Postgres => format!("SELECT count(*) FROM pg_trigger WHERE tgname = '{name}'"),
                Kind::Mysql => format!("SELECT count(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE() AND trigger_name = '{name}'"),
                Kind::Sqlite => format!("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = '{name}'"),
            })
        }
        _ => false,
    }
}

/// Kill trials of the expand revision `expand` on `db`.
fn killed_expand(db: &TestDb, rng: &mut Rng, trials: u64) -> String {
    let p = Proj::new(&db.url);
    p.models("sql = [\"schema.sql\"]");
    models(&p, db, "fullname");
    p.start_from_models();
    for chunk in 0..ROWS / 1000 {
        let rows: Vec<String> = (1..=1000)
            .map(|i| chunk * 1000 + i)
            .map(|i| format!("({i}, 'user {i}')"))
            .collect();
        db.execute(&format!(
            "INSERT INTO users (id, fullname) VALUES {}",
            rows.join(", ")
        ));
    }
    models(&p, db, "name");
    let args = ["revision", "--autogenerate", "--expand", "-m", "rename"];
    p.shale(&[&args[..], &["--rename", "users.fullname=name"]].concat())
        .ok();
    let expand_rev = std::fs::read_dir(p.versions())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|path| path.to_string_lossy().ends_with("_expand.sql"))
        .map(|path| std::fs::read_to_string(path).unwrap())
        .and_then(|text| {
            let line = text.lines().find(|l| l.starts_with("-- shale:revision"))?;
            Some(line.split_whitespace().last()?.to_string())
        })
        .expect("an expand revision");

    // One undisturbed run measures the span the kills are spread over, and how far into
    // it the DDL ends and the backfill begins: every other trial kills within the DDL,
    // which is short next to the backfill.
    let run = Spawned::new(p.path(), &["-v", "upgrade", &expand_rev]).wait(HANG);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let span = run.at.mul_f64(1.1);
    let ddl = run
        .lines
        .iter()
        .find(|(_, line)| line.contains(": UPDATE "))
        .map_or(span, |(at, _)| *at);
    p.shale(&["downgrade", "aaaaaaaaaaaa"]).ok();

    let stop = AtomicBool::new(false);
    let next_id = AtomicUsize::new(1_000_000);
    let inserted = AtomicUsize::new(0);
    let (mut interrupted, mut resumed_from, mut judged) = (0, 0, 0);
    let mut landed = std::collections::BTreeMap::new();
    std::thread::scope(|s| {
        if db.kind != Kind::Sqlite {
            s.spawn(|| {
                // The previous release writes fullname only, throughout.
                let mut i = 0usize;
                while !stop.load(Ordering::Relaxed) {
                    let id = next_id.fetch_add(1, Ordering::Relaxed);
                    db.execute(&format!(
                        "INSERT INTO users (id, fullname) VALUES ({id}, 'writer {id}')"
                    ));
                    inserted.fetch_add(1, Ordering::Relaxed);
                    let row = i % ROWS + 1;
                    db.execute(&format!(
                        "UPDATE users SET fullname = 'updated {i}' WHERE id = {row}"
                    ));
                    i += 1;
                }
            });
        }
        let finish = |args: &[&str]| {
            let run = Spawned::new(p.path(), args).wait(HANG);
            (run.code, run.stderr)
        };
        for trial in 1..=trials {
            let delay = rng.within(if trial % 2 == 0 { ddl } else { span });
            let victim = Spawned::new(p.path(), &["upgrade", &expand_rev]);
            std::thread::sleep(delay);
            victim.kill();
            let (code, stderr) = finish(&["upgrade", &expand_rev]);
            let info = match code {
                Some(0) => None,
                Some(1) if stderr.contains("interrupted") => p.interrupted(),
                _ => panic!("trial {trial} (killed after {delay:?}): the restarted run: {stderr}"),
            };
            if let Some(info) = info {
                interrupted += 1;
                let words: Vec<&str> = info.statement.split_whitespace().take(3).collect();
                let what = match words.as_slice() {
                    ["UPDATE", ..] => "a backfill batch".to_string(),
                    ["ALTER", "TABLE", ..] => "ALTER TABLE".to_string(),
                    w => w[..w.len().min(2)].join(" "),
                };
                *landed.entry(what).or_insert(0) += 1;
                assert!(
                    info.revision == expand_rev && info.direction == "up",
                    "trial {trial}: interrupted names {} {}",
                    info.revision,
                    info.direction
                );
                let from = (info.done + 2).to_string();
                let mut resume = vec!["upgrade", &expand_rev];
                let took = info.running && took_effect(db, &info.statement);
                // What shale found in the schema agrees with the test's own look.
                if let Some(found) = info.took_effect {
                    judged += 1;
                    assert_eq!(found, took, "trial {trial}: {}", info.statement);
                }
                match took {
                    true => {
                        resumed_from += 1;
                        resume.extend(["--resume-from", &from]);
                    }
                    false => resume.push("--resume"),
                }
                let (code, stderr) = finish(&resume);
                assert_eq!(code, Some(0), "trial {trial}: {resume:?}: {stderr}");
            }
            let current = p.shale(&["current"]).ok().to_string();
            assert!(current.contains(&expand_rev), "trial {trial}: {current}");
            // Wait for the writer to have crossed the end of the expand, then compare.
            let seen = inserted.load(Ordering::Relaxed);
            while db.kind != Kind::Sqlite && inserted.load(Ordering::Relaxed) < seen + 2 {
                std::thread::sleep(Duration::from_millis(5));
            }
            let unequal = "SELECT count(*) FROM users WHERE name IS NULL OR fullname IS NULL OR name <> fullname";
            assert_eq!(
                db.column(unequal),
                ["0"],
                "trial {trial} (killed after {delay:?})"
            );
            if trial < trials {
                p.shale(&["downgrade", "aaaaaaaaaaaa"]).ok();
            }
        }
        stop.store(true, Ordering::Relaxed);
    });
    let rows = db.column("SELECT count(*) FROM users");
    assert_eq!(
        rows,
        [(ROWS + inserted.load(Ordering::Relaxed)).to_string()]
    );
    p.shale(&["upgrade", "head"]).ok();
    p.shale(&["check"]).ok();
    assert_eq!(
        db.column("SELECT count(*) FROM users WHERE name IS NULL"),
        ["0"]
    );
    let landed: Vec<String> = landed.iter().map(|(k, n)| format!("{k} {n}")).collect();
    format!(
        "{}: {trials} trials ({interrupted} reported interrupted, in: {}; {resumed_from} resumed after the statement in flight, {} with it; shale judged the statement in flight {judged} times, rightly), {} rows written by the previous release meanwhile",
        db.kind.name(),
        landed.join(", "),
        interrupted - resumed_from,
        inserted.load(Ordering::Relaxed)
    )
}

#[test]
fn expand_killed_at_random_instants_under_a_writer_loses_nothing() {
    let (mut rng, seed) = Rng::from_env("SHALE_KILL_SEED");
    let trials = env_u64("SHALE_EXPAND_KILL_TRIALS").unwrap_or(6);
    let start = Instant::now();
    let mut lines = Vec::new();
    each_db(|db| lines.push(killed_expand(db, &mut rng, trials)));
    report(&format!(
        "expand killed at random instants, seed {seed}, {:.1} s: {}",
        start.elapsed().as_secs_f64(),
        lines.join("; ")
    ));
}
