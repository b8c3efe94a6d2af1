//! Migrations embedded in the application binary, applied or checked at start-up.
//!
//! [`embed_migrations!`](crate::embed_migrations) reads a migrations folder at compile time
//! and gives an [`EmbeddedMigrations`] value holding the text of every script of its
//! `versions/` folder. At run time the application either upgrades the database to head
//! before serving ([`EmbeddedMigrations::upgrade`]) or, when migrations run as a separate
//! deploy step, refuses to start unless the database is at head
//! ([`EmbeddedMigrations::check_at_head`]).
//!
//! Upgrades go through [`Migrator`] and so take the same database lock as `shale upgrade`:
//! many replicas can start at once, and each revision is applied exactly once. The database
//! is given as a URL or as the application's own sqlx pool (anything [`ToConnector`]).
//!
//! ```
//! use shale::embed::EmbeddedMigrations;
//!
//! static MIGRATIONS: EmbeddedMigrations = shale::embed_migrations!("tests/embedded");
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let pool = sqlx::SqlitePool::connect("sqlite::memory:").await?;
//! let report = MIGRATIONS.upgrade(&pool).await?;
//! assert_eq!(report.steps.len(), 2);
//! MIGRATIONS.check_at_head(&pool).await?;
//! sqlx::query("INSERT INTO notes (body) VALUES ('hello')").execute(&pool).await?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```
//!
//! # Several crates
//!
//! A library crate with its own tables exposes its migrations
//! (`pub static MIGRATIONS: EmbeddedMigrations = shale::embed_migrations!("migrations");`,
//! its first script carrying a branch label such as `-- shale:branch-labels authlib`), and
//! the application applies them with its own through
//! [`EmbeddedMigrations::combine`]: one revision graph, one upgrade of every branch under
//! one lock, one version-table row per branch head. An application revision that needs a
//! library's table declares `-- shale:depends-on` on the library's revision. See
//! docs/crates.md.
//!
//! # Rebuilding when scripts change
//!
//! The macro includes every script with `include_str!`, so editing a script rebuilds the
//! crate. A script *added* to the folder is seen only when the crate is next compiled: stable
//! Rust gives procedural macros no way to watch a folder. Add a build script so that cargo
//! rebuilds when the folder changes:
//!
//! ```text
//! // build.rs, next to Cargo.toml
//! fn main() {
//!     println!("cargo:rerun-if-changed=migrations");
//! }
//! ```
//!
//! (For a folder, cargo compares the modification times of everything inside it.)

use crate::config::Config;
use crate::db::ToConnector;
use crate::graph::{Direction, Target};
use crate::runner::RunReport;
use crate::sources::Folder;
use crate::{Migrator, Project, Result};
use std::fmt;
use std::path::{Path, PathBuf};

/// The version table used unless [`EmbeddedMigrations::with_version_table`] names another;
/// the same default as `shale.toml`'s `version_table`.
pub const DEFAULT_VERSION_TABLE: &str = "shale_version";

/// One script embedded by [`embed_migrations!`](crate::embed_migrations): its file name in
/// `versions/` and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmbeddedScript {
    /// The file name, e.g. `20261125_1030_3f2a9c1d7b4e_add_display_name.sql`.
    pub name: &'static str,
    /// The script's text as it was when the application was compiled.
    pub text: &'static str,
}

/// A migrations folder embedded in the binary: its scripts, and the version table and lock
/// settings to apply them with.
///
/// Made by [`embed_migrations!`](crate::embed_migrations); every method that touches the
/// database accepts a URL (`&str`, `String`, [`DbUrl`](crate::url::DbUrl)) or an sqlx pool
/// (`SqlitePool`, `PgPool`, `MySqlPool`).
///
/// ```
/// static MIGRATIONS: shale::embed::EmbeddedMigrations = shale::embed_migrations!("tests/embedded");
///
/// assert_eq!(MIGRATIONS.location(), "tests/embedded");
/// assert_eq!(MIGRATIONS.scripts().len(), 2);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct EmbeddedMigrations {
    location: &'static str,
    scripts: &'static [EmbeddedScript],
    /// The folders of [`EmbeddedMigrations::combine`]; empty for one folder.
    parts: &'static [&'static EmbeddedMigrations],
    version_table: &'static str,
    lock: bool,
}

/// A revision that an upgrade to head would apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRevision {
    /// The revision id.
    pub revision: String,
    /// Its message.
    pub message: String,
}

