//! `baseline`: the revision that creates a live database's schema from nothing.
//!
//! ```text
//! live database ──inspect──► Schema ─┐
//! Schema::default() (empty) ─────────┴─► diff ─► Plan ─► render ─► first revision ─► stamp
//! ```
//!
//! It refuses a database that has shale history (version rows or history log entries)
//! and a project that already has scripts: a baseline is always the root of a new
//! history, and a database described by existing scripts is adopted with `stamp`.

use super::AdoptError;
use crate::db::inspect::inspect;
use crate::db::version::VersionTable;
use crate::db::Db;
use crate::diff::{self, DiffOptions};
use crate::graph::Target;
use crate::plan::Plan;
use crate::project::{NewRevision, Project};
use crate::schema::Schema;
use crate::url::DbUrl;
use crate::{Migrator, Result};
use std::path::PathBuf;

/// What [`baseline`] writes.
#[derive(Debug, Clone, Default)]
pub struct BaselineOptions {
    pub message: String,
    /// The revision id; random when `None`.
    pub rev_id: Option<String>,
}

/// What [`baseline`] did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BaselineReport {
    pub revision: String,
    pub path: PathBuf,
    /// One line per change the revision makes (`create table users` …).
    pub changes: Vec<String>,
}

/// Reads the database at `url`, writes the revision that creates its schema from an empty
/// database (downgrade: drops it all) as the project's first script, and stamps the
/// database at it.
pub async fn baseline(
    project: &Project,
    url: &DbUrl,
    options: &BaselineOptions,
) -> Result<BaselineReport> {
    let dir = project.config.versions_dir();
    let count = project.scripts().len();
    if count > 0 {
        return Err(AdoptError::ScriptsExist {
            count,
            dir: dir.display().to_string(),
        }
        .into());
    }
    let live = read_unmanaged(project, url).await?;
    let plan = plan_from_empty(url, live);
    if plan.is_empty() {
        return Err(AdoptError::EmptyDatabase.into());
    }
    let changes = plan.upgrade.iter().map(|c| c.describe()).collect();
    let rendered = plan.render();
    let path = project.write_revision(&NewRevision {
        message: options.message.clone(),
        rev_id: options.rev_id.clone(),
        parents: Some(Vec::new()),
        upgrade: rendered.upgrade_sql(),
        downgrade: rendered.downgrade_sql(),
        transactional: rendered.transactional,
        foreign_keys_off: rendered.foreign_keys_off,
        branch_labels: Vec::new(),
        depends_on: Vec::new(),
        source: None,
    })?;
    let revision = crate::script::load_file(&path)?.revision;
    let with_baseline = Project::load(project.config.clone())?;
    Migrator::new(&with_baseline, url.clone())
        .stamp(&Target::Rev(revision.clone()))
        .await?;
    Ok(BaselineReport {
        revision,
        path,
        changes,
    })
}

/// The plan that creates `schema` on an empty database of `url`'s dialect, in the plain
/// form (nothing exists yet, so there is nothing to lock), with its exact inverse.
pub fn plan_from_empty(url: &DbUrl, schema: Schema) -> Plan {
    let changes = diff::diff(&Schema::default(), &schema, &DiffOptions::default()).changes;
    Plan::new(url.dialect(), Schema::default(), changes)
}

/// The live schema, shale's own tables left out; refused when the version table holds any
/// row or history entry.
async fn read_unmanaged(project: &Project, url: &DbUrl) -> Result<Schema> {
    let mut db = Db::connect(url).await?;
    let result = async {
        let name = &project.config.version_table;
        let version = VersionTable::new(name, url.dialect());
        let heads = version.heads(&mut db).await?;
        let history = version.history_rows(&mut db).await?;
        if !heads.is_empty() || !history.is_empty() {
            let what = if heads.is_empty() {
                format!("at base, {} history entries", history.len())
            } else {
                format!("at {}", heads.join(" "))
            };
            return Err(AdoptError::AlreadyManaged {
                table: name.clone(),
                what,
            }
            .into());
        }
        let history_table = format!("{name}_history");
        let mut schema = inspect(&mut db, &[name.as_str(), history_table.as_str()]).await?;
        crate::autogen::drop_unmanaged(&project.config, &mut schema);
        Ok(schema)
    }
    .await;
    db.close().await;
    result
}
