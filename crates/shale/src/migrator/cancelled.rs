//! A run stopped by [`Cancel`](crate::Cancel): what it had done, and how it ends.

use super::Migrator;
use crate::cancel::{Cancelled, InFlight};
use crate::db::{Db, Session};
use crate::graph::Step;
use crate::runner::Event;
use crate::Error;
use std::time::Duration;

/// What a run had done, as its events told: for the report of a cancelled run.
#[derive(Default)]
pub(super) struct Seen {
    /// `up r1`, `down r2`, … for each finished step.
    done: Vec<String>,
    /// The step started and not finished.
    in_flight: Option<Step>,
}

impl Seen {
    pub(super) fn note(&mut self, event: &Event) {
        match event {
            Event::Started { step, .. } => self.in_flight = Some((*step).clone()),
            Event::Finished { step, .. } => {
                self.in_flight = None;
                self.done
                    .push(format!("{} {}", step.direction, step.revision));
            }
            Event::Waiting { .. }
            | Event::LockTakenOver { .. }
            | Event::Statement { .. }
            | Event::LockRetry { .. }
            | Event::TransactionWait { .. }
            | Event::InvalidIndexDropped { .. }
            | Event::Repeated { .. } => {}
        }
    }
}

impl Migrator<'_> {
    /// Ends a cancelled run: cancels the running statement on the server, drops the
    /// session (the server rolls back its open transaction and frees the lock), waits for
    /// the server to end it, and reads where the database is.
    pub(super) async fn cancelled(
        &self,
        db: Db,
        session: Session,
        signal: i32,
        seen: Seen,
    ) -> Error {
        let _ = session.cancel(&self.connector).await;
        drop(db);
        let ended = session
            .wait_ended(&self.connector, Duration::from_secs(10))
            .await;
        let mut heads = None;
        let mut part_way = false;
        if let Ok(mut db) = self.connect().await {
            heads = self.version.heads(&mut db).await.ok();
            part_way = matches!(
                (self.version.interruption(&mut db).await, &seen.in_flight),
                (Ok(Some(i)), Some(step)) if i.revision == step.revision
            );
            db.close().await;
        }
        let in_flight = seen.in_flight.map(|step| {
            let fate = match &heads {
                _ if part_way => InFlight::PartWay,
                _ if !ended => InFlight::Unknown,
                Some(h) if *h == step.heads_after => InFlight::Committed,
                Some(h) if *h == step.heads_before => InFlight::RolledBack,
                _ => InFlight::Unknown,
            };
            (step.revision, fate)
        });
        Error::Cancelled(Box::new(Cancelled {
            signal,
            done: seen.done,
            in_flight,
            heads: Some(heads.unwrap_or_default()),
        }))
    }
}
