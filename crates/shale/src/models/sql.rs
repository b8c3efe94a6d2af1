//! SQL models: DDL files in the target dialect, normalised by the database itself.
//!
//! [`load_sql_models`] applies the files to a scratch database
//! ([`Scratch`]), inspects it and drops it, so that types and
//! defaults read exactly as the live database reports them; on PostgreSQL, plain DDL that
//! [`pg_ddl`] reads exactly is taken without one. [`parse_renames`] reads the
//! `-- shale:renamed-from OLD` comments that declare renames.

use super::{pg_ddl, search_path};
use crate::db::inspect::inspect_schemas;
use crate::db::scratch::Scratch;
use crate::db::{Db, DbError};
use crate::dialect::render::{render, to_text};
use crate::dialect::Dialect;
use crate::diff::{diff, DiffOptions};
use crate::schema::{Object, ObjectKind, Schema};
use crate::script::split;
use crate::url::DbUrl;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The comment that declares a rename: `-- shale:renamed-from OLD`.
const RENAMED_FROM: &str = "shale:renamed-from";

/// The name errors give to the DDL that [`normalise_schema`] renders.
const RENDERED: &str = "(models rendered as SQL)";

/// Errors from loading SQL models.
#[derive(Debug, thiserror::Error)]
pub enum SqlModelError {
    #[error("cannot read the SQL models file {file}: {source}; check [models] sql in shale.toml")]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Scratch(DbError),
    #[error(
        "{file}:{line}: the database refused this statement of the SQL models: {message}\n  \
         {statement}\nfix the model file and run the command again",
        statement = crate::script::excerpt(statement)
    )]
    Statement {
        file: PathBuf,
        line: usize,
        statement: String,
        message: String,
    },
    #[error("cannot inspect the scratch database built from the SQL models: {0}")]
    Inspect(DbError),
}

/// A rename declared in SQL models.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    /// The table, as named in the models (its new name for a table rename).
    pub table: String,
    /// The old name (of the column, or of the table).
    pub from: String,
    /// The new name (of the column, or of the table).
    pub to: String,
    /// Whether a table or one of its columns was renamed.
    pub kind: RenameKind,
}

/// What a [`Rename`] renames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenameKind {
    Table,
    Column,
}

/// Column renames as `(table, old column, new column)`, the shape of
/// `DiffOptions::renames`.
pub fn column_renames(renames: &[Rename]) -> Vec<(String, String, String)> {
    renames
        .iter()
        .filter(|r| r.kind == RenameKind::Column)
        .map(|r| (r.table.clone(), r.from.clone(), r.to.clone()))
        .collect()
}

/// Table renames as `(old table, new table)`, the shape of `DiffOptions::table_renames`.
pub fn table_renames(renames: &[Rename]) -> Vec<(String, String)> {
    renames
        .iter()
        .filter(|r| r.kind == RenameKind::Table)
        .map(|r| (r.from.clone(), r.to.clone()))
        .collect()
}

/// Reads the DDL `files`, applies them in order to a scratch database of `base`'s
/// dialect (on `dev_url`'s server if given), and returns the inspected schema and the
/// renames the files declare. The scratch database is dropped, also on error.
///
/// On PostgreSQL, files that [`pg_ddl::read`] fully understands are read without a
/// scratch database: the same schema, without a few files created per table (Rust
/// models that [`normalise_schema`] renders take the same way).
pub async fn load_sql_models(
    files: &[PathBuf],
    base: &DbUrl,
    dev_url: Option<&DbUrl>,
) -> Result<(Schema, Vec<Rename>), SqlModelError> {
    load_sql_models_over(files, base, dev_url, &Schema::default(), &[]).await
}

/// [`load_sql_models`] for files whose objects (views, functions, triggers …) may use
/// the tables of `known`, declared elsewhere — by Rust models, in a project that keeps
/// its tables in Rust and its objects in SQL. `known`'s tables are created on the
/// scratch database before the files and are not part of the schema returned.
/// `schemas` are the PostgreSQL schemas read back (`[models] schemas`; empty: the
/// scratch database's current schema alone).
pub async fn load_sql_models_over(
    files: &[PathBuf],
    base: &DbUrl,
    dev_url: Option<&DbUrl>,
    known: &Schema,
    schemas: &[String],
) -> Result<(Schema, Vec<Rename>), SqlModelError> {
    let mut sources = Vec::with_capacity(files.len());
    for file in files {
        let text = std::fs::read_to_string(file).map_err(|source| SqlModelError::Read {
            file: file.clone(),
            source,
        })?;
        sources.push((file.as_path(), text));
    }
    let renames = sources
        .iter()
        .flat_map(|(_, text)| parse_renames(text))
        .collect();
    let schema = schema_of(&sources, base, dev_url, known, schemas).await?;
    Ok((schema, renames))
}

/// `schema` as the database of `base`'s dialect reports it once created: rendered as
/// DDL, applied to a scratch database (on `dev_url`'s server if given), inspected.
/// Types, defaults and CHECK expressions then read exactly as inspecting a live
/// database gives them (PostgreSQL's `(price >= (0)::numeric)`, MariaDB's
/// `octet_length`), at the cost of a scratch database.
/// `schemas` as in [`load_sql_models_over`].
pub async fn normalise_schema(
    schema: &Schema,
    base: &DbUrl,
    dev_url: Option<&DbUrl>,
    schemas: &[String],
) -> Result<Schema, SqlModelError> {
    let empty = Schema::default();
    let changes = diff(&empty, schema, &DiffOptions::default()).changes;
    let sql = to_text(&render(base.dialect(), &empty, &changes));
    schema_of(
        &[(Path::new(RENDERED), sql)],
        base,
        dev_url,
        &Schema::default(),
        schemas,
    )
    .await
}

/// The schema that `sources` give on a scratch database, dropped also on error. On
/// PostgreSQL, sources that [`pg_ddl::read`] reads exactly need no scratch database.
async fn schema_of(
    sources: &[(&Path, String)],
    base: &DbUrl,
    dev_url: Option<&DbUrl>,
    known: &Schema,
    schemas: &[String],
) -> Result<Schema, SqlModelError> {
    if base.dialect().has_model_reader() {
        let texts = sources.iter().map(|(_, text)| text.clone()).collect();
        if let Some(schema) = read_offline(texts).await {
            return Ok(schema);
        }
        if let Some(split) = split_objects(sources) {
            if let Some(mut schema) = read_offline(vec![split.tables.clone()]).await {
                // Tables read exactly; the objects need the server's own definitions, so
                // they are built on a scratch database over bare copies of the tables
                // they name (columns only): a fraction of the tables, no indexes or keys.
                let mut tables = known.clone();
                tables.tables.extend(schema.tables.clone());
                let bare = bare_tables(&tables, &split.objects);
                let mut built: Vec<(&Path, String)> = vec![(Path::new(RENDERED), bare)];
                built.extend(split.objects.iter().map(|(p, t)| (*p, t.clone())));
                if let Some(objects) = in_rolled_back_schema(&built, dev_url.unwrap_or(base)).await
                {
                    schema.objects = objects;
                    return Ok(schema);
                }
                // Should a bare copy not be enough (a body that needs a unique index, say),
                // the whole models are built instead, which also reports real errors.
                if let Ok(built) = on_scratch(&built, base, dev_url, schemas).await {
                    schema.objects = built.objects;
                    return Ok(schema);
                }
            }
        }
    }
    if known.tables.is_empty() {
        return on_scratch(sources, base, dev_url, schemas).await;
    }
    // The known tables first, as DDL, then the files; the known ones are taken out again.
    let empty = Schema::default();
    let changes = diff(&empty, known, &DiffOptions::default()).changes;
    let prelude = to_text(&render(base.dialect(), &empty, &changes));
    let mut all: Vec<(&Path, String)> = vec![(Path::new(RENDERED), prelude)];
    all.extend(sources.iter().map(|(p, t)| (*p, t.clone())));
    let mut schema = on_scratch(&all, base, dev_url, schemas).await?;
    schema
        .tables
        .retain(|name, _| !known.tables.contains_key(name));
    schema
        .enums
        .retain(|name, _| !known.enums.contains_key(name));
    Ok(schema)
}

