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
            return Err(UrlError::Malformed(redact_one(raw)));
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
        if !dialect.is_embedded() && !rest.starts_with("//") {
            return Err(UrlError::Malformed(redact_one(raw)));
        }
        if dialect.is_embedded() && rest.trim_start_matches('/').is_empty() {
            return Err(UrlError::Malformed(redact_one(raw)));
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
        if !self.dialect.is_embedded() {
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

    /// Whether this is a SQLite URL with no database file behind it yet: in memory, or a
    /// path that does not exist (connecting would create it).
    pub fn sqlite_without_file(&self) -> bool {
        self.dialect.is_embedded()
            && self
                .sqlite_path()
                .is_none_or(|path| !std::path::Path::new(path).exists())
    }

    /// The database name in a server URL (`/name` path part).
    pub fn database(&self) -> Option<&str> {
        if self.dialect.is_embedded() {
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

/// Replaces every password in the database URLs inside `text` with `***`: the password
/// of `scheme://user:password@host` (also when it holds a raw `@`, `/`, `?` or `#`), and
/// the value of every query parameter whose name contains `pass` (`password`,
/// `sslpassword`, `passwd`, …; percent-encoded names too), as sqlx may read any of them.
/// Errors and output pass through it, so that no form of URL shows a password.
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find("://") {
        let (before, after) = rest.split_at(pos + 3);
        out.push_str(before);
        let end = after
            .find(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '`')
            .unwrap_or(after.len());
        // A `:` at the end belongs to the text (`cannot connect to URL: …`).
        let end = end - usize::from(after[..end].ends_with(':'));
        out.push_str(&redact_url_body(&after[..end]));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// [`redact`] for one URL that may lack the `//` of its authority (`postgres:u:pw@h`),
/// as in a URL refused as malformed.
fn redact_one(raw: &str) -> String {
    match raw.split_once(':') {
        Some((scheme, rest)) if !rest.starts_with("//") => {
            format!("{scheme}:{}", redact_url_body(rest))
        }
        _ => redact(raw),
    }
}

/// A URL without its `scheme://`, password and password parameters replaced.
fn redact_url_body(url: &str) -> String {
    let query_at = url.find(['?', '#']).unwrap_or(url.len());
    // The user information ends at the last `@` before the query; a password holding a
    // raw `?` or `#` moves that `@` after them, into text that is no `key=value` list.
    let at = url[..query_at].rfind('@').or_else(|| {
        let at = url.rfind('@')?;
        (!url[query_at..at].contains(['=', '&'])).then_some(at)
    });
    let mut out = String::with_capacity(url.len());
    let rest = match at {
        Some(at) => {
            let userinfo = &url[..at];
            match userinfo.find(':') {
                Some(colon) => {
                    out.push_str(&userinfo[..colon]);
                    out.push_str(":***");
                }
                None => out.push_str(userinfo),
            }
            &url[at..]
        }
        None => url,
    };
    match rest.split_once('?') {
        Some((path, query)) => {
            out.push_str(path);
            out.push('?');
            out.push_str(&redact_query(query));
        }
        None => out.push_str(rest),
    }
    out
}

/// A query string with the value of every parameter whose name contains `pass` replaced.
fn redact_query(query: &str) -> String {
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if is_password_key(key) => format!("{key}=***"),
            _ => pair.to_owned(),
        })
        .collect();
    pairs.join("&")
}

/// Whether a query parameter name (percent-decoded, any case) names a password.
fn is_password_key(key: &str) -> bool {
    let mut decoded = Vec::with_capacity(key.len());
    let bytes = key.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                decoded.push(b);
                i += 3;
            }
            (b, _) => {
                decoded.push(b);
                i += 1;
            }
        }
    }
    decoded
        .to_ascii_lowercase()
        .windows(4)
        .any(|w| w == b"pass")
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

    /// Every form a password can take in a URL, and text that holds none.
    #[test]
    fn redaction_of_every_password_form() {
        let cases = [
            // userinfo, plain and percent-encoded, and raw characters that end an authority
            ("postgres://u:secret@h/db", "postgres://u:***@h/db"),
            ("postgres://u:se%40cr%2Fet@h:5432/db", "postgres://u:***@h:5432/db"),
            ("postgres://u:se@cret@h/db", "postgres://u:***@h/db"),
            ("postgres://u:se/cret@h/db", "postgres://u:***@h/db"),
            ("postgres://u:se?cret@h/db", "postgres://u:***@h/db"),
            ("postgres://u:se#cret@h/db?sslmode=disable", "postgres://u:***@h/db?sslmode=disable"),
            ("mysql://:secret@h/db", "mysql://:***@h/db"),
            // query parameters
            ("postgres://u@h/db?password=secret", "postgres://u@h/db?password=***"),
            (
                "postgres://h/db?sslmode=require&password=secret&application_name=x",
                "postgres://h/db?sslmode=require&password=***&application_name=x",
            ),
            ("postgres://h/db?sslpassword=secret", "postgres://h/db?sslpassword=***"),
            ("postgres://h/db?PassWord=secret", "postgres://h/db?PassWord=***"),
            ("postgres://h/db?%70assword=secret", "postgres://h/db?%70assword=***"),
            ("mysql://root@h/db?pass=secret", "mysql://root@h/db?pass=***"),
            ("mysql://root@h/db?passwd=secret", "mysql://root@h/db?passwd=***"),
            ("mysql://root@h/db?ssl-mode=DISABLED&password=se%26cret", "mysql://root@h/db?ssl-mode=DISABLED&password=***"),
            ("postgres://u:a@h/db?password=secret", "postgres://u:***@h/db?password=***"),
            // in running text, as errors quote URLs
            (
                "cannot connect to postgres://u:secret@h/db?password=secret: refused; `mysql://r:secret@h`",
                "cannot connect to postgres://u:***@h/db?password=***: refused; `mysql://r:***@h`",
            ),
            // nothing to hide
            ("postgres://u@h/db?user=a@b.c&sslmode=disable", "postgres://u@h/db?user=a@b.c&sslmode=disable"),
            ("sqlite://app.db?mode=rwc", "sqlite://app.db?mode=rwc"),
            ("no url here: password is not a key", "no url here: password is not a key"),
        ];
        for (input, expected) in cases {
            assert_eq!(redact(input), expected, "{input}");
        }
    }

    #[test]
    fn malformed_and_displayed_urls_hide_the_password() {
        for raw in [
            "postgres:u:secret@h/db",
            "mysql:root:secret@h?password=secret",
            "postgres:/u:secret@h",
        ] {
            let e = DbUrl::parse(raw).unwrap_err().to_string();
            assert!(!e.contains("secret"), "{e}");
        }
        let u = DbUrl::parse("postgres://u:secret@h/db?sslpassword=secret").unwrap();
        assert!(!u.to_string().contains("secret") && !format!("{u:?}").contains("secret"));
        assert!(!u.with_database("x").to_string().contains("secret"));
    }
}
