//! Where a fleet's targets come from: a targets file (`--targets FILE`), or the
//! `[targets]` table of shale.toml — database URLs, PostgreSQL schemas of one database, or
//! a SQL query that returns either.
//!
//! A name (from `schemas`, or a query row that is not a URL) fills the `{schema}`
//! placeholder of the `[targets]` URL, wherever it stands: a schema in `search_path`, a
//! database name, a SQLite file name. Without the placeholder the URL must be PostgreSQL's,
//! and the name becomes the session's `search_path`: the version table and the scripts'
//! unqualified names land in that schema.

use crate::db::{Db, DbError};
use crate::url::DbUrl;
use serde::Deserialize;
use std::fmt;

/// The `[targets]` table of shale.toml, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetsConfig {
    /// Database URLs, a target each.
    #[serde(default)]
    pub urls: Vec<String>,
    /// The URL each name of `schemas` (and each name a query returns) is put into: at its
    /// `{schema}` placeholder, else (PostgreSQL) as the `search_path`. Default: the
    /// project's URL.
    pub url: Option<String>,
    /// Names of tenants: PostgreSQL schemas, or whatever `{schema}` stands for in `url`.
    #[serde(default)]
    pub schemas: Vec<String>,
    /// A query run on the project's database (`--url`, `DATABASE_URL`, `url`): the first
    /// column of each row is a URL, or a name as in `schemas`.
    pub query: Option<String>,
}

/// The placeholder a name fills in the `[targets]` URL.
pub const PLACEHOLDER: &str = "{schema}";

impl TargetsConfig {
    /// Checks what can be checked without a database: something is listed, every URL
    /// parses, every name is a plain identifier and, once the project's URL is known
    /// (`Some`), the names have a URL to go into.
    pub fn validate(&self, project_url: Option<&str>) -> Result<(), String> {
        if self.urls.is_empty() && self.schemas.is_empty() && self.query.is_none() {
            return Err("[targets] lists nothing: give `urls`, `schemas` or `query`".into());
        }
        for url in &self.urls {
            DbUrl::parse(url).map_err(|e| format!("[targets] urls: {e}"))?;
        }
        for name in &self.schemas {
            check_name(name).map_err(|e| format!("[targets] schemas: {e}"))?;
        }
        let named = !self.schemas.is_empty() || self.query.is_some();
        if named && (project_url.is_some() || self.url.is_some()) {
            let template = self.template(project_url)?;
            for name in &self.schemas {
                FleetTarget::named(&template, name).map_err(|e| format!("[targets] {e}"))?;
            }
        }
        Ok(())
    }

    /// The URL names go into.
    fn template(&self, project_url: Option<&str>) -> Result<String, String> {
        self.url
            .as_deref()
            .or(project_url)
            .map(str::to_string)
            .ok_or_else(|| {
                "[targets] names schemas but no URL: set `url` in [targets] (or the project's)"
                    .to_string()
            })
    }

    /// The targets, in the order listed: `urls`, then `schemas`, then the query's rows.
    /// `project_url` is the project's database (`--url`, `DATABASE_URL`, `url`): the query
    /// runs there, and it is the default template of the names.
    pub async fn resolve(&self, project_url: Option<&DbUrl>) -> crate::Result<Vec<FleetTarget>> {
        let project_raw = project_url.map(|u| u.expose().to_string());
        self.validate(project_raw.as_deref())
            .map_err(crate::Error::Usage)?;
        let mut targets = Vec::new();
        for url in &self.urls {
            targets.push(FleetTarget::database(DbUrl::parse(url)?));
        }
        let template = || self.template(project_raw.as_deref());
        for name in &self.schemas {
            targets.push(
                FleetTarget::named(&template().map_err(crate::Error::Usage)?, name)
                    .map_err(crate::Error::Usage)?,
            );
        }
        if let Some(sql) = &self.query {
            let Some(catalog) = project_url else {
                return Err(crate::Error::Usage(
                    "[targets] query needs the project's database URL (--url, DATABASE_URL or url)"
                        .into(),
                ));
            };
            for value in query_column(catalog, sql).await? {
                let target = if looks_like_url(&value) {
                    FleetTarget::database(DbUrl::parse(&value)?)
                } else {
                    let template = template().map_err(crate::Error::Usage)?;
                    FleetTarget::named(&template, &value).map_err(|e| {
                        crate::Error::Usage(format!("[targets] query returned `{value}`: {e}"))
                    })?
                };
                targets.push(target);
            }
        }
        Ok(targets)
    }
}

