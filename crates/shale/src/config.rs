//! Project configuration: `shale.toml`, and where the database URL comes from.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The default configuration file name.
pub const CONFIG_FILE: &str = "shale.toml";

/// A project's configuration, with paths resolved against the configuration file's folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The folder that holds `versions/`.
    pub script_location: PathBuf,
    /// The URL from the file (used only when neither `--url` nor `DATABASE_URL` is set).
    pub url: Option<String>,
    /// The dialect the project is pinned to (`dialect = "postgresql"`): a URL of another
    /// dialect is refused, and a missing URL is an error rather than a SQLite fallback.
    pub dialect: Option<crate::dialect::Dialect>,
    /// A database shale may create scratch databases on (autogenerate, verify).
    pub dev_url: Option<crate::url::DbUrl>,
    /// The version table's name; its history log is `<name>_history`.
    pub version_table: String,
    /// The template for new scripts' file names (see [`crate::script::file_name`]).
    pub file_template: String,
    /// How runs serialise: the session lock (default), the lock table, or none.
    pub lock: LockMode,
    /// How long a lock-table row holds without a heartbeat before another run may take
    /// it over (`lock_expiry = 30`, seconds).
    pub lock_expiry: std::time::Duration,
    /// The model sources for autogenerate and `check`.
    pub models: ModelSources,
    /// The `[lint]` table: settings of `shale lint`.
    pub lint: LintConfig,
    /// `online = true|false`: whether autogenerate writes the lock-safe form of each
    /// change; `None` (unset) means the dialect's default ([`Config::online_for`]).
    pub online: Option<bool>,
    /// `online_lock_timeout = "500ms"`: the `lock_timeout` that online revisions set
    /// before statements that lock a table.
    pub online_lock_timeout: String,
    /// How the runner runs each revision's statements under a short lock timeout and
    /// retries the ones that time out (`lock_timeout`, `lock_retries`,
    /// `statement_timeout`).
    pub locking: Locking,
    /// The `[targets]` table: the fleet that `--targets` without a file works on.
    pub targets: Option<crate::fleet::TargetsConfig>,
    /// The `[hooks]` table: commands run on new scripts.
    pub hooks: Hooks,
    /// The `[[sources]]` tables: script folders of other crates (libraries with their own
    /// tables) whose revisions join this project's history, each on its own branch.
    pub sources: Vec<Source>,
}

/// A `[[sources]]` entry of shale.toml: another crate's migrations folder, loaded into the
/// same revision graph as the project's own (see [`crate::sources`]).
///
/// ```toml
/// [[sources]]
/// name = "authlib"
/// path = "vendor/authlib/migrations"   # the folder that holds versions/
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The source's name, for `shale revision --source NAME` and in messages.
    pub name: String,
    /// The folder that holds its `versions/`, like `script_location`.
    pub script_location: PathBuf,
}

impl Source {
    /// The folder of the source's revision scripts.
    pub fn versions_dir(&self) -> PathBuf {
        self.script_location.join("versions")
    }
}

/// The `[hooks]` table of shale.toml.
///
/// ```toml
/// [hooks]
/// post_write = ["sqlfluff fix --dialect postgres {path}"]
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hooks {
    /// Shell commands run, in order, on each script that `revision`, `merge` and
    /// autogenerate write: `{path}` is replaced by the script's path (quoted for the
    /// shell), which is also in the `SHALE_SCRIPT` environment variable.
    pub post_write: Vec<String>,
    /// The folder the commands run in: the configuration file's.
    pub dir: PathBuf,
}

/// The runner's lock timeouts and retries: `lock_timeout = "500ms"` (default: the
/// `online_lock_timeout`; `"0"` leaves the server's own), `lock_retries = 5`,
/// `statement_timeout = "30s"` (default: the server's own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locking {
    /// How long a statement may wait for a lock before it fails and is retried; `None`
    /// keeps the session's setting.
    pub lock_timeout: Option<std::time::Duration>,
    /// How many times a statement that timed out waiting for a lock is retried.
    pub lock_retries: u32,
    /// How long a statement may run; `None` keeps the session's setting.
    pub statement_timeout: Option<std::time::Duration>,
}