/// The error of [`EmbeddedMigrations::check_at_head`]: the database is not at head, and
/// these revisions are pending.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", not_at_head_message(current, revisions))]
pub struct Pending {
    /// The revisions the database is at (empty: base, nothing applied).
    pub current: Vec<String>,
    /// The revisions an upgrade to head would apply, in the order it would apply them.
    pub revisions: Vec<PendingRevision>,
}

fn not_at_head_message(current: &[String], pending: &[PendingRevision]) -> String {
    let at = match current {
        [] => "base (no revision applied)".to_string(),
        heads => heads.join(", "),
    };
    let mut text = format!(
        "the database is not at head: it is at {at}, and {} revision(s) are pending:",
        pending.len()
    );
    for p in pending {
        text.push_str(&format!("\n    {p}"));
    }
    text.push_str(
        "\nApply them with `shale upgrade heads` (the deploy's migration step), then start the application again.",
    );
    text
}

impl EmbeddedMigrations {
    /// Migrations made of `scripts`, read from the folder `location` (used in messages).
    /// [`embed_migrations!`](crate::embed_migrations) calls this; there is rarely a reason to.
    ///
    /// ```
    /// use shale::embed::{EmbeddedMigrations, EmbeddedScript};
    ///
    /// const SCRIPTS: &[EmbeddedScript] = &[EmbeddedScript {
    ///     name: "0001_init.sql",
    ///     text: "-- shale:revision 000000000001\n-- shale:upgrade\nCREATE TABLE t (id INTEGER);\n",
    /// }];
    /// let migrations = EmbeddedMigrations::new("migrations", SCRIPTS);
    /// assert_eq!(migrations.project().unwrap().graph.heads(), ["000000000001"]);
    /// ```
    pub const fn new(location: &'static str, scripts: &'static [EmbeddedScript]) -> Self {
        EmbeddedMigrations {
            location,
            scripts,
            parts: &[],
            version_table: DEFAULT_VERSION_TABLE,
            lock: true,
        }
    }

