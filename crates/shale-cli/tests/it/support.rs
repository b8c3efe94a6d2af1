//! A throw-away shale project on disk, and the real `shale` binary run against it.

#![allow(dead_code)]

use shale_testkit::{Kind, TestDb};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// A temporary project folder with `shale.toml` and `migrations/versions/`.
pub struct Proj {
    pub dir: tempfile::TempDir,
    pub url: String,
}

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn from(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        &self.stdout
    }

    /// Asserts failure with `code` and returns stderr.
    #[track_caller]
    pub fn fails(&self, code: i32) -> &str {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        &self.stderr
    }
}

impl Proj {
    /// A project whose `shale.toml` points at `url`.
    pub fn new(url: &str) -> Proj {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("migrations/versions")).unwrap();
        std::fs::write(
            dir.path().join("shale.toml"),
            format!("script_location = \"migrations\"\nurl = \"{url}\"\n"),
        )
        .unwrap();
        Proj {
            dir,
            url: url.to_string(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Rewrites `shale.toml` as the URL plus a `[models]` table holding `keys`
    /// (`sql = ["schema.sql"]`, `rust = ["models.rs"]` …).
    pub fn models(&self, keys: &str) {
        self.write(
            "shale.toml",
            &format!("url = \"{}\"\n[models]\n{keys}\n", self.url),
        );
    }

    /// Writes `name` (relative to the project folder).
    pub fn write(&self, name: &str, text: &str) {
        std::fs::write(self.dir.path().join(name), text).unwrap();
    }

    /// Every script of the versions folder, concatenated.
    pub fn scripts_text(&self) -> String {
        std::fs::read_dir(self.versions())
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect()
    }

    pub fn versions(&self) -> PathBuf {
        self.dir.path().join("migrations/versions")
    }

    /// Writes a revision script `NN_<rev>.sql`; returns its path.
    pub fn rev(&self, rev: &str, revises: &[&str], upgrade: &str, downgrade: &str) -> PathBuf {
        self.rev_with(rev, revises, "", upgrade, downgrade)
    }

    /// Like [`Proj::rev`], with extra header directives.
    pub fn rev_with(
        &self,
        rev: &str,
        revises: &[&str],
        headers: &str,
        upgrade: &str,
        downgrade: &str,
    ) -> PathBuf {
        let n = std::fs::read_dir(self.versions()).unwrap().count();
        let path = self.versions().join(format!("{n:04}_{rev}.sql"));
        let text = format!(
            "-- shale:revision {rev}\n-- shale:revises {}\n-- shale:message revision {rev}\n{headers}\n-- shale:upgrade\n{upgrade}\n\n-- shale:downgrade\n{downgrade}\n",
            revises.join(" ")
        );
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Runs `shale ARGS` in the project folder, with no DATABASE_URL in the environment.
    pub fn shale(&self, args: &[&str]) -> Run {
        Run::from(
            shale_cmd(self.path())
                .args(args)
                .output()
                .expect("run shale"),
        )
    }
}

/// The `shale` binary, in `dir`, with a clean environment for URLs.
pub fn shale_cmd(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_shale"));
    cmd.current_dir(dir)
        .env_remove("DATABASE_URL")
        .env("NO_COLOR", "1");
    cmd
}

/// `shale` running in the background, its stdout lines time-stamped as they arrive.
pub struct Spawned {
    child: Child,
    start: Instant,
    lines: Arc<Mutex<Vec<(Duration, String)>>>,
    stdout: JoinHandle<()>,
    stderr: JoinHandle<String>,
}

/// How a [`Spawned`] ended.
pub struct Ended {
    /// Exit code; `None` when the test killed it.
    pub code: Option<i32>,
    /// It was still running at the deadline (only from [`Spawned::wait`]).
    pub hung: bool,
    /// When it was killed or found exited, from its start.
    pub at: Duration,
    /// Each stdout line and when it arrived.
    pub lines: Vec<(Duration, String)>,
    pub stderr: String,
}

impl Ended {
    /// The `Running …` lines: one per finished revision.
    pub fn steps(&self) -> Vec<&(Duration, String)> {
        self.lines
            .iter()
            .filter(|(_, l)| finished_revision(l))
            .collect()
    }

    /// The whole of stdout.
    pub fn stdout(&self) -> String {
        self.lines.iter().map(|(_, l)| format!("{l}\n")).collect()
    }
}

impl Spawned {
    /// Starts `shale ARGS` in `dir`.
    pub fn new(dir: &Path, args: &[&str]) -> Spawned {
        let mut child = shale_cmd(dir)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn shale");
        let start = Instant::now();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
        let sink = Arc::clone(&lines);
        let stdout = thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                sink.lock().unwrap().push((start.elapsed(), line));
            }
        });
        let stderr = thread::spawn(move || {
            let mut text = String::new();
            let _ = err.read_to_string(&mut text);
            text
        });
        Spawned {
            child,
            start,
            lines,
            stdout,
            stderr,
        }
    }

    /// Whether a stdout line so far contains `text`.
    pub fn stdout_has(&self, text: &str) -> bool {
        let lines = self.lines.lock().unwrap();
        lines.iter().any(|(_, l)| l.contains(text))
    }

