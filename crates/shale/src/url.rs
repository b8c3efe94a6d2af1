//! Database URLs: which dialect, how to connect, and how to show one without its password.

use crate::dialect::Dialect;
use std::fmt;

/// A database URL, normalised for the driver and safe to display.
#[derive(Clone, PartialEq, Eq)]
pub struct DbUrl {
    dialect: Dialect,
    /// The URL handed to the driver (`+driver` suffix removed, `mariadb` → `mysql`).
    url: String,
}

/// Why a URL was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UrlError {
    #[error("invalid database URL `{0}`: expected sqlite://PATH, sqlite::memory:, postgres://… or mysql://…")]
    Malformed(String),
    #[error("unsupported database URL scheme `{0}`: expected sqlite, postgres, postgresql, mysql or mariadb")]
    UnsupportedScheme(String),
}

impl DbUrl {
    /// Parses a URL such as `sqlite://app.db`, `postgresql+psycopg://u:p@host/db` or
    /// `mariadb://root@localhost/app`.
    pub fn parse(raw: &str) -> Result<Self, UrlError> {
        let raw = raw.trim();
        let Some((scheme, rest)) = raw.split_once(':') else {
            return Err(UrlError::Malformed(redact(raw)));
        };
        let base = scheme
            .split('+')
            .next()
            .unwrap_or(scheme)
            .to_ascii_lowercase();
        let (dialect, scheme) = match base.as_str() {
            "sqlite" | "sqlite3" => (Dialect::Sqlite, "sqlite"),
            "postgres" | "postgresql" => (Dialect::Postgres, "postgres"),
            "mysql" | "mariadb" => (Dialect::Mysql, "mysql"),
            _ => return Err(UrlError::UnsupportedScheme(scheme.to_string())),
        };
        if dialect != Dialect::Sqlite && !rest.starts_with("//") {
            return Err(UrlError::Malformed(redact(raw)));
        }
        if dialect == Dialect::Sqlite && rest.trim_start_matches('/').is_empty() {
            return Err(UrlError::Malformed(redact(raw)));
        }
        Ok(DbUrl {
            dialect,
            url: format!("{scheme}:{rest}"),
        })
    }

    /// The dialect this URL speaks.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The URL for the driver. Contains the password: never print it.
    pub fn expose(&self) -> &str {
        &self.url
    }

    /// For SQLite: the file path (`None` for an in-memory database).
    pub fn sqlite_path(&self) -> Option<&str> {
        if self.dialect != Dialect::Sqlite {
            return None;
        }
        let rest = self.url.strip_prefix("sqlite:")?;
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        let path = rest.split('?').next().unwrap_or(rest);
        if path == ":memory:" || path.is_empty() {
            None
        } else {
            Some(path)
        }
    }

    /// The database name in a server URL (`/name` path part).
    pub fn database(&self) -> Option<&str> {
        if self.dialect == Dialect::Sqlite {
            return None;
        }
        let after = self.url.split_once("//")?.1;
        let path = after.split_once('/')?.1;
        let name = path.split('?').next().unwrap_or(path);
        (!name.is_empty()).then_some(name)
    }

    /// The same server with another database name (used for scratch databases).
    pub fn with_database(&self, name: &str) -> DbUrl {
        let (head, after) = self.url.split_once("//").unwrap_or((&self.url, ""));
        let (host, query) = match after.split_once('/') {
            Some((host, path)) => (host, path.split_once('?').map(|(_, q)| q)),
            None => {
                let (h, q) = after
                    .split_once('?')
                    .map_or((after, None), |(h, q)| (h, Some(q)));
                (h, q)
            }
        };
        let url = match query {
            Some(q) => format!("{head}//{host}/{name}?{q}"),
            None => format!("{head}//{host}/{name}"),
        };
        DbUrl {
            dialect: self.dialect,
            url,
        }
    }
}

impl fmt::Display for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.url))
    }
}

impl fmt::Debug for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DbUrl({})", redact(&self.url))
    }
}

/// Replaces the password of any `scheme://user:password@host` URL in `text` with `***`.
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find("://") {
        let (before, after) = rest.split_at(pos + 3);
        out.push_str(before);
        let end = after
            .find(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '`')
            .unwrap_or(after.len());
        let authority_end = after[..end].find('/').unwrap_or(end);
        let authority = &after[..authority_end];
        match (authority.rfind('@'), authority.find(':')) {
            (Some(at), Some(colon)) if colon < at => {
                out.push_str(&authority[..colon]);
                out.push_str(":***");
                out.push_str(&authority[at..]);
            }
            _ => out.push_str(authority),
        }
        rest = &after[authority_end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_and_drivers() {
        let u = DbUrl::parse("postgresql+psycopg://u:secret@localhost:5432/app").unwrap();
        assert_eq!(u.dialect(), Dialect::Postgres);
        assert_eq!(u.expose(), "postgres://u:secret@localhost:5432/app");
        assert_eq!(u.to_string(), "postgres://u:***@localhost:5432/app");
        assert_eq!(u.database(), Some("app"));
        let m = DbUrl::parse("mariadb://root@127.0.0.1/x?ssl-mode=disabled").unwrap();
        assert_eq!(m.dialect(), Dialect::Mysql);
        assert_eq!(
            m.with_database("y").expose(),
            "mysql://root@127.0.0.1/y?ssl-mode=disabled"
        );
        let s = DbUrl::parse("sqlite://app.db").unwrap();
        assert_eq!(s.sqlite_path(), Some("app.db"));
        assert_eq!(DbUrl::parse("sqlite::memory:").unwrap().sqlite_path(), None);
    }

    #[test]
    fn bad_urls() {
        assert!(matches!(
            DbUrl::parse("oracle://x"),
            Err(UrlError::UnsupportedScheme(_))
        ));
        assert!(matches!(
            DbUrl::parse("nonsense"),
            Err(UrlError::Malformed(_))
        ));
        assert!(matches!(
            DbUrl::parse("postgres:x"),
            Err(UrlError::Malformed(_))
        ));
    }

    #[test]
    fn redaction() {
        assert_eq!(
            redact("error connecting to mysql://root:pw@h:3306/db: refused"),
            "error connecting to mysql://root:***@h:3306/db: refused"
        );
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
    }
}
