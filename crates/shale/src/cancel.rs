//! [`Cancel`]: a request to stop a run part-way, e.g. from Ctrl-C.
//!
//! The CLI turns SIGINT and SIGTERM into [`Cancel::cancel`]; an embedding application may
//! do the same from its own shutdown signal. A [`Migrator`](crate::Migrator) given a
//! `Cancel` stops at once when it fires: it cancels the running statement on the server
//! (PostgreSQL `pg_cancel_backend`, MySQL `KILL QUERY`, SQLite `sqlite3_interrupt`),
//! closes its session — which rolls back the open transaction and frees the migration
//! lock — and returns [`Error::Cancelled`](crate::Error::Cancelled) saying what was applied.

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

/// A cancellation request shared between the code that asks (a signal handler) and the run
/// that obeys. Cheap to clone; every clone is the same request.
#[derive(Clone, Default)]
pub struct Cancel(Arc<Inner>);

#[derive(Default)]
struct Inner {
    /// The signal number that asked (0: not cancelled).
    signal: AtomicI32,
    notify: Notify,
    /// Called at once, on the cancelling thread, to interrupt work that blocks its own
    /// thread (a SQLite statement).
    hooks: Mutex<Vec<(u64, Hook)>>,
    next_hook: std::sync::atomic::AtomicU64,
}

type Hook = Arc<dyn Fn() + Send + Sync>;

impl std::fmt::Debug for Cancel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Cancel({:?})", self.signal())
    }
}

impl Cancel {
    /// A request that has not been made yet.
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// Makes the request, naming the signal that asked for it (`2` for SIGINT, `15` for
    /// SIGTERM; any positive number for other reasons). Only the first call counts.
    pub fn cancel(&self, signal: i32) {
        let signal = signal.max(1);
        if self
            .0
            .signal
            .compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst)
            .is_err()
        {
            return;
        }
        let hooks: Vec<Hook> = match self.0.hooks.lock() {
            Ok(hooks) => hooks.iter().map(|(_, h)| h.clone()).collect(),
            Err(_) => Vec::new(),
        };
        for hook in hooks {
            hook();
        }
        self.0.notify.notify_waiters();
    }

    /// The signal that made the request, once made.
    pub fn signal(&self) -> Option<i32> {
        match self.0.signal.load(Ordering::SeqCst) {
            0 => None,
            n => Some(n),
        }
    }

    /// Completes when the request is made.
    pub async fn cancelled(&self) {
        loop {
            let notified = self.0.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.signal().is_some() {
                return;
            }
            notified.await;
        }
    }

    /// Registers `hook` to run when the request is made, until the guard is dropped.
    pub(crate) fn on_cancel(&self, hook: Hook) -> HookGuard {
        let id = self.0.next_hook.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut hooks) = self.0.hooks.lock() {
            hooks.push((id, hook));
        }
        HookGuard {
            cancel: self.clone(),
            id,
        }
    }
}

/// Keeps a hook registered with [`Cancel`]; removes it when dropped.
pub(crate) struct HookGuard {
    cancel: Cancel,
    id: u64,
}

impl Drop for HookGuard {
    fn drop(&mut self) {
        if let Ok(mut hooks) = self.cancel.0.hooks.lock() {
            hooks.retain(|(id, _)| *id != self.id);
        }
    }
}

/// What a cancelled operation had done when it stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cancelled {
    /// The signal that asked (2 SIGINT, 15 SIGTERM).
    pub signal: i32,
    /// The revisions this run applied or reverted before it, in order (`up r1`, …).
    pub done: Vec<String>,
    /// The revision under way when the request came, and what became of it.
    pub in_flight: Option<(String, InFlight)>,
    /// The database's heads once its session had ended (`None`: not a run, or unknown).
    pub heads: Option<Vec<String>>,
}

/// What became of the revision that was running when a run was cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InFlight {
    /// Its transaction was rolled back: the database is as before it.
    RolledBack,
    /// It had committed before the cancel reached the server.
    Committed,
    /// It stopped part-way outside a transaction; its progress row says where.
    PartWay,
    /// The database's state does not say (its session did not end in time).
    Unknown,
}

impl Cancelled {
    /// The signal's name for messages.
    fn signal_name(&self) -> String {
        match self.signal {
            2 => "SIGINT (Ctrl-C)".into(),
            15 => "SIGTERM".into(),
            n => format!("signal {n}"),
        }
    }
}

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "interrupted by {}", self.signal_name())?;
        let Some(heads) = &self.heads else {
            return write!(f, "; nothing was changed in the database");
        };
        match self.done.len() {
            0 => write!(f, "; no revision had completed in this run")?,
            n => write!(
                f,
                "; {n} revision(s) completed before it: {}",
                self.done.join(", ")
            )?,
        }
        if let Some((revision, fate)) = &self.in_flight {
            let what = match fate {
                InFlight::RolledBack => "was cancelled and rolled back",
                InFlight::Committed => "had committed before the cancel reached the server",
                InFlight::PartWay => {
                    "stopped part-way outside a transaction: `shale status` says where, and how to go on"
                }
                InFlight::Unknown => {
                    "was cancelled; the server had not ended its session yet, so check `shale status`"
                }
            };
            write!(f, "; revision {revision} {what}")?;
        }
        let at = if heads.is_empty() {
            "base".to_string()
        } else {
            heads.join(" ")
        };
        write!(
            f,
            ".\nThe database is at {at}; the migration lock is released."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[tokio::test]
    async fn the_first_signal_counts_and_wakes_waiters_and_hooks() {
        let cancel = Cancel::new();
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = calls.clone();
        let guard = cancel.on_cancel(Arc::new(move || {
            counted.fetch_add(1, Ordering::SeqCst);
        }));
        let waiter = tokio::spawn({
            let cancel = cancel.clone();
            async move { cancel.cancelled().await }
        });
        assert_eq!(cancel.signal(), None);
        cancel.cancel(2);
        cancel.cancel(15);
        waiter.await.unwrap();
        assert_eq!(cancel.signal(), Some(2));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        drop(guard);
        // A request already made completes at once.
        cancel.cancelled().await;
    }
}