    /// Finished revisions so far.
    pub fn steps(&self) -> usize {
        let lines = self.lines.lock().unwrap();
        lines.iter().filter(|(_, l)| finished_revision(l)).count()
    }

    /// SIGKILL (unless it already exited).
    pub fn kill(mut self) -> Ended {
        let exited = self.child.try_wait().unwrap();
        let at = self.start.elapsed();
        let _ = self.child.kill();
        self.end(exited.and_then(|s| s.code()), false, at)
    }

    /// Waits up to `timeout`, then kills it as hung.
    pub fn wait(mut self, timeout: Duration) -> Ended {
        while self.start.elapsed() < timeout {
            if let Some(status) = self.child.try_wait().unwrap() {
                let at = self.start.elapsed();
                return self.end(status.code(), false, at);
            }
            thread::sleep(Duration::from_millis(5));
        }
        let _ = self.child.kill();
        let at = self.start.elapsed();
        self.end(None, true, at)
    }

    fn end(mut self, code: Option<i32>, hung: bool, at: Duration) -> Ended {
        let _ = self.child.wait();
        self.stdout.join().unwrap();
        let stderr = self.stderr.join().unwrap();
        let lines = std::mem::take(&mut *self.lines.lock().unwrap());
        Ended {
            code,
            hung,
            at,
            lines,
            stderr,
        }
    }
}

/// Runs `test` once per database kind whose server is reachable.
pub fn each_db(mut test: impl FnMut(&TestDb)) {
    for kind in shale_testkit::ALL {
        if let Some(db) = TestDb::create(kind) {
            eprintln!("--- on {}", kind.name());
            test(&db);
        }
    }
}

/// A column type that every dialect accepts.
pub fn text_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Mysql => "VARCHAR(100)",
        _ => "TEXT",
    }
}

/// Whether `line` reports a finished revision (`Running upgrade a -> b, msg … 12 ms`): a
/// revision's line is written when it starts and ended with its time when it finishes, so
/// a run killed mid-revision leaves that line without its end.
fn finished_revision(line: &str) -> bool {
    line.starts_with("Running ") && line.ends_with(" ms")
}

/// Prints a summary line of a fault-injection test and appends it to
/// `target/tmp/chaos-report.txt`, which `.ci/run` shows after the tests (cargo hides a
/// passing test's output).
pub fn report(line: &str) {
    eprintln!("{line}");
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("chaos-report.txt");
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        use std::io::Write as _;
        let _ = writeln!(file, "{line}");
    }
}

/// A `rand`-free xorshift64 source for the random instants of the kill tests.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// Seeded from the environment variable `var` when set, else from the clock; the
    /// seed is printed so that a failing run can be repeated.
    pub fn from_env(var: &str) -> (Rng, u64) {
        let seed = env_u64(var).unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
        eprintln!("{var}={seed}");
        (Rng::new(seed), seed)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A random instant within `span`.
    pub fn within(&mut self, span: Duration) -> Duration {
        span.mul_f64(self.below(1_000_000) as f64 / 1e6)
    }
}

/// An environment variable as a number.
pub fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

/// The `"interrupted"` object of `shale status --json`.
#[derive(serde::Deserialize)]
pub struct Interrupted {
    pub revision: String,
    /// `up` or `down`.
    pub direction: String,
    /// Statements that took effect.
    pub done: usize,
    pub total: usize,
    /// Statement `done + 1` was in flight: it may or may not have taken effect.
    pub running: bool,
    pub path: String,
    pub line: u64,
    /// The statement in flight (or that failed), as written.
    #[serde(default)]
    pub statement: String,
    /// Whether the statement in flight took effect, as shale found it in the schema.
    #[serde(default)]
    pub took_effect: Option<bool>,
}

impl Proj {
    /// What `shale status --json` says about an interrupted revision, if anything.
    pub fn interrupted(&self) -> Option<Interrupted> {
        let out = self.shale(&["status", "--json"]);
        let json: serde_json::Value = serde_json::from_str(&out.stdout).ok()?;
        serde_json::from_value(json["interrupted"].clone()).ok()
    }
}

/// Replays what `upgrade --sql` printed on the database at `url`, statement by statement on
/// one session, as `psql -f` or `mysql <` would run the file (statements split as shale
/// splits scripts: a `CREATE PROCEDURE … BEGIN … END` is one). The first failure, with
/// its statement.
pub fn replay(url: &str, sql: &str) -> Result<(), String> {
    let statements: Vec<String> = shale::script::split(sql)
        .into_iter()
        .map(|piece| piece.text)
        .filter(|text| {
            text.lines()
                .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with("--"))
        })
        .collect();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let url = shale::url::DbUrl::parse(url).unwrap();
            let mut db = shale::db::Db::connect(&url).await.unwrap();
            for statement in &statements {
                if let Err(e) = db.execute(statement).await {
                    db.close().await;
                    return Err(format!("{statement}: {e}"));
                }
            }
            db.close().await;
            Ok(())
        })
}