/// The retries of a statement that timed out waiting for a lock, by default.
pub const DEFAULT_LOCK_RETRIES: u32 = 5;

impl Default for Locking {
    fn default() -> Self {
        Locking {
            lock_timeout: parse_duration(DEFAULT_ONLINE_LOCK_TIMEOUT),
            lock_retries: DEFAULT_LOCK_RETRIES,
            statement_timeout: None,
        }
    }
}

/// The `lock_timeout` online revisions set when shale.toml names none: well under a
/// second, because every write to the table queues behind a DDL statement that waits
/// for its lock, for as long as it waits.
pub const DEFAULT_ONLINE_LOCK_TIMEOUT: &str = "500ms";

/// How runs keep each other out (`lock` in shale.toml). See docs/guarantees.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LockMode {
    /// `lock = "session"` (or `true`, the default): a lock held by the session that does
    /// the work — PostgreSQL's advisory lock, MySQL's `GET_LOCK`. On a Galera cluster or
    /// behind PgBouncer, where no session lock holds for every run, the lock table is used
    /// instead.
    #[default]
    Session,
    /// `lock = "table"`: a row in `<version_table>_lock`, with an owner and an expiry,
    /// renewed while the run works (engines without advisory locks, Galera, poolers).
    Table,
    /// `lock = "off"` (or `false`): no lock; the version fence alone keeps revisions
    /// from running twice.
    Off,
}

impl LockMode {
    /// Whether runs take any lock.
    pub fn is_on(self) -> bool {
        self != LockMode::Off
    }

    /// The mode named in shale.toml.
    fn from_toml(value: &toml::Value) -> Option<LockMode> {
        match value {
            toml::Value::Boolean(true) => Some(LockMode::Session),
            toml::Value::Boolean(false) => Some(LockMode::Off),
            toml::Value::String(s) => match s.as_str() {
                "session" => Some(LockMode::Session),
                "table" => Some(LockMode::Table),
                "off" => Some(LockMode::Off),
                _ => None,
            },
            _ => None,
        }
    }
}

impl From<bool> for LockMode {
    fn from(on: bool) -> Self {
        if on {
            LockMode::Session
        } else {
            LockMode::Off
        }
    }
}

/// The `[lint]` table of shale.toml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LintConfig {
    /// Rule ids silenced for the whole project (`allow = ["drop-table"]`).
    pub allow: Vec<String>,
    /// The dialect to lint for (`dialect = "postgres"`), overriding the database URL's.
    pub dialect: Option<crate::dialect::Dialect>,
}

/// Where the models (the declared target schema) are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelSources {
    /// SQL DDL files.
    pub sql: Vec<PathBuf>,
    /// Rust files with `#[derive(shale::Model)]` structs.
    pub rust: Vec<PathBuf>,
    /// Compare the privileges granted on tables, views, sequences, columns, routines and
    /// the schema or database (`privileges = true`); off by default, since many teams
    /// manage grants outside their migrations.
    pub privileges: bool,
    /// Make the `///` doc comments of Rust models table and column comments
    /// (`doc_comments = true`, the default). An existing project whose Rust docs were
    /// written for Rust readers, not as database comments, turns it off; `comment =
    /// "…"` on a model still gives a comment.
    pub doc_comments: bool,
}

impl Default for ModelSources {
    fn default() -> Self {
        ModelSources {
            sql: Vec::new(),
            rust: Vec::new(),
            privileges: false,
            doc_comments: true,
        }
    }
}

impl ModelSources {
    /// Whether the models declare anything: a Rust file is listed, or an SQL file holds at
    /// least one statement. The `schema.sql` that `shale init` writes holds only comments,
    /// so a project that writes its revisions by hand is not compared with an empty schema
    /// (which would call every table drift). An unreadable file counts as declaring, so
    /// that loading it reports the error.
    pub fn declared(&self) -> bool {
        let has_statements = |path: &PathBuf| {
            std::fs::read_to_string(path).map_or(true, |text| {
                !crate::script::Section {
                    text,
                    first_line: 1,
                    present: true,
                }
                .is_empty()
            })
        };
        !self.rust.is_empty() || self.sql.iter().any(has_statements)
    }
}