/// [`pg_ddl::read`] of `texts`, on a blocking thread: at thousands of tables it is a
/// second of CPU, during which the caller's other work — inspecting the live database, in
/// `autogen::compare` — goes on.
async fn read_offline(texts: Vec<String>) -> Option<Schema> {
    tokio::task::spawn_blocking(move || {
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        pg_ddl::read(&texts)
    })
    .await
    .expect("reading the SQL models panicked")
}

/// The schema `sources` give on a scratch database, dropped also on error.
async fn on_scratch(
    sources: &[(&Path, String)],
    base: &DbUrl,
    dev_url: Option<&DbUrl>,
    schemas: &[String],
) -> Result<Schema, SqlModelError> {
    let scratch = Scratch::create(base, dev_url)
        .await
        .map_err(SqlModelError::Scratch)?;
    let result = build_in(&scratch.url, sources, schemas).await;
    let dropped = scratch.drop().await;
    let schema = result?;
    dropped.map_err(SqlModelError::Scratch)?;
    Ok(schema)
}

/// The objects `sources` build, as the server writes them back, built in a schema of
/// their own inside a transaction on the database at `url` (the target, or `dev_url`)
/// that is rolled back: no scratch database to create, connect to and drop, which cost
/// most of a no-op autogenerate's time. Nothing is left behind — the transaction is never
/// committed, and a killed run's open transaction dies with its connection — and no lock
/// is taken on the database's own tables: the search path is that schema alone and no
/// statement names another schema (`public.users`). `None` when this cannot be done
/// (the user may not create schemas, the database is read-only, a statement names
/// another schema or fails, a definition names the schema): the caller then builds the
/// objects on a scratch database.
async fn in_rolled_back_schema(
    sources: &[(&Path, String)],
    url: &DbUrl,
) -> Option<BTreeMap<String, Object>> {
    if url.dialect() != Dialect::Postgres || sources.iter().any(|(_, t)| creates_extension(t)) {
        return None;
    }
    let mut db = Db::connect(url).await.ok()?;
    let name = crate::db::scratch::scratch_name(0);
    let built = async {
        let schemas = db.query(SCHEMAS_SQL).await.ok()?;
        let mut other: BTreeSet<String> = schemas
            .into_iter()
            .filter_map(|r| r.into_iter().next().flatten())
            .collect();
        other.insert("pg_temp".into());
        if sources
            .iter()
            .any(|(_, text)| qualifiers(text).iter().any(|q| other.contains(q)))
        {
            return None;
        }
        let start = [
            "BEGIN".to_string(),
            // Nothing here waits for another session: a lock wait means a statement
            // reached outside the schema, and the scratch database is used instead.
            "SET LOCAL lock_timeout = '1s'".to_string(),
            format!("CREATE SCHEMA {name}"),
            format!("SET LOCAL search_path = {name}"),
        ];
        let start: Vec<&str> = start.iter().map(String::as_str).collect();
        db.execute_many(&start).await.ok()?;
        apply(&mut db, sources).await.ok()?;
        crate::db::inspect::inspect(&mut db, &[]).await.ok()
    }
    .await;
    let _ = db.execute("ROLLBACK").await;
    db.close().await;
    let mut objects = built?.objects;
    // Default privileges of this database would grant on the new views; a scratch
    // database has none, and the models here declare no grants.
    objects.retain(|_, o| o.kind != ObjectKind::Grant);
    // `pg_get_functiondef` always qualifies the function's name with its schema: written
    // as on a scratch database, where the functions are built in `public`.
    let qualified = format!("{name}.");
    for object in objects.values_mut() {
        if matches!(object.kind, ObjectKind::Function | ObjectKind::Procedure) {
            object.definition = object.definition.replacen(&qualified, "public.", 1);
        }
    }
    let names_schema = |o: &Object| {
        o.definition.contains(&name)
            || o.name.contains(&name)
            || o.table.as_ref().is_some_and(|t| t.contains(&name))
    };
    (!objects.values().any(names_schema)).then_some(objects)
}

/// The schemas of a PostgreSQL database other than the system's own, which a statement
/// may name without touching a user's table.
const SCHEMAS_SQL: &str = "SELECT nspname FROM pg_catalog.pg_namespace \
     WHERE nspname NOT IN ('pg_catalog', 'information_schema')";

/// Whether `sql` holds a `CREATE EXTENSION` statement: an extension is not built in a
/// schema of the caller's choosing only, so it is left to a scratch database.
fn creates_extension(sql: &str) -> bool {
    split(sql).iter().any(|piece| {
        code_start(&piece.text).is_some_and(|(offset, _)| {
            let w = head_words(&piece.text[offset..], 2);
            w == ["CREATE", "EXTENSION"]
        })
    })
}

/// The names written right before a `.` in `sql` (`public` in `public.users`, `u` in
/// `u.id`), as PostgreSQL folds them: quoted ones as written, others lower-cased. String
/// literals and comments are read like the rest, which can only find more.
fn qualifiers(sql: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let chars: Vec<char> = sql.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let name = if c == '"' {
            let mut name = String::new();
            i += 1;
            while i < chars.len() {
                if chars[i] == '"' {
                    if chars.get(i + 1) == Some(&'"') {
                        name.push('"');
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                name.push(chars[i]);
                i += 1;
            }
            name
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            chars[start..i].iter().collect::<String>().to_lowercase()
        } else if c.is_ascii_digit() {
            // A number (`1.5`) qualifies nothing.
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '.')
            {
                i += 1;
            }
            continue;
        } else {
            i += 1;
            continue;
        };
        let mut j = i;
        while j < chars.len() && chars[j].is_whitespace() {
            j += 1;
        }
        if chars.get(j) == Some(&'.') {
            out.insert(name);
        }
    }
    out
}

/// SQL models split into their table statements and their object statements.
struct Split<'a> {
    /// `CREATE TABLE` and `CREATE INDEX` statements, for [`pg_ddl::read`].
    tables: String,
    /// Each file with only its object statements left, at their lines (the other
    /// statements blanked out line for line, so that errors name the right line).
    objects: Vec<(&'a Path, String)>,
}

