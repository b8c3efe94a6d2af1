//! A throw-away shale project on disk, and the real `shale` binary run against it.

#![allow(dead_code)]

use shale_testkit::{Kind, TestDb};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

/// Runs `test` once per database kind whose server is reachable.
pub fn each_db(test: impl Fn(&TestDb)) {
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