/// Errors in configuration files.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid config file {path}: {message}")]
    Invalid { path: PathBuf, message: String },
    /// The URL speaks another dialect than the one the project is pinned to.
    #[error(
        "{url} (from {origin}) is a {found} database, but this project is pinned to {pinned} \
             (`dialect = \"{pinned}\"` in shale.toml): pass a {pinned} URL with --url or \
             DATABASE_URL, or change `dialect` if the project really moved to {found}"
    )]
    DialectMismatch {
        /// The URL, already redacted.
        url: String,
        /// Where the URL came from: `--url`, `DATABASE_URL` or `url in shale.toml`.
        origin: &'static str,
        found: crate::dialect::Dialect,
        pinned: crate::dialect::Dialect,
    },
    /// No URL anywhere for a project pinned to a server dialect.
    #[error("no database URL for this {pinned} project: set DATABASE_URL (a .env file is read), \
             pass --url, or set `url` in shale.toml, e.g. {example}",
             example = example_url(*pinned))]
    NoUrl { pinned: crate::dialect::Dialect },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    script_location: Option<PathBuf>,
    url: Option<String>,
    dialect: Option<String>,
    dev_url: Option<String>,
    version_table: Option<String>,
    file_template: Option<String>,
    lock: Option<toml::Value>,
    lock_expiry: Option<u64>,
    online: Option<bool>,
    online_lock_timeout: Option<String>,
    lock_timeout: Option<String>,
    lock_retries: Option<u32>,
    statement_timeout: Option<String>,
    #[serde(default)]
    models: RawModels,
    #[serde(default)]
    lint: RawLint,
    targets: Option<crate::fleet::TargetsConfig>,
    #[serde(default)]
    hooks: RawHooks,
    #[serde(default)]
    sources: Vec<RawSource>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    name: String,
    path: PathBuf,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHooks {
    #[serde(default)]
    post_write: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLint {
    #[serde(default)]
    allow: Vec<String>,
    dialect: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModels {
    #[serde(default)]
    sql: Vec<PathBuf>,
    #[serde(default)]
    rust: Vec<PathBuf>,
    #[serde(default)]
    privileges: bool,
    doc_comments: Option<bool>,
}

impl Default for Config {
    fn default() -> Self {
        Config::from_raw(RawConfig::default(), Path::new(""))
    }
}

impl Config {
    /// Reads `path`. Relative paths inside it are resolved against its folder.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(&text, path)
    }

    /// Parses configuration text read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            path: path.to_path_buf(),
            message: e.message().to_string(),
        })?;
        if let Some(name) = &raw.version_table {
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(ConfigError::Invalid {
                    path: path.to_path_buf(),
                    message: format!("version_table `{name}` must be letters, digits and `_`"),
                });
            }
        }
        if let Some(lock) = raw
            .lock
            .as_ref()
            .filter(|v| LockMode::from_toml(v).is_none())
        {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                message: format!(
                    "lock = {lock} is not one of \"session\" (or true), \"table\", \"off\" (or false)"
                ),
            });
        }
        if let Some(template) = &raw.file_template {
            crate::script::check_file_template(template).map_err(|e| ConfigError::Invalid {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?;
        }
        let lint = lint_config(&raw.lint).map_err(|message| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        })?;
        let dialect = match &raw.dialect {
            Some(name) => Some(crate::dialect::Dialect::from_name(name).ok_or_else(|| {
                ConfigError::Invalid {
                    path: path.to_path_buf(),
                    message: format!("dialect `{name}` is not one of postgresql, mysql, sqlite"),
                }
            })?),
            None => None,
        };
        // Parsed once, here: autogenerate, verify and check --drift all use it.
        let dev_url = match &raw.dev_url {
            Some(url) => Some(
                crate::url::DbUrl::parse(url).map_err(|e| ConfigError::Invalid {
                    path: path.to_path_buf(),
                    message: format!("dev_url: {e}"),
                })?,
            ),
            None => None,
        };
        if let Some(timeout) = &raw.online_lock_timeout {
            if !is_duration(timeout) {
                return Err(ConfigError::Invalid {
                    path: path.to_path_buf(),
                    message: format!(
                        "online_lock_timeout `{timeout}` must be a number with ms, s or min, \
                         e.g. \"{DEFAULT_ONLINE_LOCK_TIMEOUT}\""
                    ),
                });
            }
        }
        for (key, value) in [
            ("lock_timeout", &raw.lock_timeout),
            ("statement_timeout", &raw.statement_timeout),
        ] {
            if let Some(value) = value.as_deref().filter(|v| *v != "0" && !is_duration(v)) {
                return Err(ConfigError::Invalid {
                    path: path.to_path_buf(),
                    message: format!(
                        "{key} `{value}` must be a number with ms, s or min (e.g. \"500ms\"), or \"0\" for the server's own"
                    ),
                });
            }
        }
        if let Some(targets) = &raw.targets {
            targets
                .validate(None)
                .map_err(|message| ConfigError::Invalid {
                    path: path.to_path_buf(),
                    message,
                })?;
        }
        check_sources(&raw).map_err(|message| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        Ok(Config {
            lint,
            dialect,
            dev_url,
            ..Config::from_raw(raw, base)
        })
    }

    fn from_raw(raw: RawConfig, base: &Path) -> Config {
        let resolve = |p: PathBuf| if p.is_absolute() { p } else { base.join(p) };
        Config {
            script_location: resolve(raw.script_location.unwrap_or_else(|| "migrations".into())),
            url: raw.url,
            dialect: None,
            dev_url: None,
            version_table: raw.version_table.unwrap_or_else(|| "shale_version".into()),
            file_template: raw
                .file_template
                .unwrap_or_else(|| crate::script::DEFAULT_FILE_TEMPLATE.to_string()),
            lock: raw
                .lock
                .as_ref()
                .and_then(LockMode::from_toml)
                .unwrap_or_default(),
            lock_expiry: std::time::Duration::from_secs(raw.lock_expiry.unwrap_or(30).max(1)),
            models: ModelSources {
                sql: raw.models.sql.into_iter().map(resolve).collect(),
                rust: raw.models.rust.into_iter().map(resolve).collect(),
                privileges: raw.models.privileges,
                doc_comments: raw.models.doc_comments.unwrap_or(true),
            },
            lint: LintConfig::default(),
            online: raw.online,
            locking: Locking {
                lock_timeout: raw
                    .lock_timeout
                    .as_deref()
                    .or(raw.online_lock_timeout.as_deref())
                    .map_or(Locking::default().lock_timeout, parse_duration),
                lock_retries: raw.lock_retries.unwrap_or(DEFAULT_LOCK_RETRIES),
                statement_timeout: raw.statement_timeout.as_deref().and_then(parse_duration),
            },
            online_lock_timeout: raw
                .online_lock_timeout
                .unwrap_or_else(|| DEFAULT_ONLINE_LOCK_TIMEOUT.to_string()),
            targets: raw.targets,
            hooks: Hooks {
                post_write: raw.hooks.post_write,
                dir: base.to_path_buf(),
            },
            sources: raw
                .sources
                .into_iter()
                .map(|s| Source {
                    name: s.name,
                    script_location: resolve(s.path),
                })
                .collect(),
        }
    }

    /// Whether autogenerate writes lock-safe (online) plans for `dialect`: `online` from
    /// shale.toml, by default on for PostgreSQL and MySQL/MariaDB. SQLite has no
    /// concurrent readers to protect from DDL locks, so it is never online.
    pub fn online_for(&self, dialect: crate::dialect::Dialect) -> bool {
        dialect.has_online_ddl() && self.online.unwrap_or(true)
    }

    /// The folder of revision scripts.
    pub fn versions_dir(&self) -> PathBuf {
        self.script_location.join("versions")
    }
}