/// `sources` split in two, when every statement is either a table or index statement or
/// one that creates an object kept by its definition (a view, function, trigger,
/// sequence, domain, extension, policy, comment, row security, exclusion constraint);
/// `None` for anything else, which is left to the scratch database whole.
fn split_objects<'a>(sources: &[(&'a Path, String)]) -> Option<Split<'a>> {
    let mut tables = String::new();
    let mut objects = Vec::new();
    let mut any_object = false;
    for (file, text) in sources {
        let mut kept = String::new();
        for piece in split(text) {
            let newlines = piece.text.matches('\n').count();
            let code = code_start(&piece.text).map(|(offset, _)| piece.text[offset..].trim_end());
            match code {
                Some(code) if is_table_statement(code) => {
                    tables.push_str(code.strip_suffix(';').unwrap_or(code));
                    tables.push_str(";\n");
                    kept.push_str(&"\n".repeat(newlines));
                }
                Some(code) if is_object_statement(code) => {
                    any_object = true;
                    kept.push_str(&piece.text);
                    if !piece.text.trim_end().ends_with(';') {
                        kept.push(';');
                    }
                }
                Some(_) => return None,
                None => kept.push_str(&"\n".repeat(newlines)),
            }
        }
        objects.push((*file, kept));
    }
    any_object.then_some(Split { tables, objects })
}

/// The leading words of `sql`, upper-cased.
fn head_words(sql: &str, n: usize) -> Vec<String> {
    sql.split(|c: char| c.is_whitespace() || c == '(')
        .filter(|w| !w.is_empty())
        .take(n)
        .map(|w| w.to_ascii_uppercase())
        .collect()
}

fn is_table_statement(sql: &str) -> bool {
    let w = head_words(sql, 3);
    let w: Vec<&str> = w.iter().map(String::as_str).collect();
    matches!(
        w.as_slice(),
        ["CREATE", "TABLE", ..] | ["CREATE", "INDEX", ..] | ["CREATE", "UNIQUE", "INDEX"]
    )
}

fn is_object_statement(sql: &str) -> bool {
    // The statement's own `;` is not part of its last word (`… ROW LEVEL SECURITY;`).
    let w = head_words(sql.trim_end().trim_end_matches(';'), 8);
    let w: Vec<&str> = w.iter().map(String::as_str).collect();
    let kind = |k: &str| {
        matches!(
            k,
            "VIEW"
                | "FUNCTION"
                | "PROCEDURE"
                | "TRIGGER"
                | "SEQUENCE"
                | "DOMAIN"
                | "EXTENSION"
                | "POLICY"
        )
    };
    match w.as_slice() {
        ["CREATE", "OR", "REPLACE", "MATERIALIZED", "VIEW", ..]
        | ["CREATE", "MATERIALIZED", "VIEW", ..]
        | ["COMMENT", "ON", ..] => true,
        ["CREATE", "OR", "REPLACE", k, ..] | ["CREATE", k, ..] => kind(k),
        ["ALTER", "TABLE", _, "ENABLE" | "FORCE", "ROW", "LEVEL", "SECURITY"] => true,
        ["ALTER", "TABLE", _, "ADD", "CONSTRAINT", _, "EXCLUDE", ..] => true,
        _ => false,
    }
}

/// `CREATE TABLE` statements for the tables of `schema` that the object statements
/// name, with the columns the statements name (their names, types and nullability): what
/// the server needs to build the objects and write back their definitions. Creating a
/// table costs the server in proportion to its columns and indexes, and this runs on
/// every no-op autogenerate, so nothing more is created than the objects can use:
///
/// * every column, where a statement may expand `*` (a `*` not written as `(*)`) or
///   joins `NATURAL`ly — the column lists then depend on all of them;
/// * the primary key only where a statement says `GROUP`: a view may select columns it
///   does not group by when it groups by the key (functional dependency).
///
/// Should a statement need more (a unique index for its body, say), building it fails
/// and the caller builds the whole models instead.
fn bare_tables(schema: &Schema, objects: &[(&Path, String)]) -> String {
    let mut named = std::collections::BTreeSet::new();
    let mut words = std::collections::BTreeSet::new();
    let mut all_columns = false;
    for (_, text) in objects {
        for word in crate::schema::identifiers(text) {
            if schema.tables.contains_key(&word) {
                named.insert(word.clone());
            }
            words.insert(word);
        }
        all_columns |= expands_star(text);
    }
    all_columns |= words.contains("natural");
    let keys = words.contains("group");
    let empty = Schema::default();
    let changes: Vec<crate::diff::Change> = named
        .iter()
        .map(|name| {
            let table = &schema.tables[name];
            let primary_key = table.primary_key.clone().filter(|_| keys);
            let key_columns = primary_key.as_ref().map_or(&[][..], |k| &k.columns[..]);
            let mut columns: Vec<crate::schema::Column> = table
                .columns
                .iter()
                .filter(|c| all_columns || words.contains(&c.name) || key_columns.contains(&c.name))
                .map(|c| crate::schema::Column {
                    name: c.name.clone(),
                    ty: c.ty.clone(),
                    nullable: c.nullable,
                    ..Default::default()
                })
                .collect();
            if columns.is_empty() {
                // Named, but none of its columns: a table needs one to be written.
                if let Some(c) = table.columns.first() {
                    columns.push(crate::schema::Column {
                        name: c.name.clone(),
                        ty: c.ty.clone(),
                        nullable: c.nullable,
                        ..Default::default()
                    });
                }
            }
            crate::diff::Change::CreateTable(crate::schema::Table {
                name: name.clone(),
                columns,
                primary_key,
                ..Default::default()
            })
        })
        .collect();
    to_text(&render(crate::dialect::Dialect::Postgres, &empty, &changes))
}

/// Whether `sql` may expand `*` into a table's columns: a `*` anywhere (function bodies
/// included) that is not `(*)` as in `count(*)`. A multiplication or a `*` in a comment
/// counts too, which only costs the shortcut.
fn expands_star(sql: &str) -> bool {
    let bytes = sql.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'*'
            && bytes[..i]
                .iter()
                .rev()
                .find(|c| !c.is_ascii_whitespace())
                .is_none_or(|&c| c != b'(')
    })
}

/// Applies the sources to the database at `url` and inspects it. Where DDL is
/// transactional (SQLite, PostgreSQL) all of it runs in one transaction that is
/// inspected from inside and then rolled back: the scratch database is dropped anyway,
/// and a rollback spares the commit's log flush and, on PostgreSQL, the files of a
/// thousand tables being synced to disk later.
async fn build_in(
    url: &DbUrl,
    sources: &[(&Path, String)],
    schemas: &[String],
) -> Result<Schema, SqlModelError> {
    let mut db = Db::connect(url).await.map_err(SqlModelError::Scratch)?;
    let transactional = url.dialect().transactional_ddl();
    let schema = async {
        if transactional {
            db.execute("BEGIN").await.map_err(SqlModelError::Scratch)?;
        }
        apply(&mut db, sources).await?;
        inspect_schemas(&mut db, &[], schemas)
            .await
            .map_err(SqlModelError::Inspect)
    }
    .await;
    if transactional {
        let _ = db.execute("ROLLBACK").await;
    }
    db.close().await;
    schema
}

