//! Autogenerate: compare the models with the live database and write the migration.
//!
//! ```text
//! models (SQL DDL | Rust structs) ──► scratch database ──inspect──► desired Schema ─┐
//! live database ─────────────────────────────────────────inspect──► current Schema ─┴─► diff ─► render
//! ```
//!
//! Both sides are read back from a real database of the target dialect, so types and
//! defaults compare exactly as that database reports them: a model applied to an empty
//! database and then compared shows no changes.

use crate::config::Config;
use crate::db::Db;
use crate::dialect::Dialect;
use crate::diff::{self, Diff, DiffOptions};
use crate::models;
use crate::plan::{OnlineOptions, Plan};
use crate::project::Project;
use crate::schema::{ObjectKind, Schema};
use crate::url::DbUrl;
use crate::{Error, Result};

/// The two schemas autogenerate compares, and the renames the models declare.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub dialect: Dialect,
    /// The live database (shale's own tables left out).
    pub current: Schema,
    /// The models, as the database normalises them.
    pub desired: Schema,
    /// Renames declared in the models (`renamed_from`, `-- shale:renamed-from`).
    pub declared: DiffOptions,
    /// Statements of the SQL models that create what shale does not compare (see
    /// [`models::sql::unmodelled`]): to be shown, never dropped silently.
    pub warnings: Vec<String>,
}

impl Comparison {
    /// The changes from the database to the models, with `extra` renames (from `--rename`
    /// or answers at the prompt) on top of the declared ones; columns are moved into the
    /// models' order where the dialect can move them.
    pub fn diff(&self, extra: &DiffOptions) -> Diff {
        let mut opts = self.declared.clone();
        opts.move_columns = self.dialect.moves_columns();
        opts.renames.extend(extra.renames.iter().cloned());
        opts.table_renames
            .extend(extra.table_renames.iter().cloned());
        diff::diff(&self.current, &self.desired, &opts)
    }

    /// The migration for `diff`: its changes from the live database and their inverse,
    /// in the lock-safe form when `online` is given.
    pub fn plan(&self, diff: Diff, online: Option<OnlineOptions>) -> Plan {
        Plan::new(self.dialect, self.current.clone(), diff.changes).online(online)
    }

    /// [`Comparison::plan`] that moves the live schema into the plan instead of copying it
    /// (a copy of 10,000 tables, and its drop, is a noticeable part of a no-op's time).
    pub fn into_plan(self, diff: Diff, online: Option<OnlineOptions>) -> Plan {
        Plan::new(self.dialect, self.current, diff.changes).online(online)
    }
}

/// The online settings autogenerate writes with for `dialect`: from shale.toml (`online`,
/// by default on for PostgreSQL and MySQL/MariaDB, and `online_lock_timeout`), `None` for
/// the plain form — with `plain` (`--no-online`), or on SQLite.
pub fn online_options(config: &Config, dialect: Dialect, plain: bool) -> Option<OnlineOptions> {
    (!plain && config.online_for(dialect)).then(|| OnlineOptions {
        lock_timeout: config.online_lock_timeout.clone(),
    })
}