/// The first column of every row `sql` returns on `url` (NULLs skipped).
async fn query_column(url: &DbUrl, sql: &str) -> Result<Vec<String>, DbError> {
    let mut db = Db::connect(url).await?;
    let rows = db.query(sql).await;
    db.close().await;
    Ok(rows?
        .into_iter()
        .filter_map(|row| row.into_iter().next().flatten())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect())
}

fn looks_like_url(value: &str) -> bool {
    value.contains("://") || value.starts_with("sqlite:")
}

/// One target of a fleet: a database, or a PostgreSQL schema of one.
#[derive(Clone, PartialEq, Eq)]
pub struct FleetTarget {
    /// Where to connect; for a schema, with its `search_path`.
    pub url: DbUrl,
    /// The schema this target is (set when shale puts the name into `search_path`, or
    /// the `{schema}` placeholder stands in it): an upgrade creates it when missing.
    pub schema: Option<String>,
    /// The URL without the schema's `search_path`, for scratch databases on its server.
    base: DbUrl,
}

impl FleetTarget {
    /// A whole database.
    pub fn database(url: DbUrl) -> FleetTarget {
        FleetTarget {
            base: url.clone(),
            url,
            schema: None,
        }
    }

    /// The tenant `name` put into `template`: at its `{schema}` placeholder, or (a
    /// PostgreSQL URL without one) as the `search_path`.
    pub fn named(template: &str, name: &str) -> Result<FleetTarget, String> {
        check_name(name)?;
        if let Some(at) = template.find(PLACEHOLDER) {
            let url =
                DbUrl::parse(&template.replace(PLACEHOLDER, name)).map_err(|e| e.to_string())?;
            let in_path = template[..at].contains("search_path");
            let base = if in_path {
                strip_options(&url)
            } else {
                url.clone()
            };
            return Ok(FleetTarget {
                url,
                schema: in_path.then(|| name.to_string()),
                base,
            });
        }
        let base = DbUrl::parse(template).map_err(|e| e.to_string())?;
        if base.dialect() != crate::dialect::Dialect::Postgres {
            return Err(format!(
                "schema `{name}`: a {} URL has no schemas; put `{PLACEHOLDER}` where the name goes",
                base.dialect().name()
            ));
        }
        if base.expose().contains("options=") {
            return Err(format!(
                "schema `{name}`: the URL already sets `options`; put `search_path={PLACEHOLDER}` in them"
            ));
        }
        let sep = if base.expose().contains('?') {
            '&'
        } else {
            '?'
        };
        // `-c search_path="name"`, percent-encoded: sqlx hands `options` to the server,
        // which sets the parameter for the session before the first statement.
        let url = DbUrl::parse(&format!(
            "{}{sep}options=-c%20search_path%3D%22{name}%22",
            base.expose()
        ))
        .map_err(|e| e.to_string())?;
        Ok(FleetTarget {
            url,
            schema: Some(name.to_string()),
            base,
        })
    }

    /// The target's database without the schema setting: scratch databases for `check`
    /// are made on its server from this URL.
    pub fn base_url(&self) -> &DbUrl {
        &self.base
    }
}

/// Shows the database without its password, and the schema when it has one.
impl fmt::Display for FleetTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.schema {
            Some(schema) => write!(f, "{} schema {schema}", self.base),
            None => write!(f, "{}", self.url),
        }
    }
}