    /// The migrations of several crates applied as one history: the libraries' first, the
    /// application's own **last**. Each library's folder is its own branch (its first
    /// revision carries a branch label), an application revision may depend on a
    /// library's (`-- shale:depends-on`), and one upgrade applies them all in order under
    /// one lock, leaving one version-table row per branch head. The version table and
    /// lock are the combined value's own ([`with_version_table`](Self::with_version_table),
    /// [`with_lock`](Self::with_lock)), not the parts'. See docs/crates.md.
    ///
    /// ```
    /// use shale::embed::EmbeddedMigrations;
    ///
    /// // In the library crate (its first script says `-- shale:branch-labels authlib`):
    /// static LIBRARY: EmbeddedMigrations = shale::embed_migrations!("tests/crates/library/migrations");
    /// // In the application:
    /// static APP: EmbeddedMigrations = shale::embed_migrations!("tests/crates/app/migrations");
    /// static ALL: EmbeddedMigrations = EmbeddedMigrations::combine(&[&LIBRARY, &APP]);
    ///
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let pool = sqlx::SqlitePool::connect("sqlite::memory:").await?;
    /// let report = ALL.upgrade(&pool).await?;
    /// assert_eq!(report.steps.len(), 5);
    /// let mut heads = ALL.current(&pool).await?;
    /// heads.sort();
    /// assert_eq!(heads, ["a00000000003", "b00000000002"]);
    /// ALL.check_at_head(&pool).await?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # }).unwrap();
    /// ```
    pub const fn combine(parts: &'static [&'static EmbeddedMigrations]) -> Self {
        EmbeddedMigrations {
            location: "",
            scripts: &[],
            parts,
            version_table: DEFAULT_VERSION_TABLE,
            lock: true,
        }
    }

    /// The migrations [`combine`](Self::combine) joined (empty for one folder).
    pub fn parts(&self) -> &'static [&'static EmbeddedMigrations] {
        self.parts
    }

    /// The same migrations recorded in another version table. It must be the
    /// `version_table` of the project's `shale.toml`, so that the CLI and the application
    /// agree on where the database is (and take the same lock, which is named after it).
    ///
    /// ```
    /// static MIGRATIONS: shale::embed::EmbeddedMigrations =
    ///     shale::embed_migrations!("tests/embedded").with_version_table("app_version");
    ///
    /// assert_eq!(MIGRATIONS.version_table(), "app_version");
    /// ```
    pub const fn with_version_table(self, version_table: &'static str) -> Self {
        EmbeddedMigrations {
            version_table,
            ..self
        }
    }

    /// The same migrations with the database lock taken (`true`, the default) or not, as
    /// `lock` in `shale.toml`. Turn it off only for engines that have no such lock.
    ///
    /// ```
    /// let migrations = shale::embed_migrations!("tests/embedded").with_lock(false);
    /// assert!(!migrations.project().unwrap().config.lock.is_on());
    /// ```
    pub const fn with_lock(self, lock: bool) -> Self {
        EmbeddedMigrations { lock, ..self }
    }

    /// The folder the scripts were read from, as written in the macro call.
    pub fn location(&self) -> &'static str {
        self.location
    }

    /// The embedded scripts, sorted by file name.
    pub fn scripts(&self) -> &'static [EmbeddedScript] {
        self.scripts
    }

    /// The version table the migrations are recorded in.
    pub fn version_table(&self) -> &'static str {
        self.version_table
    }

    /// Parses every script and builds the revision graph. Errors name the script's file
    /// (as `LOCATION/versions/NAME`) and line.
    ///
    /// ```
    /// let project = shale::embed_migrations!("tests/embedded").project().unwrap();
    /// assert_eq!(project.graph.len(), 2);
    /// ```
    pub fn project(&self) -> Result<Project> {
        let mut folders = Vec::new();
        self.folders(true, &mut folders)?;
        let scripts = crate::sources::combine(folders)?;
        let location = match self.parts.last() {
            Some(app) => app.location,
            None => self.location,
        };
        let config = Config {
            script_location: PathBuf::from(location),
            version_table: self.version_table.to_string(),
            lock: self.lock.into(),
            ..Config::default()
        };
        Project::from_scripts(config, scripts)
    }

    /// Upgrades the database to head under the migration lock, and reports the revisions
    /// applied (none when it was already at head). Safe to call from many replicas at once.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let dir = tempfile::tempdir()?;
    /// let url = format!("sqlite://{}", dir.path().join("app.db").display());
    /// let migrations = shale::embed_migrations!("tests/embedded");
    ///
    /// let first = migrations.upgrade(&url).await?;
    /// assert_eq!(first.steps.len(), 2);
    /// let again = migrations.upgrade(&url).await?;
    /// assert!(again.steps.is_empty());
    /// assert_eq!(again.heads, first.heads);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # }).unwrap();
    /// ```
    pub async fn upgrade<D>(&self, db: &D) -> Result<RunReport>
    where
        D: ToConnector + ?Sized,
    {
        // `heads`: with combined folders every branch has its head; with one, it is `head`.
        self.upgrade_to(db, &Target::Heads).await
    }

    /// Upgrades the database to `target` (a revision, `+1`, `head`, …) under the migration
    /// lock.
    ///
    /// ```
    /// use shale::graph::Target;
    ///
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let pool = sqlx::SqlitePool::connect("sqlite::memory:").await?;
    /// let migrations = shale::embed_migrations!("tests/embedded");
    ///
    /// let report = migrations.upgrade_to(&pool, &Target::Relative(1)).await?;
    /// assert_eq!(report.heads, ["a1b2c3d4e5f6"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # }).unwrap();
    /// ```
    pub async fn upgrade_to<D>(&self, db: &D, target: &Target) -> Result<RunReport>
    where
        D: ToConnector + ?Sized,
    {
        let connector = db.to_connector()?;
        let project = self.project()?;
        let migrator = Migrator::with_connector(&project, connector);
        migrator.upgrade(target, &mut |_| {}).await
    }

    /// The revisions the database is at (empty: base).
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let pool = sqlx::SqlitePool::connect("sqlite::memory:").await?;
    /// let migrations = shale::embed_migrations!("tests/embedded");
    /// assert!(migrations.current(&pool).await?.is_empty());
    /// migrations.upgrade(&pool).await?;
    /// assert_eq!(migrations.current(&pool).await?, ["f6e5d4c3b2a1"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # }).unwrap();
    /// ```
    pub async fn current<D>(&self, db: &D) -> Result<Vec<String>>
    where
        D: ToConnector + ?Sized,
    {
        let connector = db.to_connector()?;
        let project = self.project()?;
        Migrator::with_connector(&project, connector)
            .current()
            .await
    }

    /// The revisions an upgrade to head would apply, in order (empty: at head).
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let pool = sqlx::SqlitePool::connect("sqlite::memory:").await?;
    /// let migrations = shale::embed_migrations!("tests/embedded");
    /// let pending = migrations.pending(&pool).await?;
    /// assert_eq!(pending[0].message, "create notes");
    /// assert_eq!(pending.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # }).unwrap();
    /// ```
    pub async fn pending<D>(&self, db: &D) -> Result<Vec<PendingRevision>>
    where
        D: ToConnector + ?Sized,
    {
        let connector = db.to_connector()?;
        let project = self.project()?;
        let current = Migrator::with_connector(&project, connector)
            .current()
            .await?;
        pending_from(&project, &current)
    }

    /// Succeeds when the database is at head; otherwise fails with [`Pending`]
    /// (as [`Error::Pending`](crate::Error::Pending)), which lists the pending
    /// revisions. For services whose deploy runs `shale upgrade head` as a separate step:
    /// call it at start-up and refuse to serve on error. A database at a revision that no
    /// embedded script has (an older binary started against a newer schema), a version
    /// table of hand-written rows and a revision that stopped part-way
    /// ([`Error::Interrupted`](crate::Error::Interrupted)) are errors too.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let pool = sqlx::SqlitePool::connect("sqlite::memory:").await?;
    /// let migrations = shale::embed_migrations!("tests/embedded");
    ///
    /// let err = migrations.check_at_head(&pool).await.unwrap_err();
    /// let shale::Error::Pending(pending) = &err else { panic!("{err}") };
    /// assert_eq!(pending.revisions.len(), 2);
    /// assert!(err.to_string().contains("a1b2c3d4e5f6 create notes"));
    ///
    /// migrations.upgrade(&pool).await?;
    /// migrations.check_at_head(&pool).await?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # }).unwrap();
    /// ```
    pub async fn check_at_head<D>(&self, db: &D) -> Result<()>
    where
        D: ToConnector + ?Sized,
    {
        let connector = db.to_connector()?;
        let project = self.project()?;
        let migrator = Migrator::with_connector(&project, connector);
        let status = migrator.status().await?;
        if status.version_problem.is_some() {
            // The typed error naming the rows.
            migrator.current().await?;
        }
        if let Some(interrupted) = status.interrupted {
            return Err(crate::Error::Interrupted(Box::new(interrupted)));
        }
        let pending = pending_from(&project, &status.current)?;
        if pending.is_empty() {
            return Ok(());
        }
        Err(Pending {
            current: status.current,
            revisions: pending,
        }
        .into())
    }
}