/// Reads both schemas: the live database at `url` and the project's models. With
/// `require_head`, refuses unless the database is at the project's head(s), as Alembic does.
pub async fn compare(project: &Project, url: &DbUrl, require_head: bool) -> Result<Comparison> {
    let config = &project.config;
    if !config.models.declared() {
        return Err(Error::NoModels);
    }
    // The live database is inspected (mostly waiting on the server) while the models are
    // read: the CPU-bound parts — parsing the Rust models (syn), reading the SQL models
    // (`models::sql`) and scanning them for what shale does not compare — run on blocking
    // threads, so that at thousands of tables the two sides take the time of the longer
    // one, not their sum.
    let files = config.models.rust.clone();
    let parsing = (!files.is_empty())
        .then(|| tokio::task::spawn_blocking(move || models::load_files(&files)));
    let scanning = {
        let config = config.clone();
        let dialect = url.dialect();
        tokio::task::spawn_blocking(move || model_warnings(&config, dialect))
    };
    // Refused off head before the models' side starts (it may build a scratch database).
    let mut db = Db::connect(url).await?;
    if require_head {
        if let Err(err) = check_at_head(project, &mut db).await {
            db.close().await;
            return Err(err);
        }
    }
    let live = async {
        let result = read_live(project, &mut db).await;
        let routine_grants = crate::db::inspect::routine_grants_readable(&mut db).await;
        db.close().await;
        result.map(|current| (current, routine_grants))
    };
    let wanted = async {
        let parsed = match parsing {
            Some(task) => Some(task.await.expect("the Rust models' parser panicked")),
            None => None,
        };
        let library = sources_schema(project, url).await?;
        desired_schema_parsed(config, url, &library, parsed).await
    };
    let (live, wanted) = tokio::join!(live, wanted);
    let (current, routine_grants) = live?;
    let (mut desired, declared) = wanted?;
    keep_unmanaged(config, &current, &mut desired);
    let mut warnings = scanning
        .await
        .expect("scanning the SQL models for warnings panicked");
    if config.models.privileges && url.dialect() == Dialect::Sqlite {
        warnings.push(
            "`[models] privileges = true` has no effect on SQLite, which has no privileges \
             (GRANT and REVOKE do not exist there)"
                .into(),
        );
    }
    if config.models.privileges && !routine_grants {
        desired.objects.retain(|_, o| !on_routine(o));
        warnings.push(
            "privileges on functions and procedures are not compared: the user of the \
             database URL cannot read mysql.procs_priv (GRANT SELECT ON mysql.procs_priv \
             TO it to compare them)"
                .into(),
        );
    }
    Ok(Comparison {
        dialect: url.dialect(),
        current,
        desired,
        declared,
        warnings,
    })
}

/// Leaves the database's views, functions, triggers … as they are when the models do not
/// declare such objects: Rust models declare tables (and enums), the comments on their
/// tables, columns, indexes and keys, and the schemas they are in (`#[shale(schema =
/// "…")]`) only, so another object that a hand-written revision created is not theirs to
/// drop (nor is a schema they no longer use). SQL models declare everything.
///
/// Privileges are compared only with `[models] privileges = true`: otherwise the database's
/// grants are kept as they are, whatever the models grant.
pub fn keep_unmanaged(config: &Config, current: &Schema, desired: &mut Schema) {
    if !config.models.sql.is_empty() {
        if !config.models.privileges {
            desired.objects.retain(|_, o| o.kind != ObjectKind::Grant);
            desired.objects.extend(
                current
                    .objects
                    .iter()
                    .filter(|(_, o)| o.kind == ObjectKind::Grant)
                    .map(|(k, o)| (k.clone(), o.clone())),
            );
        }
        return;
    }
    let declared = std::mem::take(&mut desired.objects);
    let on_model_table = |o: &crate::schema::Object| {
        o.kind == ObjectKind::Comment
            && o.table
                .as_ref()
                .is_some_and(|t| desired.tables.contains_key(t))
    };
    let kept: Vec<_> = current
        .objects
        .iter()
        .filter(|(_, o)| !on_model_table(o))
        .map(|(k, o)| (k.clone(), o.clone()))
        .collect();
    let declared: Vec<_> = declared
        .into_iter()
        .filter(|(_, o)| on_model_table(o) || o.kind == ObjectKind::Schema)
        .collect();
    desired.objects.extend(kept);
    desired.objects.extend(declared);
}

/// Whether `object` is a grant on a function or procedure.
fn on_routine(object: &crate::schema::Object) -> bool {
    object.kind == ObjectKind::Grant
        && object
            .table
            .as_deref()
            .is_some_and(|t| t.starts_with("FUNCTION ") || t.starts_with("PROCEDURE "))
}

/// Leaves the grants out of `schema` unless the project compares them (`[models]
/// privileges = true`): for comparisons of two databases (drift), where neither side is
/// the models.
pub fn drop_unmanaged(config: &Config, schema: &mut Schema) {
    if !config.models.privileges {
        schema.objects.retain(|_, o| o.kind != ObjectKind::Grant);
    }
}

