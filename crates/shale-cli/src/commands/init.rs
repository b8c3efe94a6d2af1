//! `shale init`: the project layout.

use crate::args::Cli;
use shale::config::init_text;
use shale::dialect::Dialect;
use shale::{Error, Result};
use std::path::Path;
use std::process::ExitCode;

/// The models file `shale init` writes next to the configuration.
const SCHEMA_FILE: &str = "schema.sql";

/// `shale init --json` (docs/json.md): keys in this order.
#[derive(serde::Serialize)]
struct InitJson<'a> {
    config: &'a Path,
    dialect: Option<Dialect>,
    versions: &'a Path,
    models: &'a Path,
    models_created: bool,
}

/// Creates the configuration file, `DIR/versions/` and an empty `schema.sql` (an existing
/// one is kept), refusing to overwrite the first two. With `dialect`, pins the project.
pub fn init(cli: &Cli, dir: &str, dialect: Option<Dialect>) -> Result<ExitCode> {
    let config = &cli.config;
    // `--url` here is the project's URL: checked, then written to the configuration.
    let url = match &cli.url {
        Some(raw) => {
            let parsed = shale::url::DbUrl::parse(raw)?;
            if let Some(pinned) = dialect.filter(|d| *d != parsed.dialect()) {
                return Err(shale::config::ConfigError::DialectMismatch {
                    url: shale::url::redact(raw),
                    origin: "--url",
                    found: parsed.dialect(),
                    pinned,
                }
                .into());
            }
            Some(raw.trim())
        }
        None => None,
    };
    let base = config.parent().unwrap_or(Path::new(""));
    let scripts = base.join(dir);
    for path in [config.as_path(), scripts.as_path()] {
        if path.exists() {
            return Err(Error::Exists {
                path: path.to_path_buf(),
            });
        }
    }
    let schema = base.join(SCHEMA_FILE);
    let schema_created = !schema.exists();
    let versions = scripts.join("versions");
    std::fs::create_dir_all(&versions).map_err(|e| Error::io(&versions, e))?;
    if schema_created {
        std::fs::write(&schema, schema_text(dialect)).map_err(|e| Error::io(&schema, e))?;
    }
    std::fs::write(config, init_text(dir, dialect, url)).map_err(|e| Error::io(config, e))?;
    if cli.json {
        crate::output::json(&InitJson {
            config,
            dialect,
            versions: &versions,
            models: &schema,
            models_created: schema_created,
        });
        return Ok(ExitCode::SUCCESS);
    }
    outln!("Created {}", config.display());
    outln!("Created {}/", versions.display());
    if schema_created {
        outln!(
            "Created {} (the models: the schema you want)",
            schema.display()
        );
    } else {
        outln!("Kept {} (the models)", schema.display());
    }
    if url.is_some_and(|u| shale::url::redact(u) != u) {
        outln!(
            "Note: {} now holds the URL's password; keep it out of version control, or set DATABASE_URL instead",
            config.display()
        );
    } else if url.is_none() && matches!(dialect, Some(Dialect::Postgres | Dialect::Mysql)) {
        outln!(
            "Set DATABASE_URL (or a .env file), e.g. DATABASE_URL={}",
            shale::config::example_url(dialect.unwrap_or(Dialect::Postgres))
        );
    }
    outln!(
        "Next: write CREATE TABLE statements in {}, then shale revision --autogenerate -m \"create users\", review the script, and shale upgrade head",
        schema.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The starting text of `schema.sql`: comments only, ready to edit.
fn schema_text(dialect: Option<Dialect>) -> String {
    let sql = match dialect {
        Some(Dialect::Postgres) => "PostgreSQL",
        Some(Dialect::Mysql) => "MySQL/MariaDB",
        Some(Dialect::Sqlite) => "SQLite",
        None => "your database's",
    };
    format!(
        "-- The models: the schema this project wants, as {sql} DDL (CREATE TABLE,\n\
         -- CREATE INDEX, …). `shale revision --autogenerate -m MESSAGE` writes a migration\n\
         -- from the difference with the database; `shale check` says whether they match.\n\
         -- Declare a renamed column with `-- shale:renamed-from OLD` above it.\n\n"
    )
}
