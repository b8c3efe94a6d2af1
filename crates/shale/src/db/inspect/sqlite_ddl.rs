//! Reading the parts of SQLite's stored `CREATE TABLE` / `CREATE INDEX` text that no
//! pragma reports: CHECK constraints, the names given to constraints, and the
//! expressions and predicate of an index.
//!
//! A small tokenizer that respects strings, quoted identifiers, comments and nested
//! parentheses is enough: SQLite stores the statement as it was written.

/// What a `CREATE TABLE` text declares beyond what the pragmas report.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct TableDdl {
    /// The name in `CONSTRAINT name PRIMARY KEY …`.
    pub pk_name: Option<String>,
    /// CHECK constraints in order: their name if given, and the expression text.
    pub checks: Vec<(Option<String>, String)>,
    /// UNIQUE constraints: their name if given, and their columns.
    pub uniques: Vec<(Option<String>, Vec<String>)>,
    /// Foreign keys: their name if given, and their columns.
    pub foreign_keys: Vec<(Option<String>, Vec<String>)>,
    /// The column declared `PRIMARY KEY AUTOINCREMENT`, if any.
    pub autoincrement: Option<String>,
    /// Generated columns: name, expression, stored.
    pub generated: Vec<(String, String, bool)>,
    /// The table options after the column list, upper-case: `STRICT`, `WITHOUT ROWID`.
    pub options: Vec<String>,
    /// Columns' `COLLATE` clauses: column, collation upper-case (`NOCASE`, `RTRIM`).
    pub collations: Vec<(String, String)>,
    /// Deferrable foreign keys: their columns, and `DEFERRABLE` or `DEFERRABLE INITIALLY
    /// DEFERRED` as PostgreSQL reports them.
    pub deferrable: Vec<(Vec<String>, String)>,
}

/// What a `CREATE INDEX` text declares: its key items as written, and its predicate.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct IndexDdl {
    pub items: Vec<String>,
    pub predicate: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Quoted,
    Str,
    Open,
    Close,
    Comma,
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    kind: Kind,
    text: &'a str,
    start: usize,
    end: usize,
}

impl Tok<'_> {
    fn is(&self, word: &str) -> bool {
        self.kind == Kind::Word && self.text.eq_ignore_ascii_case(word)
    }
}

/// Splits SQL into tokens, dropping whitespace and comments.
fn tokens(sql: &str) -> Vec<Tok<'_>> {
    let bytes = sql.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let kind = match c {
            b if b.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = sql[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = sql[i + 2..].find("*/").map_or(bytes.len(), |n| i + n + 4);
                continue;
            }
            b'\'' | b'"' | b'`' | b'[' => {
                let close = if c == b'[' { b']' } else { c };
                i = quoted_end(bytes, i, close);
                if c == b'\'' {
                    Kind::Str
                } else {
                    Kind::Quoted
                }
            }
            b'(' => {
                i += 1;
                Kind::Open
            }
            b')' => {
                i += 1;
                Kind::Close
            }
            b',' => {
                i += 1;
                Kind::Comma
            }
            b if b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80 => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                Kind::Word
            }
            _ => {
                i += 1;
                Kind::Other
            }
        };
        out.push(Tok {
            kind,
            text: &sql[start..i],
            start,
            end: i,
        });
    }
    out
}