/// The warnings about SQL model statements shale does not compare.
pub fn model_warnings(config: &Config, dialect: crate::dialect::Dialect) -> Vec<String> {
    config
        .models
        .sql
        .iter()
        .filter_map(|file| {
            let text = std::fs::read_to_string(file).ok()?;
            let mut warnings =
                models::sql::unmodelled_with(file, &text, dialect, config.models.privileges);
            if dialect == crate::dialect::Dialect::Postgres {
                warnings.extend(models::schemas::outside(
                    file,
                    &text,
                    &config.models.schemas,
                ));
            }
            Some(warnings)
        })
        .flatten()
        .collect()
}

/// Refuses unless the database is at the project's head(s), as Alembic does.
async fn check_at_head(project: &Project, db: &mut Db) -> Result<()> {
    let config = &project.config;
    let version = crate::db::version::VersionTable::new(&config.version_table, db.dialect());
    let mut current = version.heads(db).await?;
    let mut heads: Vec<String> = project
        .graph
        .heads()
        .iter()
        .map(|h| h.to_string())
        .collect();
    current.sort();
    heads.sort();
    match current == heads {
        true => Ok(()),
        false => Err(Error::NotAtHead { current, heads }),
    }
}

/// The live schema, without shale's own version tables.
async fn read_live(project: &Project, db: &mut Db) -> Result<Schema> {
    let config = &project.config;
    let history = format!("{}_history", config.version_table);
    inspect_project(
        config,
        db,
        &[config.version_table.as_str(), history.as_str()],
    )
    .await
}

/// The schema of the database `db` is connected to over the project's schemas (`[models]
/// schemas`), leaving out the tables named in `exclude`.
pub async fn inspect_project(config: &Config, db: &mut Db, exclude: &[&str]) -> Result<Schema> {
    let schemas = config.models.schemas_for(db.dialect())?;
    Ok(crate::db::inspect::inspect_schemas(db, exclude, schemas).await?)
}

/// What the `[[sources]]` folders' revisions build — the tables and objects of the
/// libraries whose migrations the project applies with its own — read by replaying their
/// branches on a scratch database; empty without sources.
pub(crate) async fn sources_schema(project: &Project, url: &DbUrl) -> Result<Schema> {
    let heads: Vec<String> = project
        .graph
        .heads()
        .into_iter()
        .filter(|h| project.source_of(h).is_some())
        .map(str::to_string)
        .collect();
    if heads.is_empty() {
        return Ok(Schema::default());
    }
    crate::verify::replay_on_scratch(project, url, &heads).await
}

/// The models of `config` as the database at `url` (or `dev_url`) normalises them, with
/// the renames they declare.
pub async fn desired_schema(config: &Config, url: &DbUrl) -> Result<(Schema, DiffOptions)> {
    desired_schema_over(config, url, &Schema::default()).await
}

/// [`desired_schema`] of an application whose libraries build `library` (see
/// `[[sources]]`): the models may refer to the libraries' tables (a foreign key to a
/// library's users), and what the libraries build and the models do not declare is part
/// of the target as the libraries' revisions make it, so that autogenerate never proposes
/// to drop a library's tables.
pub async fn desired_schema_over(
    config: &Config,
    url: &DbUrl,
    library: &Schema,
) -> Result<(Schema, DiffOptions)> {
    desired_schema_parsed(config, url, library, None).await
}

/// [`desired_schema_over`] with the Rust models already parsed (`None`: parsed here).
async fn desired_schema_parsed(
    config: &Config,
    url: &DbUrl,
    library: &Schema,
    parsed: Option<std::result::Result<Vec<models::ModelDef>, models::ModelError>>,
) -> Result<(Schema, DiffOptions)> {
    let (mut schema, mut declared) = models_schema(config, url, library, parsed).await?;
    declared.move_columns = url.dialect().moves_columns();
    for (name, table) in &library.tables {
        schema
            .tables
            .entry(name.clone())
            .or_insert_with(|| table.clone());
    }
    for (name, labels) in &library.enums {
        schema
            .enums
            .entry(name.clone())
            .or_insert_with(|| labels.clone());
    }
    for (key, object) in &library.objects {
        schema
            .objects
            .entry(key.clone())
            .or_insert_with(|| object.clone());
    }
    Ok((schema, declared))
}

