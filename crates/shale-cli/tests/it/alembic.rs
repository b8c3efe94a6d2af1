//! `shale import --from alembic`: the Alembic project in `tests/alembic_case/` (22
//! revisions, a branch after r10 and its merge m13, written by its generate.py) rendered by
//! Alembic's offline mode and imported must build, with `shale upgrade head` on an empty
//! database, the schema that Alembic's own `upgrade head` builds on another; then the
//! database Alembic migrated is taken over (stamped at its alembic_version revision).
//!
//! Alembic runs from the venv scripts/alembic-venv.sh creates (.venv-alembic at the
//! repository's root, or SHALE_ALEMBIC_PYTHON); without it the test is skipped with a
//! message, except under CI.

use crate::support::{shale_cmd, Proj, Run};
use shale::db::{inspect::inspect, Db};
use shale::url::DbUrl;
use shale_testkit::{Kind, TestDb, ALL};
use std::path::{Path, PathBuf};

fn case_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/alembic_case")
}

/// The venv's Python, or `None` (after saying why) outside CI.
fn python() -> Option<PathBuf> {
    let path = match std::env::var_os("SHALE_ALEMBIC_PYTHON") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv-alembic/bin/python"),
    };
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing under CI: run scripts/alembic-venv.sh first",
        path.display()
    );
    eprintln!(
        "skipped: no Alembic venv at {} (run scripts/alembic-venv.sh)",
        path.display()
    );
    None
}

/// The SQLAlchemy URL of a test database.
fn sqlalchemy_url(db: &TestDb) -> String {
    match db.kind {
        Kind::Sqlite => format!("sqlite:///{}", db.url.trim_start_matches("sqlite://")),
        Kind::Postgres => db.url.replacen("postgres://", "postgresql+psycopg2://", 1),
        Kind::Mysql => db.url.replacen("mysql://", "mysql+pymysql://", 1),
    }
}

/// Alembic's own `upgrade heads` on `db`.
fn alembic_upgrade(python: &Path, db: &TestDb) {
    let code = format!(
        "from alembic.config import Config\nfrom alembic import command\n\
         c = Config({ini:?})\nc.set_main_option('sqlalchemy.url', {url:?})\ncommand.upgrade(c, 'heads')\n",
        ini = case_dir().join("alembic.ini").display().to_string(),
        url = sqlalchemy_url(db),
    );
    let out = std::process::Command::new(python)
        .arg("-c")
        .arg(code)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "alembic upgrade: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn schema(url: &str) -> shale::schema::Schema {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut db = Db::connect(&DbUrl::parse(url).unwrap()).await.unwrap();
        let exclude = ["shale_version", "shale_version_history", "alembic_version"];
        let s = inspect(&mut db, &exclude).await.unwrap();
        db.close().await;
        s
    })
}

fn shale(p: &Proj, python: &Path, args: &[&str]) -> Run {
    Run::from(
        shale_cmd(p.path())
            .env("SHALE_ALEMBIC_PYTHON", python)
            .args(args)
            .output()
            .unwrap(),
    )
}