/// The end (exclusive) of a quoted token opened at `i`; a doubled quote escapes itself.
fn quoted_end(bytes: &[u8], i: usize, close: u8) -> usize {
    let mut j = i + 1;
    while j < bytes.len() {
        if bytes[j] == close {
            if close != b']' && bytes.get(j + 1) == Some(&close) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    bytes.len()
}

/// An identifier token without its quotes.
pub(super) fn unquote(ident: &str) -> String {
    let b = ident.as_bytes();
    match (b.first(), b.last()) {
        (Some(b'"'), Some(b'"')) | (Some(b'`'), Some(b'`')) if b.len() >= 2 => {
            let q = &ident[..1];
            ident[1..ident.len() - 1].replace(&format!("{q}{q}"), q)
        }
        (Some(b'['), Some(b']')) if b.len() >= 2 => ident[1..ident.len() - 1].to_string(),
        _ => ident.to_string(),
    }
}

/// Index of the token closing the parenthesis opened at `open`.
fn matching_close(toks: &[Tok], open: usize) -> usize {
    let mut depth = 0usize;
    for (k, t) in toks.iter().enumerate().skip(open) {
        match t.kind {
            Kind::Open => depth += 1,
            Kind::Close => {
                depth -= 1;
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    toks.len()
}

/// The items between the parenthesis at `open` and its match, split at top-level commas.
fn items<'t, 'a>(toks: &'t [Tok<'a>], open: usize) -> (Vec<&'t [Tok<'a>]>, usize) {
    let close = matching_close(toks, open);
    let inner = &toks[(open + 1).min(close)..close];
    let mut parts = Vec::new();
    let (mut depth, mut from) = (0usize, 0);
    for (k, t) in inner.iter().enumerate() {
        match t.kind {
            Kind::Open => depth += 1,
            Kind::Close => depth = depth.saturating_sub(1),
            Kind::Comma if depth == 0 => {
                parts.push(&inner[from..k]);
                from = k + 1;
            }
            _ => {}
        }
    }
    if from < inner.len() {
        parts.push(&inner[from..]);
    }
    (parts, close)
}

/// The source text covered by a run of tokens.
fn span<'a>(sql: &'a str, toks: &[Tok]) -> &'a str {
    match (toks.first(), toks.last()) {
        (Some(a), Some(b)) => &sql[a.start..b.end],
        _ => "",
    }
}

/// The identifiers in the parenthesised list starting at `open` (a column list).
fn name_list(toks: &[Tok], open: usize) -> Vec<String> {
    let (parts, _) = items(toks, open);
    parts
        .iter()
        .filter_map(|p| p.first())
        .map(|t| unquote(t.text))
        .collect()
}

/// Reads a `CREATE TABLE` text.
pub(super) fn parse_table(sql: &str) -> TableDdl {
    let toks = tokens(sql);
    let mut ddl = TableDdl::default();
    let Some(open) = toks.iter().position(|t| t.kind == Kind::Open) else {
        return ddl;
    };
    let (parts, close) = items(&toks, open);
    if let Some(end) = toks.get(close).map(|t| t.end) {
        ddl.options = sql[end..]
            .split(',')
            .map(|o| o.split_whitespace().collect::<Vec<_>>().join(" "))
            .map(|o| o.trim_end_matches(';').trim().to_ascii_uppercase())
            .filter(|o| !o.is_empty())
            .collect();
    }
    for part in parts {
        let table_level = part.first().is_some_and(|t| {
            ["constraint", "primary", "unique", "check", "foreign"]
                .iter()
                .any(|w| t.is(w))
        });
        match (table_level, part.first()) {
            (true, _) => read_constraints(sql, part, None, &mut ddl),
            (false, Some(col)) => {
                read_constraints(sql, &part[1..], Some(unquote(col.text)), &mut ddl)
            }
            _ => {}
        }
    }
    ddl
}

/// Reads the constraints in one table element: a column definition (`column` set) or a
/// table constraint.
fn read_constraints(sql: &str, toks: &[Tok], column: Option<String>, ddl: &mut TableDdl) {
    let own = || column.clone().into_iter().collect::<Vec<_>>();
    let mut name: Option<String> = None;
    let mut k = 0;
    while k < toks.len() {
        let t = toks[k];
        let next_open = toks[k + 1..]
            .iter()
            .position(|t| t.kind == Kind::Open)
            .map(|n| k + 1 + n);
        if t.is("constraint") {
            name = toks.get(k + 1).map(|n| unquote(n.text));
            k += 2;
            continue;
        }
        if t.is("primary") {
            ddl.pk_name = name.take().or(ddl.pk_name.take());
        } else if t.is("autoincrement") {
            ddl.autoincrement.clone_from(&column);
        } else if t.is("unique") {
            let cols = match (&column, next_open) {
                (None, Some(o)) => name_list(toks, o),
                _ => own(),
            };
            ddl.uniques.push((name.take(), cols));
        } else if t.is("as") && column.is_some() && next_open == Some(k + 1) {
            let o = k + 1;
            let (_, close) = items(toks, o);
            let expr = span(sql, &toks[o + 1..close.min(toks.len())]);
            let stored = toks.get(close + 1).is_some_and(|t| t.is("stored"));
            let col = column.clone().unwrap_or_default();
            ddl.generated.push((col, expr.trim().to_string(), stored));
            k = close + 1;
            continue;
        } else if t.is("check") {
            if let Some(o) = next_open {
                let (_, close) = items(toks, o);
                let expr = span(sql, &toks[o + 1..close.min(toks.len())]);
                ddl.checks.push((name.take(), expr.trim().to_string()));
                k = close;
            }
        } else if t.is("collate") && column.is_some() {
            if let (Some(col), Some(collation)) = (&column, toks.get(k + 1)) {
                let collation = unquote(collation.text).to_ascii_uppercase();
                ddl.collations.push((col.clone(), collation));
            }
            k += 2;
            continue;
        } else if t.is("foreign") || (t.is("references") && column.is_some()) {
            let cols = match (&column, next_open) {
                (None, Some(o)) => name_list(toks, o),
                _ => own(),
            };
            if let Some(how) = deferrable(&toks[k..]) {
                ddl.deferrable.push((cols.clone(), how));
            }
            ddl.foreign_keys.push((name.take(), cols));
            if column.is_none() {
                return;
            }
        } else if t.kind == Kind::Word {
            name = None;
        }
        if t.kind == Kind::Open {
            k = matching_close(toks, k);
        }
        k += 1;
    }
}

/// How a foreign key clause (`toks`, from `FOREIGN` or `REFERENCES` to the end of its
/// table element) defers its check: `DEFERRABLE INITIALLY DEFERRED`, or `DEFERRABLE` for
/// one checked at once unless a transaction defers it (`INITIALLY IMMEDIATE`); `None` for
/// `NOT DEFERRABLE` or nothing said.
fn deferrable(toks: &[Tok]) -> Option<String> {
    let at = toks.iter().position(|t| t.is("deferrable"))?;
    if at > 0 && toks[at - 1].is("not") {
        return None;
    }
    let deferred = toks.get(at + 1).is_some_and(|t| t.is("initially"))
        && toks.get(at + 2).is_some_and(|t| t.is("deferred"));
    Some(if deferred {
        "DEFERRABLE INITIALLY DEFERRED".to_string()
    } else {
        "DEFERRABLE".to_string()
    })
}

/// Reads a `CREATE [UNIQUE] INDEX name ON table (items) [WHERE predicate]` text.
pub(super) fn parse_index(sql: &str) -> IndexDdl {
    let toks = tokens(sql);
    let Some(open) = toks.iter().position(|t| t.kind == Kind::Open) else {
        return IndexDdl::default();
    };
    let (parts, close) = items(&toks, open);
    let items = parts
        .iter()
        .map(|p| {
            let p = strip_order(p);
            match p {
                [only] if only.kind == Kind::Quoted => unquote(only.text),
                _ => span(sql, p).to_string(),
            }
        })
        .collect();
    let rest = toks.get(close + 1..).unwrap_or(&[]);
    let predicate = match rest.first() {
        Some(w) if w.is("where") => {
            let body = &rest[1..];
            let body = match body.last() {
                Some(t) if t.text == ";" => &body[..body.len() - 1],
                _ => body,
            };
            Some(span(sql, body).trim().to_string())
        }
        _ => None,
    };
    IndexDdl { items, predicate }
}

/// An index item without its trailing `ASC` / `DESC` / `COLLATE name`.
fn strip_order<'t, 'a>(item: &'t [Tok<'a>]) -> &'t [Tok<'a>] {
    let mut item = item;
    if item.len() > 1 && item.last().is_some_and(|t| t.is("asc") || t.is("desc")) {
        item = &item[..item.len() - 1];
    }
    if item.len() > 2 && item[item.len() - 2].is("collate") {
        item = &item[..item.len() - 2];
    }
    item
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_constraints_and_checks() {
        let sql = r#"CREATE TABLE "items" (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            price NUMERIC CHECK (price > 0) CONSTRAINT uq_code UNIQUE,
            "user id" INTEGER CONSTRAINT fk_user REFERENCES users(id) ON DELETE CASCADE,
            note TEXT DEFAULT 'a, (b' -- a comment, with (parens
            , a INT, b INT,
            CONSTRAINT pk_items PRIMARY KEY (id),
            CONSTRAINT uq_ab UNIQUE (a, "b"),
            CONSTRAINT ck_ab CHECK (a < b AND note <> ')'),
            CHECK (length(note) < 10),
            FOREIGN KEY (a, b) REFERENCES other (x, y)
        )"#;
        let ddl = parse_table(sql);
        assert_eq!(ddl.pk_name.as_deref(), Some("pk_items"));
        assert_eq!(ddl.autoincrement.as_deref(), Some("id"));
        assert_eq!(
            ddl.checks,
            vec![
                (None, "price > 0".to_string()),
                (Some("ck_ab".into()), "a < b AND note <> ')'".into()),
                (None, "length(note) < 10".into()),
            ]
        );
        assert_eq!(
            ddl.uniques,
            vec![
                (Some("uq_code".into()), vec!["price".to_string()]),
                (Some("uq_ab".into()), vec!["a".into(), "b".into()]),
            ]
        );
        assert_eq!(
            ddl.foreign_keys,
            vec![
                (Some("fk_user".into()), vec!["user id".to_string()]),
                (None, vec!["a".into(), "b".into()]),
            ]
        );
    }

    #[test]
    fn table_options_follow_the_column_list() {
        let options = |sql: &str| parse_table(sql).options;
        assert_eq!(
            options("CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT CHECK (note <> ')')) strict,  WITHOUT\n ROWID"),
            ["STRICT", "WITHOUT ROWID"]
        );
        assert!(options("CREATE TABLE t (id INT)").is_empty());
    }

    #[test]
    fn column_collations_and_deferrable_foreign_keys() {
        let ddl = parse_table(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL COLLATE \"nocase\", \
             code TEXT COLLATE RTRIM DEFAULT 'x', \
             p INTEGER REFERENCES t (id) DEFERRABLE INITIALLY DEFERRED, \
             q INTEGER REFERENCES t (id) NOT DEFERRABLE, r INTEGER, s INTEGER, \
             CONSTRAINT t_r FOREIGN KEY (r) REFERENCES t (id) DEFERRABLE INITIALLY IMMEDIATE, \
             FOREIGN KEY (s) REFERENCES t (id) ON DELETE CASCADE)",
        );
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            ddl.collations,
            [pair("name", "NOCASE"), pair("code", "RTRIM")]
        );
        assert_eq!(
            ddl.deferrable,
            [
                (
                    vec!["p".to_string()],
                    "DEFERRABLE INITIALLY DEFERRED".to_string()
                ),
                (vec!["r".to_string()], "DEFERRABLE".to_string()),
            ]
        );
    }

    #[test]
    fn index_items_and_predicate() {
        let ddl = parse_index(
            "CREATE UNIQUE INDEX ix ON t (lower(email), \"Name\" DESC, b COLLATE nocase) WHERE deleted_at IS NULL",
        );
        assert_eq!(ddl.items, vec!["lower(email)", "Name", "b"]);
        assert_eq!(ddl.predicate.as_deref(), Some("deleted_at IS NULL"));
        assert_eq!(parse_index("CREATE INDEX ix ON t(a)").predicate, None);
    }

    #[test]
    fn unquoting() {
        assert_eq!(unquote("\"a\"\"b\""), "a\"b");
        assert_eq!(unquote("[x y]"), "x y");
        assert_eq!(unquote("`t`"), "t");
        assert_eq!(unquote("plain"), "plain");
    }
}