/// Checks the `[[sources]]` tables: names of letters, digits and `_`, each name and folder
/// once, no folder that is the project's own.
fn check_sources(raw: &RawConfig) -> Result<(), String> {
    let own = raw
        .script_location
        .clone()
        .unwrap_or_else(|| "migrations".into());
    for (n, source) in raw.sources.iter().enumerate() {
        let name = &source.name;
        if !crate::script::is_valid_branch_label(name) {
            return Err(format!(
                "[[sources]] name `{name}` must be letters, digits and `_` (other than head, heads and base)"
            ));
        }
        if raw.sources[..n].iter().any(|s| &s.name == name) {
            return Err(format!("[[sources]] name `{name}` is given twice"));
        }
        if source.path == own || raw.sources[..n].iter().any(|s| s.path == source.path) {
            return Err(format!(
                "[[sources]] `{name}`: the folder {} is listed twice (or is script_location); \
                 each folder is loaded once",
                source.path.display()
            ));
        }
    }
    Ok(())
}

/// Whether `s` is a duration PostgreSQL reads for `lock_timeout`: digits, then `ms`, `s`
/// or `min`.
fn is_duration(s: &str) -> bool {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && matches!(&s[digits..], "ms" | "s" | "min")
}

/// A duration as [`is_duration`] reads it (`500ms`, `2s`, `1min`); `None` for `0` and
/// anything else.
pub fn parse_duration(s: &str) -> Option<std::time::Duration> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let n: u64 = s[..digits].parse().ok()?;
    let ms = match &s[digits..] {
        "ms" => n,
        "s" => n.checked_mul(1000)?,
        "min" => n.checked_mul(60_000)?,
        _ => return None,
    };
    (ms > 0).then(|| std::time::Duration::from_millis(ms))
}

