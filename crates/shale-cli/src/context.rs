//! What every command starts from: the configuration, the project and the database URL.

use crate::args::Cli;
use shale::config::{resolve_url, resolve_url_opt, Config};
use shale::url::DbUrl;
use shale::{Cancel, Migrator, Project, Result};

/// The command line's global options, resolved.
pub struct Context<'a> {
    pub cli: &'a Cli,
    pub config: Config,
    /// Set by Ctrl-C / SIGTERM: runs stop cleanly when it fires.
    pub cancel: Cancel,
}

impl<'a> Context<'a> {
    /// Reads `.env` and the configuration file. A missing default `shale.toml` gives the
    /// defaults; a missing file named with `-c` is an error.
    pub fn new(cli: &'a Cli, cancel: Cancel) -> Result<Self> {
        // A .env file in the working directory supplies DATABASE_URL, as with sqlx-cli.
        let _ = dotenvy::dotenv();
        let explicit = cli.config != std::path::Path::new(shale::config::CONFIG_FILE);
        let config = if cli.config.exists() || explicit {
            Config::load(&cli.config)?
        } else {
            Config::default()
        };
        Ok(Context {
            cli,
            config,
            cancel,
        })
    }

    /// Loads every script and builds the graph. The project lives until the process
    /// exits: freeing thousands of scripts one by one at exit would only cost time (about
    /// a tenth of `shale heads` on 5,000 revisions).
    pub fn project(&self) -> Result<&'static Project> {
        Ok(Box::leak(Box::new(Project::load(self.config.clone())?)))
    }

    /// The database URL, from --url, DATABASE_URL or the configuration.
    pub fn url(&self) -> Result<DbUrl> {
        resolve_url(self.cli.url.as_deref(), &self.config)
    }

    /// The database URL, or `None` when none is set anywhere. A URL of another dialect
    /// than the pinned one is still an error.
    pub fn url_opt(&self) -> Result<Option<DbUrl>> {
        resolve_url_opt(self.cli.url.as_deref(), &self.config)
    }

    /// The database for a command that only reads it. A SQLite file that does not exist is
    /// not created: the URL of an empty in-memory database stands in for it (a missing file
    /// is an empty database at base), with the missing path.
    pub fn read_url(&self) -> Result<(DbUrl, Option<String>)> {
        let url = self.url()?;
        match missing_file(&url) {
            Some(path) => Ok((DbUrl::parse("sqlite::memory:")?, Some(path))),
            None => Ok((url, None)),
        }
    }

    /// A migrator for `project` on the configured database.
    pub fn migrator<'p>(&self, project: &'p Project) -> Result<Migrator<'p>> {
        let mut migrator = Migrator::new(project, self.url()?);
        migrator.set_cancel(self.cancel.clone());
        Ok(migrator)
    }
}

/// The path of a SQLite database file that `url` names and that does not exist.
pub fn missing_file(url: &DbUrl) -> Option<String> {
    url.sqlite_path()
        .filter(|p| !std::path::Path::new(p).exists())
        .map(str::to_string)
}