/// The names (lower-case, unquoted) of the tables that `CREATE TABLE` statements in the
/// SQL model files create: a library's table that the models declare again is theirs.
fn created_tables(files: &[std::path::PathBuf]) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let words: Vec<String> = text
            .split(|c: char| c.is_whitespace() || c == '(')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        for (i, pair) in words.windows(2).enumerate() {
            if pair == ["create", "table"] {
                let mut name = words.get(i + 2).map(String::as_str).unwrap_or_default();
                if name == "if" {
                    name = words.get(i + 5).map(String::as_str).unwrap_or_default();
                }
                let name = name.rsplit('.').next().unwrap_or_default();
                out.insert(name.trim_matches(|c| c == '"' || c == '`').to_string());
            }
        }
    }
    out
}

async fn models_schema(
    config: &Config,
    url: &DbUrl,
    library: &Schema,
    parsed: Option<std::result::Result<Vec<models::ModelDef>, models::ModelError>>,
) -> Result<(Schema, DiffOptions)> {
    let dev = config.dev_url.clone();
    let schemas = config.models.schemas_for(url.dialect())?;
    let mut schema = Schema::default();
    let mut declared = DiffOptions::default();
    // Rust models declare tables only: the SQL models' views, functions and triggers may
    // be built over them, so the SQL models are read with the Rust tables known.
    let rust = if config.models.rust.is_empty() {
        None
    } else {
        let mut defs = match parsed {
            Some(parsed) => parsed?,
            None => models::load_files(&config.models.rust)?,
        };
        if !config.models.doc_comments {
            models::without_doc_comments(&mut defs);
        }
        models::rust::check_schemas(&defs, schemas)?;
        let declared_schema = models::to_schema(&defs, url.dialect())?;
        Some((defs, declared_schema))
    };
    if !config.models.sql.is_empty() {
        let mut known = rust.as_ref().map(|(_, s)| s.clone()).unwrap_or_default();
        let redeclared = created_tables(&config.models.sql);
        for (name, table) in &library.tables {
            if !redeclared.contains(&name.to_lowercase()) {
                known
                    .tables
                    .entry(name.clone())
                    .or_insert_with(|| table.clone());
            }
        }
        let (sql_schema, renames) = models::sql::load_sql_models_over(
            &config.models.sql,
            url,
            dev.as_ref(),
            &known,
            schemas,
        )
        .await?;
        merge(&mut schema, sql_schema)?;
        declared
            .renames
            .extend(models::sql::column_renames(&renames));
        declared
            .table_renames
            .extend(models::sql::table_renames(&renames));
    }
    if let Some((defs, declared_schema)) = rust {
        let normalised = if needs_normalising(&declared_schema) {
            models::sql::normalise_schema(&declared_schema, url, dev.as_ref(), schemas).await?
        } else {
            declared_schema
        };
        merge(&mut schema, normalised)?;
        let opts = models::diff_options(&defs);
        declared.renames.extend(opts.renames);
        declared.table_renames.extend(opts.table_renames);
    }
    Ok((schema, declared))
}

/// Whether a schema from Rust models holds SQL text that databases rewrite (server
/// defaults, generated columns, check and partial-index expressions). Without any, the models' types and
/// structure compare directly with an inspected database (inspection reports types in the
/// forms the models use, and the diff compares types canonically), which saves creating
/// every table on a scratch database — the bulk of a no-op autogenerate's time.
fn needs_normalising(schema: &Schema) -> bool {
    !schema.enums.is_empty()
        || !schema.objects.is_empty()
        || schema.tables.values().any(|t| {
            !t.checks.is_empty()
                || t.columns
                    .iter()
                    .any(|c| c.default.is_some() || c.generated.is_some())
                || t.indexes.values().any(|i| i.predicate.is_some())
        })
}

fn merge(into: &mut Schema, from: Schema) -> Result<()> {
    for (name, table) in from.tables {
        if into.tables.contains_key(&name) {
            return Err(Error::Usage(format!(
                "table {name} is declared by two model sources"
            )));
        }
        into.tables.insert(name, table);
    }
    into.enums.extend(from.enums);
    into.objects.extend(from.objects);
    Ok(())
}