/// Runs every statement of every source, in order, in one batch (one round trip on
/// PostgreSQL). Models may be written in any order, as a database dump is not: when the
/// batch fails, the statements run one at a time, each one the database refuses is put
/// off and tried again after the others, until a whole pass makes no progress; only then
/// is the first refusal reported, with its file and line. `CREATE INDEX CONCURRENTLY`
/// is built plainly (the scratch database is private, and inside a transaction).
///
/// On PostgreSQL a file's `SET search_path` holds for the statements after it in that
/// file, as psql runs a file in one session (see [`search_path`]); each statement tried
/// again runs under its own path, and the default is back before the next file and
/// before inspection.
async fn apply(db: &mut Db, sources: &[(&Path, String)]) -> Result<(), SqlModelError> {
    let postgres = db.dialect() == Dialect::Postgres;
    let mut statements = Vec::new();
    for (file, text) in sources {
        let sets_path = |s: &(&Path, usize, String)| search_path::path_of(&s.2).is_some();
        if postgres && statements.iter().any(sets_path) {
            statements.push((*file, 1, search_path::RESET.to_string()));
        }
        for piece in split(text) {
            let Some((offset, lines)) = code_start(&piece.text) else {
                continue;
            };
            let code = piece.text[offset..].trim_end();
            let statement = code.strip_suffix(';').unwrap_or(code).trim_end();
            statements.push((*file, piece.start_line + lines, plainly(statement)));
        }
    }
    let paths = match postgres {
        true => search_path::governing(statements.iter().map(|s| s.2.as_str())),
        false => vec![None; statements.len()],
    };
    let sets_path = paths.iter().any(Option::is_some);
    let refused =
        |(index, err): (usize, DbError), statements: &[(&Path, usize, String)]| match statements
            .get(index)
        {
            Some((file, line, statement)) => SqlModelError::Statement {
                file: file.to_path_buf(),
                line: *line,
                statement: statement.clone(),
                message: with_path_hint(err.to_string(), sets_path),
            },
            None => SqlModelError::Scratch(err),
        };
    let savepoints = db.dialect().transactional_ddl();
    let scratch = SqlModelError::Scratch;
    if savepoints {
        db.execute("SAVEPOINT shale_models")
            .await
            .map_err(scratch)?;
    }
    let batch: Vec<&str> = statements.iter().map(|(_, _, sql)| sql.as_str()).collect();
    let failed_at = match db.execute_many(&batch).await {
        Ok(()) => return reset_path(db, sets_path).await,
        Err((index, err)) if index >= statements.len() => return Err(scratch(err)),
        Err((index, _)) => index,
    };
    // Where DDL is transactional the whole batch is undone; elsewhere (MySQL) what ran
    // before the failure stays.
    let mut pending: Vec<usize> = if savepoints {
        db.execute("ROLLBACK TO SAVEPOINT shale_models")
            .await
            .map_err(scratch)?;
        (0..statements.len()).collect()
    } else {
        (failed_at..statements.len()).collect()
    };
    // The path the session is under: the default after the rollback.
    let mut current = None;
    loop {
        let mut first_error = None;
        let mut left = Vec::new();
        for &i in &pending {
            if paths[i] != current {
                let set = paths[i].map_or(search_path::RESET, |p| statements[p].2.as_str());
                db.execute(set).await.map_err(scratch)?;
                current = paths[i];
            }
            match run_one(db, &statements[i].2, savepoints).await {
                Ok(()) if sets_path && search_path::path_of(&statements[i].2).is_some() => {
                    current = Some(i);
                }
                Ok(()) => {}
                Err(err) => {
                    first_error.get_or_insert((i, err));
                    left.push(i);
                }
            }
        }
        match first_error {
            None => return reset_path(db, sets_path).await,
            Some(error) if left.len() == pending.len() => return Err(refused(error, &statements)),
            Some(_) => pending = left,
        }
    }
}

/// Puts the default search path back after models that set one (`sets_path`), so that
/// inspection names what is in the connection's schema bare, as elsewhere.
async fn reset_path(db: &mut Db, sets_path: bool) -> Result<(), SqlModelError> {
    if sets_path {
        db.execute(search_path::RESET)
            .await
            .map_err(SqlModelError::Scratch)?;
    }
    Ok(())
}

/// `message` with what to do when PostgreSQL found no schema to create in, after a model
/// set the search path (`sets_path`) to schemas that do not exist.
fn with_path_hint(message: String, sets_path: bool) -> String {
    if sets_path && message.contains("no schema has been selected to create in") {
        format!(
            "{message}; a SET search_path above names no schema that exists: create it in the \
             models (CREATE SCHEMA) and list it in [models] schemas"
        )
    } else {
        message
    }
}

/// Runs one statement; where DDL is transactional, under a savepoint so that a refusal
/// leaves the transaction usable.
async fn run_one(db: &mut Db, sql: &str, savepoint: bool) -> Result<(), DbError> {
    if !savepoint {
        return db.execute(sql).await.map(|_| ());
    }
    db.execute("SAVEPOINT shale_statement").await?;
    match db.execute(sql).await {
        Ok(_) => db
            .execute("RELEASE SAVEPOINT shale_statement")
            .await
            .map(|_| ()),
        Err(err) => {
            db.execute("ROLLBACK TO SAVEPOINT shale_statement").await?;
            Err(err)
        }
    }
}

/// `statement` without `CONCURRENTLY` after `CREATE [UNIQUE] INDEX` or `DROP INDEX`.
fn plainly(statement: &str) -> String {
    let words: Vec<&str> = statement.split_whitespace().take(4).collect();
    let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
    let at = upper.iter().position(|w| w == "CONCURRENTLY");
    let is_index = upper.first().is_some_and(|w| w == "CREATE" || w == "DROP")
        && upper.iter().any(|w| w == "INDEX");
    match at {
        Some(i) if is_index && i <= 3 => {
            let mut rest = statement;
            let mut out = String::new();
            for (n, word) in words.iter().enumerate() {
                let start = rest.find(word).unwrap_or(0);
                if n != i {
                    out.push_str(&rest[..start + word.len()]);
                } else {
                    out.push_str(&rest[..start]);
                }
                rest = &rest[start + word.len()..];
            }
            out.push_str(rest);
            out
        }
        _ => statement.to_string(),
    }
}

/// Where the code of a piece starts, past whitespace and comments: its byte offset and
/// the number of lines skipped. `None` for a piece with no code.
pub(super) fn code_start(text: &str) -> Option<(usize, usize)> {
    let mut rest = text;
    loop {
        let trimmed = rest.trim_start();
        if let Some(after) = trimmed.strip_prefix("--") {
            rest = after.find('\n').map_or("", |n| &after[n..]);
        } else if let Some(after) = trimmed.strip_prefix("/*") {
            rest = after.find("*/").map_or("", |n| &after[n + 2..]);
        } else {
            rest = trimmed;
            break;
        }
    }
    let code = rest.trim_end();
    if code.is_empty() || code == ";" {
        return None;
    }
    let offset = text.len() - rest.len();
    Some((offset, text[..offset].matches('\n').count()))
}

/// The statements of SQL model `text` that create something shale does not compare, as
/// warnings naming the line, the kind of object and the statement: they are applied to
/// the scratch database (so that what depends on them works) but never silently
/// reported as in sync.
pub fn unmodelled(file: &Path, text: &str, dialect: Dialect) -> Vec<String> {
    unmodelled_with(file, text, dialect, false)
}

