//! `check --targets` and `check --drift --targets`: each target compared with the models,
//! or with what its own history produces. What every target shares is built once per
//! fleet run — the models as each dialect reads them, the schema a history replays to for
//! each set of heads — rather than once per target.

use super::targets::FleetTarget;
use crate::autogen::{desired_schema_over, drop_unmanaged, keep_unmanaged, sources_schema};
use crate::db::Db;
use crate::dialect::Dialect;
use crate::diff::{self, DiffOptions};
use crate::project::Project;
use crate::schema::Schema;
use crate::verify::{replay_on_scratch, version_tables};
use crate::{Error, Migrator, Result};
use std::sync::Arc;
use tokio::sync::Mutex;

/// The models as one dialect reads them, with the renames they declare.
type Models = Arc<(Schema, DiffOptions)>;
/// The history replayed on one dialect up to some heads (sorted).
type Replayed = ((Dialect, Vec<String>), Arc<Schema>);

/// Schemas built once and shared by the workers of a fleet run.
#[derive(Default)]
pub(super) struct Shared {
    /// The models per dialect.
    models: Mutex<Vec<(Dialect, Models)>>,
    /// The replayed history per dialect and heads.
    replayed: Mutex<Vec<Replayed>>,
}

/// The changes that would turn `target` into the models (empty: it matches them).
pub(super) async fn models(
    project: &Project,
    target: &FleetTarget,
    shared: &Shared,
) -> Result<Vec<String>> {
    let config = &project.config;
    if !config.models.declared() {
        return Err(Error::NoModels);
    }
    let dialect = target.url.dialect();
    let desired = {
        // Held while the first worker builds them: the others wait for that one build.
        let mut cache = shared.models.lock().await;
        match cache.iter().find(|(d, _)| *d == dialect) {
            Some((_, found)) => Arc::clone(found),
            None => {
                // The libraries' tables (`[[sources]]`) join the models, as for `check`.
                let library = sources_schema(project, target.base_url()).await?;
                let built =
                    Arc::new(desired_schema_over(config, target.base_url(), &library).await?);
                cache.push((dialect, Arc::clone(&built)));
                built
            }
        }
    };
    let live = live(project, target).await?;
    let (desired, declared) = &*desired;
    let mut desired = desired.clone();
    keep_unmanaged(config, &live, &mut desired);
    let changes = diff::diff(&live, &desired, declared).changes;
    Ok(changes.iter().map(|c| c.describe()).collect())
}

/// The changes made to `target` outside migrations: from the schema its history produces
/// up to its current revision(s) to its live schema.
pub(super) async fn drift(
    project: &Project,
    target: &FleetTarget,
    shared: &Shared,
) -> Result<Vec<String>> {
    let mut heads = Migrator::new(project, target.url.clone()).current().await?;
    heads.sort();
    let mut live = live(project, target).await?;
    drop_unmanaged(&project.config, &mut live);
    let key = (target.url.dialect(), heads);
    let replayed = {
        let mut cache = shared.replayed.lock().await;
        match cache.iter().find(|(k, _)| *k == key) {
            Some((_, found)) => Arc::clone(found),
            None => {
                let built = Arc::new(replayed(project, target, &key.1).await?);
                cache.push((key, Arc::clone(&built)));
                built
            }
        }
    };
    let opts = DiffOptions::for_dialect(target.url.dialect());
    let changes = diff::diff(&replayed, &live, &opts).changes;
    Ok(changes.iter().map(|c| c.describe()).collect())
}

/// The target's live schema, shale's own tables left out.
async fn live(project: &Project, target: &FleetTarget) -> Result<Schema> {
    let exclude = version_tables(project);
    let exclude: Vec<&str> = exclude.iter().map(String::as_str).collect();
    let mut db = Db::connect(&target.url).await?;
    let live = crate::autogen::inspect_project(&project.config, &mut db, &exclude).await;
    db.close().await;
    live
}

/// The history replayed up to `heads` on a scratch database of the target's server (or
/// `dev_url`'s).
async fn replayed(project: &Project, target: &FleetTarget, heads: &[String]) -> Result<Schema> {
    let mut schema = replay_on_scratch(project, target.base_url(), heads).await?;
    drop_unmanaged(&project.config, &mut schema);
    Ok(schema)
}