impl EmbeddedMigrations {
    /// This value's folders, parsed, after those already in `folders`: its own scripts,
    /// or each part's (the last part is the application's when `app`).
    fn folders(&self, app: bool, folders: &mut Vec<Folder>) -> Result<()> {
        if let Some((last, libraries)) = self.parts.split_last() {
            for library in libraries {
                library.folders(false, folders)?;
            }
            return last.folders(app, folders);
        }
        let versions = Path::new(self.location).join("versions");
        let scripts = self
            .scripts
            .iter()
            .map(|s| crate::script::parse(&versions.join(s.name), s.text))
            .collect::<Result<Vec<_>, _>>()?;
        folders.push(Folder {
            name: (!app).then(|| self.location.to_string()),
            scripts,
        });
        Ok(())
    }
}

/// The revisions that take a database at `current` to the project's head.
fn pending_from(project: &Project, current: &[String]) -> Result<Vec<PendingRevision>> {
    let graph = project.graph_for(current);
    let steps = graph.upgrade_steps(current, &Target::Heads)?;
    Ok(steps
        .into_iter()
        .filter(|step| step.direction == Direction::Up)
        .map(|step| PendingRevision {
            message: graph
                .get(&step.revision)
                .map(|r| r.message.clone())
                .unwrap_or_default(),
            revision: step.revision,
        })
        .collect())
}

impl fmt::Display for PendingRevision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.revision, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BROKEN: &[EmbeddedScript] = &[EmbeddedScript {
        name: "0001_broken.sql",
        text: "-- shale:revision 000000000001\n-- shale:upgrdae\nSELECT 1;\n",
    }];

    #[test]
    fn a_broken_script_is_reported_with_its_file_and_line() {
        let err = EmbeddedMigrations::new("migrations", BROKEN)
            .project()
            .unwrap_err()
            .to_string();
        assert!(err.contains("migrations/versions/0001_broken.sql"), "{err}");
        assert!(err.contains(":2"), "{err}");
    }

    #[test]
    fn not_at_head_lists_what_is_pending() {
        let err = Pending {
            current: vec![],
            revisions: vec![PendingRevision {
                revision: "a1b2c3d4e5f6".into(),
                message: "create notes".into(),
            }],
        };
        assert_eq!(
            err.to_string(),
            "the database is not at head: it is at base (no revision applied), and 1 revision(s) \
             are pending:\n    a1b2c3d4e5f6 create notes\nApply them with `shale upgrade heads` \
             (the deploy's migration step), then start the application again."
        );
    }
}