/// [`unmodelled`], for a project that compares the privileges on its tables, views and
/// sequences (`[models] privileges = true`) when `privileges` is set: only the grants shale
/// does not read (on schemas, routines, columns, role memberships …) are then reported.
pub fn unmodelled_with(file: &Path, text: &str, dialect: Dialect, privileges: bool) -> Vec<String> {
    let mut out = Vec::new();
    for piece in split(text) {
        let Some((offset, lines)) = code_start(&piece.text) else {
            continue;
        };
        let code = piece.text[offset..].trim_end();
        let kind = match unmodelled_kind(code) {
            Some(TABLE_PRIVILEGES) if privileges && grants_on_tables(code) => None,
            // Compared on PostgreSQL when listed in `[models] schemas`, else reported by
            // `schemas::outside`.
            Some(SCHEMAS)
                if dialect == Dialect::Postgres
                    && head_words(code, 2).get(1).is_some_and(|w| w == "SCHEMA") =>
            {
                None
            }
            kind => kind,
        };
        if let Some(kind) = kind {
            out.push(format!(
                "{}:{}: shale does not compare {kind} yet: this statement is applied to build \
                 the models but a difference in it is not detected: {}",
                file.display(),
                piece.start_line + lines,
                crate::script::excerpt(code)
            ));
        }
        for clause in unmodelled_clauses(code, dialect) {
            out.push(format!(
                "{}:{}: shale does not compare {clause} yet: the statement is applied as \
                 written, but a change to that part of it is not detected: {}",
                file.display(),
                piece.start_line + lines,
                crate::script::excerpt(code)
            ));
        }
    }
    out
}

/// The parts of a `CREATE TABLE`, `ALTER TABLE` or `CREATE INDEX` statement that shale
/// keeps no record of on `dialect`, each named once.
fn unmodelled_clauses(statement: &str, dialect: Dialect) -> Vec<&'static str> {
    // Each clause below needs one of these words; most statements hold none, and then
    // need not be split into words (at thousands of tables, a noticeable share of a
    // no-op autogenerate).
    const NEEDED: [&str; 7] = [
        "COLLATE",
        "TABLESPACE",
        "USING",
        "DEFERRABLE",
        "INITIALLY",
        "VALID",
        "SUBPARTITION",
    ];
    let upper = statement.to_ascii_uppercase();
    if !NEEDED.iter().any(|word| upper.contains(word)) {
        return Vec::new();
    }
    let words = keywords(statement);
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let has = |word: &str| w.contains(&word);
    let pair = |a: &str, b: &str| w.windows(2).any(|p| p[0] == a && p[1] == b);
    let index = matches!(w.get(1), Some(&("INDEX" | "UNIQUE")))
        && w.first() == Some(&"CREATE")
        && has("ON");
    let table = matches!(w.first(), Some(&("CREATE" | "ALTER"))) && has("TABLE");
    // Column collations are compared everywhere, collations inside an index's key on
    // PostgreSQL only.
    let mut out = Vec::new();
    if index && has("COLLATE") && dialect != Dialect::Postgres {
        out.push("collations inside an index's key");
    }
    if (table || index) && has("TABLESPACE") {
        out.push("tablespaces");
    }
    // MySQL/MariaDB keep an index's `USING BTREE` or `USING HASH` only in `SHOW CREATE
    // TABLE` (information_schema reports the algorithm InnoDB uses, stated or not).
    if (table || index)
        && dialect == Dialect::Mysql
        && (pair("USING", "BTREE") || pair("USING", "HASH"))
    {
        out.push("an index's USING BTREE / USING HASH");
    }
    if table {
        if dialect == Dialect::Mysql && (has("DEFERRABLE") || pair("INITIALLY", "DEFERRED")) {
            out.push("deferrable constraints (DEFERRABLE, INITIALLY DEFERRED)");
        }
        if dialect != Dialect::Postgres && pair("NOT", "VALID") {
            out.push("the NOT VALID state of constraints");
        }
        // Subpartitions are compared by method, expression and count, not by name.
        if w.windows(2).any(|p| p[0] == "SUBPARTITION" && p[1] != "BY") {
            out.push("the names of MySQL subpartitions");
        }
    }
    out
}

