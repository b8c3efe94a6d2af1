//! `shale squash` and `shale squash --finish` killed with SIGKILL at random instants: the
//! versions folder always loads as one usable history (the squash whole or absent, no
//! revision without its parent), and running the command again completes it.

use crate::support::{report, shale_cmd, Proj, Rng};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Revisions r00 … r40 in the range, r41 after it.
const RANGE: usize = 40;

fn history(p: &Proj) {
    for i in 0..=RANGE + 1 {
        let rev = format!("r{i:02}");
        let parent = format!("r{:02}", i.wrapping_sub(1));
        let parents: Vec<&str> = if i == 0 { vec![] } else { vec![&parent] };
        p.rev(
            &rev,
            &parents,
            &format!("CREATE TABLE t{i} (id INTEGER PRIMARY KEY);"),
            &format!("DROP TABLE t{i};"),
        );
    }
}

/// The `.sql` scripts of the folder (hidden temporary files are not scripts).
fn scripts(p: &Proj) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(p.versions())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sql") && !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

fn copy_project(from: &Proj, to: &Proj) {
    for name in scripts(to) {
        std::fs::remove_file(to.versions().join(name)).unwrap();
    }
    for name in scripts(from) {
        std::fs::copy(from.versions().join(&name), to.versions().join(&name)).unwrap();
    }
}

/// Runs `args` and kills it after `delay`; whether it was still running then.
fn run_and_kill(dir: &Path, args: &[&str], delay: Duration) -> bool {
    let mut child = shale_cmd(dir)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let running = child.try_wait().unwrap().is_none();
    child.kill().ok();
    child.wait().unwrap();
    running
}

fn timed(dir: &Path, args: &[&str]) -> Duration {
    let start = Instant::now();
    let out = shale_cmd(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    start.elapsed()
}

/// After any kill, the history loads with one head; the squash script, when there, is
/// whole.
fn assert_usable(p: &Proj, trial: usize) {
    let heads = p.shale(&["heads"]);
    assert_eq!(heads.code, 0, "trial {trial}: {}", heads.stderr);
    assert!(
        heads.stdout.trim().starts_with("r41 (head)"),
        "trial {trial}: {}",
        heads.stdout
    );
    if let Some(sq) = scripts(p).into_iter().find(|n| n.contains("_sq_")) {
        let text = std::fs::read_to_string(p.versions().join(sq)).unwrap();
        assert!(
            text.contains(&format!("CREATE TABLE t{RANGE}")) && text.contains("DROP TABLE t1;"),
            "trial {trial}: the squash script is cut short:\n{text}"
        );
    }
}

#[test]
fn squash_and_finish_killed_at_random_instants_leave_a_usable_history() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("app.db").display());
    let pristine = Proj::new(&url);
    history(&pristine);
    pristine.shale(&["upgrade", "head"]).ok();
    let squash = ["squash", "r00:r40", "-m", "squash", "--rev-id", "sq"];
    let finish = ["squash", "--finish"];
    let (mut random, _) = Rng::from_env("SHALE_KILL_SEED");

    // `squash`: killed part-way, the folder holds the whole squash or none.
    let trial_proj = Proj::new(&url);
    copy_project(&pristine, &trial_proj);
    let full = timed(trial_proj.path(), &squash);
    let (mut trials, mut cut) = (0, 0);
    for trial in 0..40 {
        copy_project(&pristine, &trial_proj);
        let delay = Duration::from_micros(random.below(full.as_micros() as u64 * 5 / 4));
        cut += usize::from(run_and_kill(trial_proj.path(), &squash, delay));
        trials += 1;
        assert_usable(&trial_proj, trial);
        if !scripts(&trial_proj).iter().any(|n| n.contains("_sq_")) {
            trial_proj.shale(&squash).ok();
        }
        assert_usable(&trial_proj, trial);
    }
    report(&format!("squash killed at random instants: {trials} trials, {cut} killed while running (a full run takes {full:?}), all left a usable history"));
    assert!(cut > 0, "no trial killed a running squash");

    // `--finish`: killed part-way, the history still loads; again, it completes.
    let squashed = Proj::new(&url);
    copy_project(&pristine, &squashed);
    squashed.shale(&squash).ok();
    copy_project(&squashed, &trial_proj);
    let full = timed(trial_proj.path(), &finish);
    let (mut trials, mut cut) = (0, 0);
    for trial in 0..80 {
        copy_project(&squashed, &trial_proj);
        let delay = Duration::from_micros(random.below(full.as_micros() as u64 * 5 / 4));
        cut += usize::from(run_and_kill(trial_proj.path(), &finish, delay));
        trials += 1;
        assert_usable(&trial_proj, trial);
        let again = trial_proj.shale(&finish);
        assert!(
            again.code == 0 || again.stderr.contains("no squash to finish"),
            "trial {trial}: {}",
            again.stderr
        );
        assert_usable(&trial_proj, trial);
        let left = scripts(&trial_proj);
        assert_eq!(left.len(), 3, "trial {trial}: {left:?}");
        let sq = left.iter().find(|n| n.contains("_sq_")).unwrap();
        let text = std::fs::read_to_string(trial_proj.versions().join(sq)).unwrap();
        assert!(!text.contains("replaces"), "trial {trial}: {text}");
    }
    report(&format!("squash --finish killed at random instants: {trials} trials, {cut} killed while running (a full run takes {full:?}), all completed on a rerun"));
    assert!(cut > 0, "no trial killed a running finish");
}
