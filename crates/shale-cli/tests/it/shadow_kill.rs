//! MariaDB: the shadow-table form of a CHECK (see `online_shadow.rs`) killed with SIGKILL
//! at random instants — in the check, while the shadow and its triggers are made, in the
//! middle of the batched copy, at the swap — while a writer inserts, updates and deletes.
//!
//! After each kill the run is restarted at once; if it reports the revision interrupted,
//! the test does what an operator does: looks at the database to see whether the statement
//! in flight took effect and continues with `--resume` or `--resume-from N`. Afterwards the
//! table has the CHECK and every row exactly once (the writer's too), no shadow, trigger or
//! procedure is left, and no write failed at any point (a trigger left writing into a
//! dropped shadow would fail them).
//!
//! `SHALE_SHADOW_KILL_TRIALS` (default 6) sets the trials; `SHALE_KILL_SEED` replays a
//! run's choices.

use crate::online_shadow::{assert_rows, clean_with_check, populated, write};
use crate::support::{env_u64, report, Rng, Spawned};
use shale_testkit::{Kind, TestDb};
use std::time::{Duration, Instant};

/// Longer than any honest run of the revision takes here, lock waits included.
const HANG: Duration = Duration::from_secs(120);

/// Whether the statement the interrupted run had in flight took effect, judged from the
/// database as an operator would. The idempotent ones (`DROP … IF EXISTS`, the `CALL`s)
/// run again either way.
fn took_effect(db: &TestDb, statement: &str) -> bool {
    let words: Vec<&str> = statement.split_whitespace().collect();
    let name = |w: &str| w.trim_matches('`').split('(').next().unwrap().to_string();
    let count = |sql: String| db.column(&sql) != ["0"];
    let routine = |n: &str| {
        count(format!(
            "SELECT count(*) FROM information_schema.routines WHERE routine_schema = DATABASE() AND routine_name = '{n}'"
        ))
    };
    let table = |n: &str| {
        count(format!(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '{n}'"
        ))
    };
    match words.as_slice() {
        ["CREATE", "PROCEDURE", n, ..] => routine(&name(n)),
        ["DROP", "PROCEDURE", n] => !routine(&name(n)),
        ["CREATE", "TABLE", n, "LIKE", ..] => table(&name(n)),
        ["ALTER", "TABLE", n, "ADD", "CONSTRAINT", c, ..] => count(format!(
            "SELECT count(*) FROM information_schema.check_constraints WHERE constraint_schema = DATABASE() AND table_name = '{}' AND constraint_name = '{}'",
            name(n),
            name(c)
        )),
        ["CREATE", "TRIGGER", n, ..] => count(format!(
            "SELECT count(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE() AND trigger_name = '{}'",
            name(n)
        )),
        ["RENAME", "TABLE", _, "TO", old, ..] => table(&name(old.trim_end_matches(','))),
        ["DROP", "TABLE", n] => !table(&name(n)),
        _ => false,
    }
}

#[test]
fn shadow_check_killed_at_random_instants_under_a_writer_loses_nothing() {
    let Some(db) = TestDb::create(Kind::Mysql) else {
        return;
    };
    let (mut rng, seed) = Rng::from_env("SHALE_KILL_SEED");
    let trials = env_u64("SHALE_SHADOW_KILL_TRIALS").unwrap_or(6);
    let start = Instant::now();
    let (p, _) = populated(&db);
    let writer = db.write(write);
    // One undisturbed run measures the span the kills are spread over.
    let run = Spawned::new(p.path(), &["upgrade", "head"]).wait(HANG);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let span = run.at.mul_f64(1.1);
    p.shale(&["downgrade", "aaaaaaaaaaaa"]).ok();
    let finish = |args: &[&str]| {
        let run = Spawned::new(p.path(), args).wait(HANG);
        (run.code, run.stderr)
    };
    let (mut interrupted, mut resumed_from) = (0, 0);
    let mut landed = std::collections::BTreeMap::new();
    for trial in 1..=trials {
        let delay = rng.within(span);
        let victim = Spawned::new(p.path(), &["upgrade", "head"]);
        std::thread::sleep(delay);
        victim.kill();
        let (code, stderr) = finish(&["upgrade", "head"]);
        let info = match code {
            Some(0) => None,
            Some(1) if stderr.contains("interrupted") => p.interrupted(),
            _ => panic!("trial {trial} (killed after {delay:?}): the restarted run: {stderr}"),
        };
        if let Some(info) = info {
            interrupted += 1;
            let words: Vec<&str> = info.statement.split_whitespace().take(2).collect();
            *landed.entry(words.join(" ")).or_insert(0) += 1;
            let from = (info.done + 2).to_string();
            let mut resume = vec!["upgrade", "head"];
            if info.running && took_effect(&db, &info.statement) {
                resumed_from += 1;
                resume.extend(["--resume-from", &from]);
            } else {
                resume.push("--resume");
            }
            let (code, stderr) = finish(&resume);
            assert_eq!(
                code,
                Some(0),
                "trial {trial}: {resume:?} after {}: {stderr}",
                info.statement
            );
        }
        clean_with_check(&db);
        if trial < trials {
            p.shale(&["downgrade", "aaaaaaaaaaaa"]).ok();
        }
    }
    std::thread::sleep(Duration::from_millis(200));
    let (longest, count, error) = writer.stop();
    assert_eq!(error, None, "a write failed");
    assert_rows(&db, count);
    p.shale(&["check"]).ok();
    let landed: Vec<String> = landed.iter().map(|(k, n)| format!("{k} {n}")).collect();
    report(&format!(
        "shadow CHECK killed at random instants, seed {seed}, {:.1} s: {trials} trials ({interrupted} reported interrupted, in: {}; {resumed_from} resumed after the statement in flight), {count} writes meanwhile (longest {longest:?}), none failed or lost",
        start.elapsed().as_secs_f64(),
        landed.join(", ")
    ));
}