/// The words of `statement` upper-cased, outside string literals, quoted identifiers and
/// comments, with `(`, `)` and `,` as words of their own.
fn keywords(statement: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut chars = statement.chars().peekable();
    let flush = |word: &mut String, out: &mut Vec<String>| {
        if !word.is_empty() {
            out.push(std::mem::take(word).to_ascii_uppercase());
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' | '`' => {
                flush(&mut word, &mut out);
                while let Some(d) = chars.next() {
                    if d == c {
                        if chars.peek() == Some(&c) {
                            chars.next();
                        } else {
                            break;
                        }
                    }
                }
                out.push(c.to_string());
            }
            '-' if chars.peek() == Some(&'-') => {
                flush(&mut word, &mut out);
                for d in chars.by_ref() {
                    if d == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                flush(&mut word, &mut out);
                let mut last = ' ';
                for d in chars.by_ref() {
                    if last == '*' && d == '/' {
                        break;
                    }
                    last = d;
                }
            }
            '(' | ')' | ',' | ';' | '=' => {
                flush(&mut word, &mut out);
                out.push(c.to_string());
            }
            c if c.is_whitespace() => flush(&mut word, &mut out),
            c => word.push(c),
        }
    }
    flush(&mut word, &mut out);
    out
}

/// What [`unmodelled_kind`] calls `CREATE SCHEMA` or `CREATE DATABASE`.
const SCHEMAS: &str = "schemas";

/// What [`unmodelled_kind`] calls a `GRANT` or `REVOKE`.
const TABLE_PRIVILEGES: &str = "privileges (GRANT/REVOKE; `[models] privileges = true` compares \
     those on tables, views, sequences, columns, routines and the schema or database)";

/// Whether the `GRANT` / `REVOKE` `statement` is one inspection reads back with
/// `[models] privileges = true`: on tables, views, sequences and their columns
/// (`SELECT (a)`), on functions and procedures, on a PostgreSQL schema, or on the
/// MySQL/MariaDB database the connection is in (`ON *`) — and not on a database named
/// (`ON app.*`: the models are built on a scratch database of another name), on every
/// table of a schema, on all databases (`*.*`), on types, languages and the like, nor a
/// role's membership of another (`GRANT reporting TO alice`).
fn grants_on_tables(statement: &str) -> bool {
    let upper = statement.to_ascii_uppercase();
    let Some((_, rest)) = upper.split_once(" ON ") else {
        return false;
    };
    let object = rest.split_whitespace().next().unwrap_or("");
    !object.ends_with(".*")
        && !matches!(
            object,
            "DATABASE"
                | "ROUTINE"
                | "ALL"
                | "TYPE"
                | "DOMAIN"
                | "LANGUAGE"
                | "LARGE"
                | "FOREIGN"
                | "TABLESPACE"
                | "PARAMETER"
        )
}

/// The kind of object `statement` creates when shale does not model it.
fn unmodelled_kind(statement: &str) -> Option<&'static str> {
    let words: Vec<String> = statement
        .split(|c: char| c.is_whitespace() || c == '(' || c == ';')
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| w.to_ascii_uppercase())
        .collect();
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let after_create: Vec<&str> = match w.first() {
        Some(&"CREATE") => w[1..]
            .iter()
            .copied()
            .skip_while(|x| {
                matches!(
                    *x,
                    "OR" | "REPLACE"
                        | "TEMP"
                        | "TEMPORARY"
                        | "UNLOGGED"
                        | "GLOBAL"
                        | "LOCAL"
                        | "DEFINER"
                        | "ALGORITHM"
                        | "SQL"
                        | "SECURITY"
                        | "RECURSIVE"
                        | "CONSTRAINT"
                ) || x.contains('=')
            })
            .collect(),
        Some(&("GRANT" | "REVOKE")) => return Some(TABLE_PRIVILEGES),
        Some(&("INSERT" | "UPDATE" | "DELETE" | "REPLACE" | "COPY")) => return Some("data"),
        Some(&"ALTER") if w.get(1) == Some(&"DEFAULT") => return Some("default privileges"),
        Some(&"SECURITY") => return Some("security labels"),
        _ => return None,
    };
    let kind = match after_create.first().copied()? {
        "RULE" => "rules",
        "PUBLICATION" => "publications",
        "SUBSCRIPTION" => "subscriptions",
        "ROLE" | "USER" | "GROUP" => "roles",
        "SCHEMA" | "DATABASE" => SCHEMAS,
        "AGGREGATE" => "aggregates",
        "OPERATOR" => "operators",
        "CAST" => "casts",
        "CONVERSION" => "conversions",
        "TEXT" => "text search configurations",
        "FOREIGN" => "foreign tables and data wrappers",
        "SERVER" => "foreign servers",
        "STATISTICS" => "extended statistics",
        "LANGUAGE" => "languages",
        "TABLESPACE" => "tablespaces",
        "ACCESS" => "access methods",
        "EVENT" if after_create.get(1) == Some(&"TRIGGER") => "event triggers",
        "TRANSFORM" => "transforms",
        // `AS ENUM`, `AS (…)` and `AS RANGE` are modelled; a base type (`CREATE TYPE t
        // (INPUT = …)`) and a shell type (`CREATE TYPE t`) are not.
        "TYPE" if after_create.get(2) != Some(&"AS") => "base and shell types",
        "SPATIAL" => "spatial indexes",
        "FULLTEXT" => "full-text indexes",
        _ => return None,
    };
    Some(kind)
}

/// The renames declared in SQL model text: a `-- shale:renamed-from OLD` line directly
/// above a `CREATE TABLE` renames the table; inside a `CREATE TABLE`, one directly above
/// a column definition, or at the end of its line, renames that column.
///
/// A table created without a schema after a PostgreSQL `SET search_path TO billing` is
/// `billing`'s, as psql creates it (see `search_path`); `public`, the scratch
/// database's own schema, leaves names bare.
pub fn parse_renames(text: &str) -> Vec<Rename> {
    let mut renames = Vec::new();
    let mut path_schema: Option<String> = None;
    for piece in split(text) {
        let Some((offset, _)) = code_start(&piece.text) else {
            continue;
        };
        let (leading, code) = piece.text.split_at(offset);
        if let Some(path) = search_path::path_of(code) {
            path_schema = search_path::creation_schema(&path)
                .filter(|s| *s != "public")
                .cloned();
            continue;
        }
        let Some((mut table, body)) = create_table(code) else {
            continue;
        };
        if let (Some(schema), (None, _)) = (&path_schema, split_qualified(&table)) {
            table = format!("{schema}.{table}");
        }
        let above = leading.lines().rev().find(|l| !l.trim().is_empty());
        if let Some(old) = above.and_then(|l| renamed_from_as_written(comment_of(l))) {
            renames.push(Rename {
                from: in_schema_of(&table, old),
                to: table.clone(),
                table: table.clone(),
                kind: RenameKind::Table,
            });
        }
        for (old, column) in column_renames_in(body) {
            renames.push(Rename {
                table: table.clone(),
                from: old,
                to: column,
                kind: RenameKind::Column,
            });
        }
    }
    renames
}

/// For a `CREATE [TEMP] TABLE [IF NOT EXISTS] name (…` statement: the table name
/// (unquoted, `schema.name` where the statement qualifies it) and the text after the
/// opening parenthesis.
fn create_table(code: &str) -> Option<(String, &str)> {
    let open = code.find('(')?;
    let head: Vec<&str> = code[..open].split_whitespace().collect();
    let words: Vec<String> = head.iter().map(|w| w.to_ascii_lowercase()).collect();
    let table_at = words.iter().position(|w| w == "table")?;
    let is_create = words.first().is_some_and(|w| w == "create")
        && words[1..table_at]
            .iter()
            .all(|w| matches!(w.as_str(), "temp" | "temporary" | "unlogged"));
    let name = head.get(table_at + 1..)?.last()?;
    if !is_create {
        return None;
    }
    let name = match split_qualified(name) {
        (Some(schema), name) => format!("{}.{}", unquote(schema), unquote(name)),
        (None, name) => unquote(name),
    };
    Some((name, &code[open + 1..]))
}

/// A name as written, `schema.name` or `name`, split at the first dot outside quotes.
fn split_qualified(name: &str) -> (Option<&str>, &str) {
    let mut quote: Option<char> = None;
    for (i, c) in name.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '`') => quote = Some(c),
            None if c == '.' => return (Some(&name[..i]), &name[i + 1..]),
            None => {}
        }
    }
    (None, name)
}

/// The old name of a table renamed to `table`: a bare name declared above a table in
/// another schema (`-- shale:renamed-from users` above `CREATE TABLE billing.members`)
/// is in that schema too; a qualified one (`billing.users`, `public.users`) as written.
fn in_schema_of(table: &str, old: &str) -> String {
    match (split_qualified(table), split_qualified(old)) {
        ((Some(schema), _), (None, name)) => format!("{schema}.{}", unquote(name)),
        (_, (Some(schema), name)) => format!("{}.{}", unquote(schema), unquote(name)),
        (_, (None, name)) => unquote(name),
    }
}

/// `(old, new)` column renames declared in a `CREATE TABLE` body.
fn column_renames_in(body: &str) -> Vec<(String, String)> {
    const NOT_COLUMNS: [&str; 8] = [
        "constraint",
        "primary",
        "unique",
        "check",
        "foreign",
        "key",
        "index",
        "exclude",
    ];
    let mut found = Vec::new();
    let (mut depth, mut item_start, mut pending) = (1i32, true, None::<String>);
    for line in body.lines() {
        let comment = comment_of(line);
        let code = line[..line.len() - comment.len()].trim();
        if code.is_empty() {
            match renamed_from(comment) {
                Some(old) => pending = Some(old),
                None if comment.is_empty() => pending = None,
                None => {}
            }
            continue;
        }
        let first = code.split(|c: char| c.is_whitespace() || c == ',').next();
        let column = first
            .filter(|w| !w.is_empty() && !w.starts_with(')'))
            .filter(|w| !NOT_COLUMNS.contains(&w.to_ascii_lowercase().as_str()));
        let declared = renamed_from(comment).or(pending.take());
        if let (true, Some(col), Some(old)) = (item_start, column, declared) {
            found.push((old, unquote(col)));
        }
        for c in code.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
        }
        if depth <= 0 {
            break;
        }
        item_start = code.ends_with(',') && depth == 1;
    }
    found
}

/// The `--` comment at the end of a line (from `--` on), or `""`; quotes respected.
fn comment_of(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '\'' | '"' | '`') => quote = Some(c),
            None if c == '-' && prev == '-' => return &line[i - 1..],
            None => {}
        }
        prev = c;
    }
    ""
}

/// The old name in a `-- shale:renamed-from OLD` comment.
fn renamed_from(comment: &str) -> Option<String> {
    renamed_from_as_written(comment).map(unquote)
}

