//! How a `sqlite:` URL is opened: the file name and flags handed to `sqlite3_open_v2`.
//!
//! The URL is read as sqlx-sqlite 0.8 reads it (`SqliteConnectOptions::from_str` and
//! `EstablishParams::from_options`), with shale's `create_if_missing(true)`, so that the
//! move of shale's own connections away from sqlx opens the same files the same way.
//! Pure: no SQLite call happens here.

use libsqlite3_sys::{
    SQLITE_OPEN_CREATE, SQLITE_OPEN_MEMORY, SQLITE_OPEN_NOMUTEX, SQLITE_OPEN_PRIVATECACHE,
    SQLITE_OPEN_READONLY, SQLITE_OPEN_READWRITE, SQLITE_OPEN_SHAREDCACHE, SQLITE_OPEN_URI,
};
use percent_encoding::{percent_decode_str, utf8_percent_encode, NON_ALPHANUMERIC};
use std::ffi::{c_int, CString};

/// The arguments of `sqlite3_open_v2` for one URL.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct OpenParams {
    pub filename: CString,
    pub flags: c_int,
}

/// The URL's query parameters that change how the file is opened.
#[derive(Default)]
struct Params {
    read_only: bool,
    in_memory: bool,
    shared_cache: Option<bool>,
    immutable: bool,
    vfs: Option<String>,
}

impl OpenParams {
    /// Reads a SQLite URL: `sqlite://path`, `sqlite:///abs/path`, `sqlite:path`,
    /// `sqlite::memory:`, with sqlx's query parameters `mode` (`ro`, `rw`, `rwc`, `memory`),
    /// `cache` (`shared`, `private`), `immutable` and `vfs`. A missing file is created
    /// unless `mode=ro`. The error text is sqlx's for the same URL.
    pub fn from_url(url: &str) -> Result<OpenParams, String> {
        let rest = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        let (database, query) = rest.split_once('?').unwrap_or((rest, ""));
        let params = Params::parse(query)?;
        let memory_alias = database == ":memory:";
        let mut filename = if memory_alias {
            // sqlx names each `:memory:` connection's database uniquely, in a shared cache
            // no other connection joins: a private `:memory:` database is the same thing.
            ":memory:".to_string()
        } else {
            percent_decode_str(database)
                .decode_utf8()
                .map_err(|e| format!("error with configuration: {e}"))?
                .into_owned()
        };
        if params.immutable || params.vfs.is_some() {
            filename = uri_filename(&filename, &params);
        }
        let mut flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
        flags |= if params.read_only {
            SQLITE_OPEN_READONLY
        } else {
            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        };
        if params.in_memory || memory_alias {
            flags |= SQLITE_OPEN_MEMORY;
        }
        let shared = params.shared_cache.unwrap_or(params.in_memory);
        flags |= if shared {
            SQLITE_OPEN_SHAREDCACHE
        } else {
            SQLITE_OPEN_PRIVATECACHE
        };
        let filename = CString::new(filename)
            .map_err(|_| "the SQLite file name must not contain NUL characters".to_string())?;
        Ok(OpenParams { filename, flags })
    }
}

impl Params {
    /// Reads the query string (`application/x-www-form-urlencoded`, as sqlx reads it).
    fn parse(query: &str) -> Result<Params, String> {
        let mut params = Params::default();
        let unknown = |key: &str, value: &str| {
            format!("error with configuration: unknown value {value:?} for `{key}`")
        };
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let (key, value) = (form_decode(key), form_decode(value));
            match (key.as_str(), value.as_str()) {
                ("mode", "ro") => params.read_only = true,
                ("mode", "rw" | "rwc") => {}
                ("mode", "memory") => params.in_memory = true,
                ("cache", "shared") => params.shared_cache = Some(true),
                ("cache", "private") => params.shared_cache = Some(false),
                ("immutable", "true" | "1") => params.immutable = true,
                ("immutable", "false" | "0") => params.immutable = false,
                ("vfs", _) => params.vfs = Some(value),
                ("mode" | "cache" | "immutable", _) => return Err(unknown(&key, &value)),
                _ => {
                    return Err(format!(
                        "error with configuration: unknown query parameter `{key}` while \
                         parsing connection URL"
                    ))
                }
            }
        }
        Ok(params)
    }
}

/// A query-string component decoded: `+` is a space, `%XX` a byte.
fn form_decode(text: &str) -> String {
    percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// The `file:` URI that passes `immutable` and `vfs` to SQLite, as sqlx builds it.
fn uri_filename(path: &str, params: &Params) -> String {
    let mut query = Vec::new();
    if params.immutable {
        query.push("immutable=true".to_string());
    }
    if let Some(vfs) = &params.vfs {
        query.push(format!(
            "vfs={}",
            utf8_percent_encode(vfs, NON_ALPHANUMERIC)
        ));
    }
    format!(
        "file:{}?{}",
        utf8_percent_encode(path, NON_ALPHANUMERIC),
        query.join("&")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(url: &str) -> (String, c_int) {
        let params = OpenParams::from_url(url).unwrap();
        (params.filename.into_string().unwrap(), params.flags)
    }

    const BASE: c_int = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
    const RWC: c_int = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

    #[test]
    fn files_are_created_read_write_in_a_private_cache() {
        let flags = BASE | RWC | SQLITE_OPEN_PRIVATECACHE;
        assert_eq!(open("sqlite://app.db"), ("app.db".into(), flags));
        assert_eq!(open("sqlite:app.db"), ("app.db".into(), flags));
        assert_eq!(open("sqlite:///tmp/a b.db"), ("/tmp/a b.db".into(), flags));
        assert_eq!(open("sqlite://dir/a%3Fb.db"), ("dir/a?b.db".into(), flags));
        assert_eq!(open("sqlite://app.db?mode=rwc"), ("app.db".into(), flags));
    }

    #[test]
    fn read_only_does_not_create() {
        let (_, flags) = open("sqlite://app.db?mode=ro");
        assert_eq!(
            flags,
            BASE | SQLITE_OPEN_READONLY | SQLITE_OPEN_PRIVATECACHE
        );
    }

    #[test]
    fn memory_databases() {
        let private = BASE | RWC | SQLITE_OPEN_MEMORY | SQLITE_OPEN_PRIVATECACHE;
        assert_eq!(open("sqlite::memory:"), (":memory:".into(), private));
        let shared = BASE | RWC | SQLITE_OPEN_MEMORY | SQLITE_OPEN_SHAREDCACHE;
        assert_eq!(
            open("sqlite:file:scratch_1?mode=memory&cache=shared"),
            ("file:scratch_1".into(), shared)
        );
        assert_eq!(open("sqlite:file:x?mode=memory"), ("file:x".into(), shared));
    }

    #[test]
    fn immutable_and_vfs_become_a_uri() {
        let (name, _) = open("sqlite://a.db?immutable=1&vfs=unix-none");
        assert_eq!(name, "file:a%2Edb?immutable=true&vfs=unix%2Dnone");
    }

    #[test]
    fn unknown_parameters_are_refused_as_sqlx_refuses_them() {
        let err = OpenParams::from_url("sqlite://a.db?journal=wal").unwrap_err();
        assert_eq!(
            err,
            "error with configuration: unknown query parameter `journal` while parsing connection URL"
        );
        let err = OpenParams::from_url("sqlite://a.db?mode=rx").unwrap_err();
        assert_eq!(
            err,
            "error with configuration: unknown value \"rx\" for `mode`"
        );
    }
}