/// Checks the `[lint]` table: known rule ids, a known dialect name.
fn lint_config(raw: &RawLint) -> Result<LintConfig, String> {
    if let Some(bad) = raw
        .allow
        .iter()
        .find(|id| crate::lint::Rule::from_id(id).is_none())
    {
        return Err(format!(
            "[lint] allow: `{bad}` is not a lint rule; `shale lint --rules` lists them"
        ));
    }
    let dialect = match &raw.dialect {
        Some(name) => Some(crate::dialect::Dialect::from_name(name).ok_or_else(|| {
            format!("[lint] dialect: `{name}` is not one of postgres, mysql, sqlite")
        })?),
        None => None,
    };
    Ok(LintConfig {
        allow: raw.allow.clone(),
        dialect,
    })
}

/// A URL of `dialect` to show as an example in messages and templates.
pub fn example_url(dialect: crate::dialect::Dialect) -> &'static str {
    match dialect {
        crate::dialect::Dialect::Sqlite => "sqlite://app.db",
        crate::dialect::Dialect::Postgres => "postgres://postgres@localhost:5432/app",
        crate::dialect::Dialect::Mysql => "mysql://root@localhost:3306/app",
    }
}

/// The text `shale init` writes to `shale.toml`. With a `dialect` the project is pinned to
/// it. The `url` given to `shale init --url` is written as the project's URL; without one a
/// server dialect gets no `url` (DATABASE_URL supplies it, and none is an error), SQLite
/// and an unpinned project get `sqlite://app.db`.
pub fn init_text(
    script_location: &str,
    dialect: Option<crate::dialect::Dialect>,
    url: Option<&str>,
) -> String {
    use crate::dialect::Dialect;
    let pin = match dialect {
        Some(d) => format!(
            "# The project's dialect: a URL of another dialect is refused.\n\
             dialect = \"{d}\"\n"
        ),
        None => "# Pin the project to a dialect (postgresql, mysql, sqlite) to refuse URLs of \
                 another:\n# dialect = \"postgresql\"\n"
            .to_string(),
    };
    let url = match (url, dialect) {
        (Some(url), _) => format!(
            "# The database URL, used only when neither --url nor DATABASE_URL is set.\n\
             url = {}\n",
            toml::Value::String(url.to_string())
        ),
        (None, Some(d @ (Dialect::Postgres | Dialect::Mysql))) => format!(
            "# The database URL comes from --url or DATABASE_URL (a .env file is read); none is\n\
             # an error. A URL here is used only when neither is set.\n\
             # url = \"{}\"\n",
            example_url(d)
        ),
        (None, _) => "# The database URL, used only when neither --url nor DATABASE_URL is set.\n\
              url = \"sqlite://app.db\"\n"
            .to_string(),
    };
    format!(
        "# shale configuration. Every key is optional.\n\
         script_location = \"{script_location}\"\n\
         {pin}{url}\
         version_table = \"shale_version\"\n\
         # Autogenerate writes the lock-safe form of each change on PostgreSQL and MySQL:\n\
         # online = false                 # the plain form instead\n\
         # online_lock_timeout = \"500ms\"  # the lock_timeout its revisions set\n\
         # Upgrades run each statement under a short lock timeout and retry it when it times out:\n\
         # lock_timeout = \"500ms\"         # default: online_lock_timeout; \"0\": the server's own\n\
         # lock_retries = 5\n\
         # statement_timeout = \"0\"        # default: the server's own\n\
         \n\
         # The target schema for `revision --autogenerate`, `diff` and `check`: SQL DDL files,\n\
         # and/or Rust files with #[derive(shale::Model)] structs.\n\
         [models]\n\
         sql = [\"schema.sql\"]\n\
         # rust = [\"src/models.rs\"]\n"
    )
}