impl fmt::Debug for FleetTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FleetTarget({self})")
    }
}

/// A tenant name: letters, digits, `_` and `-`, not starting with a digit or `-` — safe
/// in a URL, a file name and a quoted identifier alike.
fn check_name(name: &str) -> Result<(), String> {
    let ok = name.len() <= 63
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{name}` is not a tenant name: letters, digits, `_` and `-` (at most 63), starting with a letter or `_`"
        ))
    }
}

/// `url` without its `options` query parameter.
fn strip_options(url: &DbUrl) -> DbUrl {
    let raw = url.expose();
    let Some((head, query)) = raw.split_once('?') else {
        return url.clone();
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.starts_with("options="))
        .collect();
    let text = if kept.is_empty() {
        head.to_string()
    } else {
        format!("{head}?{}", kept.join("&"))
    };
    DbUrl::parse(&text).unwrap_or_else(|_| url.clone())
}

/// Reads a targets file: one database URL per line; blank lines and `#` comments are
/// skipped. Errors name the line.
pub fn parse_targets(text: &str) -> Result<Vec<FleetTarget>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            let line = line.trim();
            !line.is_empty() && !line.starts_with('#')
        })
        .map(|(i, line)| {
            DbUrl::parse(line.trim())
                .map(FleetTarget::database)
                .map_err(|e| format!("line {}: {e}", i + 1))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_files_skip_comments_and_name_bad_lines() {
        let urls = parse_targets("# tenants\nsqlite://a.db\n\n  sqlite://b.db  \n").unwrap();
        assert_eq!(urls.len(), 2);
        let err = parse_targets("sqlite://a.db\nnonsense\n").unwrap_err();
        assert!(err.starts_with("line 2:"), "{err}");
    }

    #[test]
    fn names_become_search_paths_or_fill_the_placeholder() {
        let t = FleetTarget::named("postgres://u:pw@h/app", "acme").unwrap();
        assert_eq!(
            t.url.expose(),
            "postgres://u:pw@h/app?options=-c%20search_path%3D%22acme%22"
        );
        assert_eq!(t.schema.as_deref(), Some("acme"));
        assert_eq!(t.base_url().expose(), "postgres://u:pw@h/app");
        assert_eq!(t.to_string(), "postgres://u:***@h/app schema acme");
        let t = FleetTarget::named("postgres://h/app?sslmode=disable", "a_1").unwrap();
        assert!(t.url.expose().contains("?sslmode=disable&options="));
        let t = FleetTarget::named("sqlite://tenants/{schema}.db", "acme").unwrap();
        assert_eq!(t.url.sqlite_path(), Some("tenants/acme.db"));
        assert_eq!(t.schema, None);
        let t = FleetTarget::named(
            "postgres://h/app?options=-c%20search_path%3D{schema}%2Cpublic",
            "acme",
        )
        .unwrap();
        assert_eq!(t.schema.as_deref(), Some("acme"));
        assert_eq!(t.base_url().expose(), "postgres://h/app");
    }

    #[test]
    fn bad_names_and_urls_are_refused() {
        assert!(FleetTarget::named("postgres://h/app", "x; DROP").is_err());
        assert!(FleetTarget::named("postgres://h/app", "1abc").is_err());
        assert!(FleetTarget::named("mysql://h/app", "acme")
            .unwrap_err()
            .contains("{schema}"));
        let config = TargetsConfig::default();
        assert!(config.validate(None).unwrap_err().contains("lists nothing"));
        let config = TargetsConfig {
            schemas: vec!["a".into()],
            ..TargetsConfig::default()
        };
        assert!(config.validate(None).is_ok(), "the URL may come later");
        assert!(config.template(None).unwrap_err().contains("no URL"));
        assert!(config.validate(Some("postgres://h/app")).is_ok());
        assert!(config.validate(Some("mysql://h/app")).is_err());
    }
}