#[test]
fn an_alembic_history_imported_builds_the_schema_alembic_builds_and_takes_over() {
    let Some(python) = python() else {
        return;
    };
    let case = case_dir();
    let case = case.to_str().unwrap();
    for kind in ALL {
        let (Some(by_alembic), Some(by_shale)) = (TestDb::create(kind), TestDb::create(kind))
        else {
            continue;
        };
        eprintln!("--- on {}", kind.name());
        alembic_upgrade(&python, &by_alembic);
        let p = Proj::new(&by_shale.url);
        let dialect = match kind {
            Kind::Sqlite => "sqlite",
            Kind::Postgres => "postgresql",
            Kind::Mysql => "mysql",
        };
        let out = shale(
            &p,
            &python,
            &["import", "--from", "alembic", case, "--dialect", dialect],
        );
        assert!(
            out.ok().contains("Imported 22 Alembic revision(s)"),
            "{}",
            out.stdout
        );

        // The Alembic graph is shale's: one head (on the branch labelled `audit`, merged
        // in, as Alembic shows it), the branch point and the merge kept.
        assert_eq!(
            shale(&p, &python, &["heads"]).ok().trim(),
            "r21 (audit) (head), create invites"
        );
        let branches = shale(&p, &python, &["branches"]).ok().to_string();
        assert!(branches.contains("r10"), "{branches}");
        // Alembic's branch label names the same revision in shale.
        let labelled = shale(&p, &python, &["show", "audit", "--json"])
            .ok()
            .to_string();
        assert!(labelled.contains("\"revision\": \"r11b\""), "{labelled}");
        let show = shale(&p, &python, &["show", "m13"]).ok().to_string();
        assert!(show.contains("r12a") && show.contains("r11b"), "{show}");

        shale(&p, &python, &["upgrade", "head"]).ok();
        let (a, b) = (schema(&by_alembic.url), schema(&by_shale.url));
        assert!(a.tables.len() >= 10, "{:?}", a.tables.keys());
        assert_eq!(a, b, "{}", kind.name());

        // Downgrades are Alembic's too: back to base leaves nothing.
        shale(&p, &python, &["downgrade", "base"]).ok();
        assert_eq!(schema(&by_shale.url), shale::schema::Schema::default());

        // Take-over: the database Alembic migrated is stamped at its revision.
        let out = shale(
            &p,
            &python,
            &[
                "--url",
                &by_alembic.url,
                "import",
                "--from",
                "alembic",
                case,
                "--dialect",
                dialect,
            ],
        );
        assert!(
            out.ok().contains("stamped the database at r21"),
            "{}",
            out.stdout
        );
        let current = shale(&p, &python, &["--url", &by_alembic.url, "current"]);
        assert!(current.ok().contains("r21"), "{}", current.stdout);
        assert_eq!(
            by_alembic.column("SELECT version_num FROM alembic_version"),
            ["r21"]
        );
    }
}

#[test]
fn without_alembic_the_error_says_what_to_install() {
    let p = Proj::new("sqlite::memory:");
    let out = shale(
        &p,
        Path::new("/nonexistent/python"),
        &[
            "import",
            "--from",
            "alembic",
            case_dir().to_str().unwrap(),
            "--dialect",
            "sqlite",
        ],
    );
    let err = out.fails(1);
    assert!(err.contains("pip install alembic"), "{err}");
}

/// Importing into a folder that already holds the import is idempotent (nothing
/// rewritten); the same revision under another file name, or other revisions, are refused
/// with what is there — as for the other tools.
#[test]
fn an_alembic_import_again_is_idempotent_and_other_revisions_are_refused() {
    let Some(python) = python() else {
        return;
    };
    let case = case_dir();
    let case = case.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = Proj::new(&format!("sqlite://{}", dir.path().join("app.db").display()));
    let import = ["import", "--from", "alembic", case, "--dialect", "sqlite"];
    shale(&p, &python, &import).ok();
    let listing = |p: &Proj| {
        let mut files: Vec<(String, std::time::SystemTime)> = std::fs::read_dir(p.versions())
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let modified = e.metadata().unwrap().modified().unwrap();
                (e.file_name().to_string_lossy().into_owned(), modified)
            })
            .collect();
        files.sort();
        files
    };
    let before = listing(&p);
    assert_eq!(before.len(), 22);

    let again = shale(&p, &python, &import);
    assert!(
        again
            .ok()
            .contains("Every revision was already imported: nothing written"),
        "{}",
        again.stdout
    );
    assert_eq!(listing(&p), before, "nothing rewritten");
    let json = shale(
        &p,
        &python,
        &[
            "--json",
            "import",
            "--from",
            "alembic",
            case,
            "--dialect",
            "sqlite",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(json.ok()).unwrap();
    assert_eq!(json["unchanged"], 22);
    assert_eq!(json["written"].as_array().map(Vec::len), Some(0));

    // The same revision under another name: refused, naming the file that has it.
    let (first, _) = &before[0];
    std::fs::rename(
        p.versions().join(first),
        p.versions().join(format!("renamed_{first}")),
    )
    .unwrap();
    let refused = shale(&p, &python, &import);
    let err = refused.fails(1);
    assert!(err.contains("already exists in"), "{err}");
    assert!(err.contains(&format!("renamed_{first}")), "{err}");

    // A project with its own revisions: refused, nothing written.
    let other = Proj::new(&format!(
        "sqlite://{}",
        dir.path().join("other.db").display()
    ));
    other.rev("own0001", &[], "SELECT 1;", "SELECT 1;");
    let err = shale(&other, &python, &import).fails(1).to_string();
    assert!(err.contains("not part of this import"), "{err}");
    assert_eq!(std::fs::read_dir(other.versions()).unwrap().count(), 1);
}