/// Where the database URL came from.
fn url_source(explicit: Option<&str>, env: Option<&str>) -> &'static str {
    match (explicit, env) {
        (Some(_), _) => "--url",
        (None, Some(_)) => "DATABASE_URL",
        (None, None) => "url in shale.toml",
    }
}

/// Where the database URL comes from, in order: `explicit` (`--url`), the `DATABASE_URL`
/// environment variable, `url` in the configuration. `None` when none is set. A URL of
/// another dialect than the project's pinned one is refused.
pub fn resolve_url_opt(
    explicit: Option<&str>,
    config: &Config,
) -> Result<Option<crate::url::DbUrl>, crate::Error> {
    let env = std::env::var("DATABASE_URL")
        .ok()
        .filter(|s| !s.trim().is_empty());
    let Some(raw) = explicit
        .map(str::to_string)
        .or(env.clone())
        .or_else(|| config.url.clone())
    else {
        return Ok(None);
    };
    let url = crate::url::DbUrl::parse(&raw)?;
    match config.dialect {
        Some(pinned) if pinned != url.dialect() => Err(ConfigError::DialectMismatch {
            url: url.to_string(),
            origin: url_source(explicit, env.as_deref()),
            found: url.dialect(),
            pinned,
        }
        .into()),
        _ => Ok(Some(url)),
    }
}