/// The old name in a `-- shale:renamed-from OLD` comment as written (a table's may be
/// qualified, `billing.users`).
fn renamed_from_as_written(comment: &str) -> Option<&str> {
    let rest = comment.strip_prefix("--")?.trim_start();
    let rest = rest.strip_prefix(RENAMED_FROM)?;
    rest.split_whitespace().next()
}

/// An identifier without its `"…"`, `` `…` `` or `[…]` quotes.
fn unquote(ident: &str) -> String {
    let b = ident.as_bytes();
    match (b.first(), b.last()) {
        (Some(b'"'), Some(b'"')) | (Some(b'`'), Some(b'`')) | (Some(b'['), Some(b']'))
            if b.len() >= 2 =>
        {
            ident[1..ident.len() - 1].to_string()
        }
        _ => ident.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bare(tables_sql: &str, objects: &str) -> String {
        let schema = pg_ddl::read(&[tables_sql]).expect("pg_ddl reads the tables");
        bare_tables(&schema, &[(Path::new("objects.sql"), objects.to_string())])
    }

    const T: &str = "CREATE TABLE t (id bigint PRIMARY KEY, a integer, b text, c date);\n\
                     CREATE TABLE u (id bigint PRIMARY KEY, x integer);";

    #[test]
    fn bare_tables_hold_only_the_named_tables_and_columns() {
        let sql = bare(
            T,
            "CREATE VIEW v AS SELECT a, count(*) AS n FROM t WHERE c > now();",
        );
        assert!(sql.contains("CREATE TABLE t"), "{sql}");
        assert!(!sql.contains("CREATE TABLE u"), "{sql}");
        assert!(sql.contains(" a ") && sql.contains(" c "), "{sql}");
        assert!(
            !sql.contains(" b ") && !sql.contains("PRIMARY KEY"),
            "{sql}"
        );
    }

    #[test]
    fn bare_tables_keep_every_column_for_a_star_and_the_key_for_group_by() {
        let star = bare(T, "CREATE VIEW v AS SELECT * FROM t;");
        assert!(star.contains(" b ") && star.contains(" a "), "{star}");
        let natural = bare(T, "CREATE VIEW v AS SELECT x FROM t NATURAL JOIN u;");
        assert!(natural.contains(" b "), "{natural}");
        let grouped = bare(T, "CREATE VIEW v AS SELECT id, a FROM t GROUP BY id;");
        assert!(grouped.contains("PRIMARY KEY"), "{grouped}");
        let body = bare(
            T,
            "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql AS $$ SELECT x FROM u $$;",
        );
        assert!(
            body.contains("CREATE TABLE u") && body.contains(" x "),
            "{body}"
        );
    }

    #[test]
    fn qualifiers_are_the_names_before_a_dot() {
        let found = qualifiers(
            "CREATE VIEW v AS SELECT u.id, 1.5, x .y, \"My Schema\".t, \"a\"\"b\".c, Public . users\n\
             FROM users u WHERE NEW.updated_at IS NULL",
        );
        let expected = ["My Schema", "a\"b", "new", "public", "u", "x"];
        assert_eq!(
            found.iter().map(String::as_str).collect::<Vec<_>>(),
            expected
        );
        assert!(qualifiers("SELECT 1.5 + 2.0e3 FROM t").is_empty());
    }

    #[test]
    fn row_security_is_an_object_statement_with_its_semicolon() {
        assert!(is_object_statement(
            "ALTER TABLE users ENABLE ROW LEVEL SECURITY;"
        ));
        assert!(is_object_statement(
            "ALTER TABLE users FORCE ROW LEVEL SECURITY"
        ));
        assert!(!is_object_statement("ALTER TABLE users ADD COLUMN x int;"));
    }

    #[test]
    fn extensions_are_found_by_their_statement() {
        assert!(creates_extension(
            "-- x\nCREATE EXTENSION IF NOT EXISTS citext;\n"
        ));
        assert!(creates_extension(
            "CREATE VIEW v AS SELECT 1;\ncreate extension pgcrypto"
        ));
        assert!(!creates_extension(
            "COMMENT ON VIEW v IS 'CREATE EXTENSION x';"
        ));
    }

    #[test]
    fn renames_of_tables_in_other_schemas_keep_the_schema() {
        let text = "\
-- shale:renamed-from users
CREATE TABLE billing.members (
    -- shale:renamed-from fullname
    name text
);
-- shale:renamed-from public.\"Old\"
CREATE TABLE \"Billing\".\"New\" (id int);
-- shale:renamed-from billing.accounts
CREATE TABLE customers (id int);
";
        assert_eq!(
            table_renames(&parse_renames(text)),
            vec![
                ("billing.users".into(), "billing.members".into()),
                ("public.Old".into(), "Billing.New".into()),
                ("billing.accounts".into(), "customers".into()),
            ]
        );
        assert_eq!(
            column_renames(&parse_renames(text)),
            vec![("billing.members".into(), "fullname".into(), "name".into())]
        );
    }

    #[test]
    fn renames_under_a_set_search_path_are_in_its_schema() {
        let text = "\
SET search_path TO \"$user\", billing, public;
-- shale:renamed-from clients
CREATE TABLE customers (
    -- shale:renamed-from fullname
    full_name text
);
-- shale:renamed-from public.old_notes
CREATE TABLE notes (id int);
SET search_path = public;
-- shale:renamed-from tags_old
CREATE TABLE tags (id int);
";
        assert_eq!(
            table_renames(&parse_renames(text)),
            vec![
                ("billing.clients".into(), "billing.customers".into()),
                ("public.old_notes".into(), "billing.notes".into()),
                ("tags_old".into(), "tags".into()),
            ]
        );
        assert_eq!(
            column_renames(&parse_renames(text)),
            vec![(
                "billing.customers".into(),
                "fullname".into(),
                "full_name".into()
            )]
        );
    }

    #[test]
    fn renames_of_tables_and_columns() {
        let text = "\
-- the users
-- shale:renamed-from people
CREATE TABLE IF NOT EXISTS \"users\" (
    id INTEGER PRIMARY KEY,
    -- shale:renamed-from fullname
    full_name VARCHAR(80) NOT NULL,
    \"tz\" TEXT DEFAULT 'a -- b', -- shale:renamed-from timezone
    note TEXT
        CHECK (note <> ''), -- shale:renamed-from not_a_column_start
    CONSTRAINT uq UNIQUE (full_name)
);
CREATE TABLE items (id INT);
-- shale:renamed-from ignored
CREATE INDEX ix ON items (id);
";
        let renames = parse_renames(text);
        let rename = |table: &str, from: &str, to: &str, kind| Rename {
            table: table.into(),
            from: from.into(),
            to: to.into(),
            kind,
        };
        assert_eq!(
            renames,
            vec![
                rename("users", "people", "users", RenameKind::Table),
                rename("users", "fullname", "full_name", RenameKind::Column),
                rename("users", "timezone", "tz", RenameKind::Column),
            ]
        );
        assert_eq!(
            column_renames(&renames),
            vec![
                ("users".into(), "fullname".into(), "full_name".into()),
                ("users".into(), "timezone".into(), "tz".into()),
            ]
        );
        assert_eq!(
            table_renames(&renames),
            vec![("people".into(), "users".into())]
        );
    }

    #[test]
    fn concurrently_is_dropped_for_the_scratch_database() {
        assert_eq!(
            plainly("CREATE UNIQUE INDEX CONCURRENTLY ix ON t (a)"),
            "CREATE UNIQUE INDEX  ix ON t (a)"
        );
        assert_eq!(
            plainly("create index concurrently ix on t (a)"),
            "create index  ix on t (a)"
        );
        assert_eq!(
            plainly("CREATE TABLE concurrently (a int)"),
            "CREATE TABLE concurrently (a int)"
        );
    }

    #[test]
    fn unmodelled_statements_are_named() {
        let text = "CREATE TABLE t (id int);\nCREATE VIEW v AS SELECT 1;\n\
                    CREATE RULE r AS ON INSERT TO t DO NOTHING;\nGRANT SELECT ON t TO PUBLIC;\n\
                    INSERT INTO t VALUES (1);\nCREATE TYPE mood AS ENUM ('a');\n\
                    CREATE TYPE pair AS (a int, b int);\nCREATE TYPE span AS RANGE (subtype = int);\n\
                    CREATE TYPE opaque;\n";
        let got = unmodelled(Path::new("schema.sql"), text, Dialect::Sqlite);
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(got[0].starts_with("schema.sql:3: shale does not compare rules yet"));
        assert!(got[1].contains("privileges"));
        assert!(got[2].contains("data"));
        assert!(got[3].starts_with("schema.sql:9: shale does not compare base and shell types"));
    }

    #[test]
    fn grants_are_compared_when_privileges_are() {
        let text = "GRANT SELECT, INSERT ON users TO reporting;\n\
                    GRANT SELECT ON TABLE v TO PUBLIC WITH GRANT OPTION;\n\
                    REVOKE ALL ON users FROM PUBLIC;\n\
                    GRANT USAGE ON SCHEMA app TO reporting;\n\
                    GRANT EXECUTE ON FUNCTION f() TO reporting;\n\
                    GRANT SELECT (email) ON users TO reporting;\n\
                    GRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting;\n\
                    GRANT SELECT ON app.* TO 'reporting'@'%';\n\
                    GRANT reporting TO alice;\n\
                    REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC;\n\
                    GRANT SELECT ON *.* TO 'reporting'@'%';\n\
                    GRANT USAGE ON TYPE mood TO reporting;\n";
        let lines = |privileges| -> Vec<String> {
            unmodelled_with(Path::new("m.sql"), text, Dialect::Postgres, privileges)
                .iter()
                .map(|w| w.split(':').nth(1).unwrap().to_string())
                .collect()
        };
        assert_eq!(lines(false).len(), 12);
        assert_eq!(lines(true), ["7", "8", "9", "11", "12"]);
    }

    #[test]
    fn partitions_are_compared_and_mysql_subpartition_names_are_named() {
        let text = "CREATE TABLE m (at date NOT NULL) PARTITION BY RANGE (at);\n\
                    CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n\
                    CREATE TABLE h (id int) PARTITION BY HASH (id);\n\
                    ALTER TABLE m DETACH PARTITION m_2024;\n\
                    CREATE TABLE y (at int) PARTITION BY RANGE (at) (PARTITION p0 VALUES LESS THAN (10));\n\
                    CREATE TABLE k (id int) PARTITION BY KEY (id);\n\
                    CREATE TABLE x (id int) PARTITION BY HASH (id) PARTITIONS 4;\n\
                    ALTER TABLE y ADD PARTITION (PARTITION p1 VALUES LESS THAN (20));\n\
                    CREATE TABLE s (id int, at int) PARTITION BY RANGE (at) SUBPARTITION BY HASH (id) (PARTITION p0 VALUES LESS THAN (10));\n\
                    CREATE TABLE n (id int, at int) PARTITION BY RANGE (at) SUBPARTITION BY HASH (id) (PARTITION p0 VALUES LESS THAN (10) (SUBPARTITION s0, SUBPARTITION s1));\n";
        let lines: Vec<String> = unmodelled(Path::new("m.sql"), text, Dialect::Mysql)
            .iter()
            .map(|w| w.split(':').nth(1).unwrap().to_string())
            .collect();
        assert_eq!(lines, ["10"]);
    }

    #[test]
    fn unmodelled_clauses_are_named() {
        let text = "CREATE TABLE t (id int PRIMARY KEY, a text COLLATE \"C\",\n\
                    p int REFERENCES t (id) DEFERRABLE INITIALLY DEFERRED);\n\
                    CREATE TABLE u (id int, note text DEFAULT 'COLLATE NOT VALID');\n\
                    ALTER TABLE t ADD CONSTRAINT c CHECK (id > 0) NOT VALID;\n\
                    CREATE TABLE m (at timestamp DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP)\n\
                    CHARACTER SET latin1;\n\
                    CREATE TABLE r (id int REFERENCES t (id) ON UPDATE CASCADE);\n\
                    CREATE TABLE s (a text COLLATE NOCASE, b varchar(9) CHARACTER SET latin1);\n\
                    CREATE INDEX ix ON s (a COLLATE \"C\");\n";
        let summary = |dialect| -> Vec<(String, String)> {
            unmodelled(Path::new("schema.sql"), text, dialect)
                .iter()
                .map(|w| {
                    let line = w.split(':').nth(1).unwrap().to_string();
                    let what = w.split("does not compare ").nth(1).unwrap();
                    (line, what.split(" yet").next().unwrap().to_string())
                })
                .collect()
        };
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        let collations = "collations inside an index's key";
        let deferrable = "deferrable constraints (DEFERRABLE, INITIALLY DEFERRED)";
        let not_valid = "the NOT VALID state of constraints";
        // PostgreSQL compares an index key's collation.
        assert_eq!(summary(Dialect::Postgres), pairs(&[]));
        assert_eq!(
            summary(Dialect::Sqlite),
            pairs(&[("4", not_valid), ("9", collations)])
        );
        assert_eq!(
            summary(Dialect::Mysql),
            pairs(&[("1", deferrable), ("4", not_valid), ("9", collations)])
        );
    }

    #[test]
    fn index_operator_classes_and_storage_parameters_are_compared_on_postgres() {
        let text = "CREATE TABLE p (name text, tags jsonb);\n\
                    CREATE INDEX p_name ON p (name text_pattern_ops);\n\
                    CREATE INDEX p_tags ON p USING gin (tags) WITH (fastupdate = off);";
        let got = unmodelled(Path::new("schema.sql"), text, Dialect::Postgres);
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn mysql_index_algorithms_are_reported() {
        let text = "CREATE TABLE u (id int, KEY ix (id) USING BTREE);\n\
                    CREATE UNIQUE INDEX u_id ON u (id) USING HASH;\n\
                    CREATE INDEX u_plain ON u (id);";
        let got = unmodelled(Path::new("schema.sql"), text, Dialect::Mysql);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].starts_with("schema.sql:1: shale does not compare an index's USING BTREE"));
        assert!(got[1].starts_with("schema.sql:2: shale does not compare an index's USING BTREE"));
        assert!(unmodelled(Path::new("schema.sql"), text, Dialect::Postgres).is_empty());
    }

    #[test]
    fn code_start_skips_comments() {
        assert_eq!(code_start("\n-- c\n/* x\n */ SELECT 1;"), Some((15, 3)));
        assert_eq!(code_start("\n -- only a comment\n"), None);
    }
}
