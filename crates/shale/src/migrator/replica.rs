//! Waiting for a replica: after an upgrade on the primary, a deploy that reads from a
//! replica waits until the replica has replayed the new version rows.

use super::Migrator;
use crate::db::Connector;
use crate::{Error, Result};
use std::time::{Duration, Instant};

/// What [`Migrator::wait_replica`] found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReplicaWait {
    /// The replica, without a password.
    pub replica: String,
    /// The version rows both servers now hold.
    pub heads: Vec<String>,
    /// How long the replica took to reach them, in milliseconds.
    pub waited_ms: u64,
}

/// Pause between two reads of the replica's version rows.
const POLL: Duration = Duration::from_millis(100);

impl Migrator<'_> {
    /// Reads the version rows of this migrator's database (the primary), then waits until
    /// `replica` holds the same, at most `timeout` ([`Error::ReplicaBehind`] then).
    pub async fn wait_replica(
        &self,
        replica: &Connector,
        timeout: Duration,
    ) -> Result<ReplicaWait> {
        let want = self.current().await?;
        let started = Instant::now();
        let mut db = None;
        let mut has = None;
        let result = loop {
            // A database or table created on the primary a moment ago may not have been
            // replayed yet: connect and read again until the timeout.
            if db.is_none() {
                match replica.connect().await {
                    Ok(conn) => db = Some(conn),
                    Err(_) if started.elapsed() < timeout => {}
                    Err(e) => break Err(e.into()),
                }
            }
            if let Some(conn) = db.as_mut() {
                match self.version.heads(conn).await {
                    Ok(heads) => has = Some(heads),
                    Err(_) if started.elapsed() < timeout => {}
                    Err(e) => break Err(e.into()),
                }
            }
            if has.as_ref() == Some(&want) {
                break Ok(ReplicaWait {
                    replica: replica.to_string(),
                    heads: want.clone(),
                    waited_ms: started.elapsed().as_millis() as u64,
                });
            }
            if started.elapsed() >= timeout {
                break Err(Error::ReplicaBehind {
                    replica: replica.to_string(),
                    want: want.clone(),
                    has: has.clone().unwrap_or_default(),
                    waited: started.elapsed().as_secs_f64(),
                });
            }
            tokio::time::sleep(POLL).await;
        };
        if let Some(db) = db {
            db.close().await;
        }
        result
    }
}