/// [`resolve_url_opt`], with no URL an error naming `DATABASE_URL`.
pub fn resolve_url(
    explicit: Option<&str>,
    config: &Config,
) -> Result<crate::url::DbUrl, crate::Error> {
    match resolve_url_opt(explicit, config)? {
        Some(url) => Ok(url),
        None => match config.dialect {
            Some(pinned) => Err(ConfigError::NoUrl { pinned }.into()),
            None => Err(crate::Error::NoUrl),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_relative_paths() {
        let c = Config::parse(
            "url = \"sqlite://x.db\"\n[models]\nsql = [\"schema.sql\"]\n",
            Path::new("proj/shale.toml"),
        )
        .unwrap();
        assert_eq!(c.script_location, Path::new("proj/migrations"));
        assert_eq!(c.versions_dir(), Path::new("proj/migrations/versions"));
        assert_eq!(c.models.sql, [Path::new("proj/schema.sql")]);
        assert_eq!(c.version_table, "shale_version");
        assert_eq!(c.lock, LockMode::Session);
        assert!(c.models.doc_comments && !c.models.privileges);
        let off = Config::parse("[models]\ndoc_comments = false\n", Path::new("shale.toml"));
        assert!(!off.unwrap().models.doc_comments);
        assert!(Config::default().models.doc_comments);
    }

    #[test]
    fn lock_modes() {
        let parse = |text: &str| Config::parse(text, Path::new("shale.toml"));
        assert_eq!(parse("lock = true").unwrap().lock, LockMode::Session);
        assert_eq!(parse("lock = false").unwrap().lock, LockMode::Off);
        assert_eq!(parse("lock = \"off\"").unwrap().lock, LockMode::Off);
        assert_eq!(parse("lock = \"session\"").unwrap().lock, LockMode::Session);
        let table = parse("lock = \"table\"\nlock_expiry = 5").unwrap();
        assert_eq!(table.lock, LockMode::Table);
        assert_eq!(table.lock_expiry, std::time::Duration::from_secs(5));
        assert_eq!(
            parse("").unwrap().lock_expiry,
            std::time::Duration::from_secs(30)
        );
        let err = parse("lock = \"advisory\"").unwrap_err().to_string();
        assert!(err.contains("\"table\""), "{err}");
    }

    #[test]
    fn init_text_parses() {
        use crate::dialect::Dialect;
        let c = Config::parse(&init_text("db", None, None), Path::new("shale.toml")).unwrap();
        assert_eq!(c.url.as_deref(), Some("sqlite://app.db"));
        assert_eq!(c.script_location, Path::new("db"));
        assert_eq!(c.dialect, None);
        assert_eq!(c.models.sql, [Path::new("schema.sql")]);
        for d in [Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql] {
            let c = Config::parse(
                &init_text("migrations", Some(d), None),
                Path::new("shale.toml"),
            )
            .unwrap();
            assert_eq!(c.dialect, Some(d));
            assert_eq!(c.url.is_some(), d == Dialect::Sqlite);
            assert_eq!(c.models.sql, [Path::new("schema.sql")]);
        }
        // `shale init --url`: the URL given is the project's, quoted as TOML needs.
        let url = r#"postgres://app@db.internal:5432/app?options=-c%20search_path%3D"x""#;
        let c = Config::parse(
            &init_text("migrations", Some(Dialect::Postgres), Some(url)),
            Path::new("shale.toml"),
        )
        .unwrap();
        assert_eq!(c.url.as_deref(), Some(url));
    }

    #[test]
    fn a_pinned_dialect_refuses_other_urls_and_a_missing_one() {
        let c = Config::parse(
            "dialect = \"postgresql\"\nurl = \"sqlite://app.db\"\n",
            Path::new("shale.toml"),
        )
        .unwrap();
        let e = resolve_url(Some("mysql://root:pw@h/db"), &c)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("mysql") && e.contains("postgresql") && e.contains("--url"),
            "{e}"
        );
        assert!(!e.contains("pw@"), "{e}");
        assert!(resolve_url(Some("postgresql+psycopg://h/db"), &c).is_ok());
        let mut c = c;
        c.url = None;
        // DATABASE_URL is not read here when --url is given; without either, the error
        // names DATABASE_URL (the environment of a test run may hold one: skip then).
        if std::env::var_os("DATABASE_URL").is_none() {
            let e = resolve_url(None, &c).unwrap_err().to_string();
            assert!(
                e.contains("DATABASE_URL") && e.contains("postgresql"),
                "{e}"
            );
            assert!(resolve_url_opt(None, &c).unwrap().is_none());
        }
        let e = Config::parse("dialect = \"oracle\"", Path::new("s.toml")).unwrap_err();
        assert!(e.to_string().contains("oracle"), "{e}");
    }

    #[test]
    fn lint_table() {
        let c = Config::parse(
            "[lint]\nallow = [\"drop-table\"]\ndialect = \"postgresql\"\n",
            Path::new("shale.toml"),
        )
        .unwrap();
        assert_eq!(c.lint.allow, ["drop-table"]);
        assert_eq!(c.lint.dialect, Some(crate::dialect::Dialect::Postgres));
        let e = Config::parse("[lint]\nallow = [\"drop-tabel\"]", Path::new("s.toml")).unwrap_err();
        assert!(e.to_string().contains("drop-tabel"), "{e}");
        let e = Config::parse("[lint]\ndialect = \"oracle\"", Path::new("s.toml")).unwrap_err();
        assert!(e.to_string().contains("oracle"), "{e}");
    }

    #[test]
    fn online_key() {
        use crate::dialect::Dialect;
        let c = Config::parse("", Path::new("s.toml")).unwrap();
        assert!(c.online_for(Dialect::Postgres) && c.online_for(Dialect::Mysql));
        assert!(!c.online_for(Dialect::Sqlite));
        assert_eq!(c.online_lock_timeout, DEFAULT_ONLINE_LOCK_TIMEOUT);
        let c = Config::parse(
            "online = false\nonline_lock_timeout = \"2s\"",
            Path::new("s.toml"),
        )
        .unwrap();
        assert!(!c.online_for(Dialect::Postgres));
        assert_eq!(c.online_lock_timeout, "2s");
        let e = Config::parse("online_lock_timeout = \"2 s\"", Path::new("s.toml")).unwrap_err();
        assert!(e.to_string().contains("online_lock_timeout"), "{e}");
    }

    #[test]
    fn locking_keys() {
        use std::time::Duration;
        let c = Config::parse("", Path::new("s.toml")).unwrap();
        assert_eq!(c.locking.lock_timeout, Some(Duration::from_millis(500)));
        assert_eq!(c.locking.lock_retries, DEFAULT_LOCK_RETRIES);
        assert_eq!(c.locking.statement_timeout, None);
        let c = Config::parse("online_lock_timeout = \"2s\"", Path::new("s.toml")).unwrap();
        assert_eq!(c.locking.lock_timeout, Some(Duration::from_secs(2)));
        let c = Config::parse(
            "lock_timeout = \"0\"\nlock_retries = 0\nstatement_timeout = \"1min\"",
            Path::new("s.toml"),
        )
        .unwrap();
        assert_eq!(c.locking.lock_timeout, None);
        assert_eq!(c.locking.lock_retries, 0);
        assert_eq!(c.locking.statement_timeout, Some(Duration::from_secs(60)));
        let e = Config::parse("statement_timeout = \"5 s\"", Path::new("s.toml")).unwrap_err();
        assert!(e.to_string().contains("statement_timeout"), "{e}");
    }

    #[test]
    fn errors_name_the_file() {
        let e = Config::parse("nope = 1", Path::new("a/shale.toml")).unwrap_err();
        assert!(e.to_string().contains("a/shale.toml"), "{e}");
        let e = Config::parse("version_table = \"x;y\"", Path::new("s.toml")).unwrap_err();
        assert!(e.to_string().contains("version_table"), "{e}");
        let e =
            Config::parse("file_template = \"{year}_{nope}\"", Path::new("s.toml")).unwrap_err();
        assert!(e.to_string().contains("nope"), "{e}");
    }

    #[test]
    fn sources_tables() {
        let text = "[[sources]]\nname = \"authlib\"\npath = \"vendor/authlib/migrations\"\n";
        let c = Config::parse(text, Path::new("p/shale.toml")).unwrap();
        assert_eq!(c.sources.len(), 1);
        assert_eq!(c.sources[0].name, "authlib");
        assert_eq!(
            c.sources[0].versions_dir(),
            Path::new("p/vendor/authlib/migrations/versions")
        );
        assert!(Config::parse("", Path::new("s.toml"))
            .unwrap()
            .sources
            .is_empty());
        for (bad, says) in [
            ("[[sources]]\nname = \"a-b\"\npath = \"x\"\n", "letters, digits"),
            (
                "[[sources]]\nname = \"a\"\npath = \"x\"\n[[sources]]\nname = \"a\"\npath = \"y\"\n",
                "given twice",
            ),
            (
                "[[sources]]\nname = \"a\"\npath = \"x\"\n[[sources]]\nname = \"b\"\npath = \"x\"\n",
                "listed twice",
            ),
            ("[[sources]]\nname = \"a\"\npath = \"migrations\"\n", "script_location"),
            ("[[sources]]\nname = \"a\"\n", "path"),
        ] {
            let e = Config::parse(bad, Path::new("s.toml")).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}
