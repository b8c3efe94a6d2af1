//! [`Status`]: where a database stands against the scripts, and what would block the next
//! run — built by [`Migrator::status`](crate::Migrator::status) for the CLI's `status`.

use crate::db::progress::Interruption;
use crate::graph::Direction;
use crate::project::Project;
use crate::runner::{direction_command, first_line, resume_command};
use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

/// A revision that stopped part-way, described against its script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Interrupted {
    pub revision: String,
    /// `up` or `down`; `None` when an older shale recorded the failure without a count.
    pub direction: Option<&'static str>,
    /// Statements of the section that took effect.
    pub done: Option<usize>,
    pub total: Option<usize>,
    /// The run stopped (killed, connection lost) while statement `done + 1` was under way:
    /// it may or may not have taken effect. `false`: that statement failed and did not.
    pub running: bool,
    pub path: Option<PathBuf>,
    /// The line of statement `done + 1`.
    pub line: Option<usize>,
    /// The first line of statement `done + 1`.
    pub statement: Option<String>,
    /// The database's message for a failed statement.
    pub message: Option<String>,
    /// For a statement in flight (`running`) whose effect the schema shows: whether it
    /// took effect, as shale found it ([`crate::evidence`]); `None` when it cannot tell.
    pub took_effect: Option<bool>,
    /// What shale found, e.g. `column users.name exists`.
    pub evidence: Option<String>,
    /// Statement `done + 1` whole, for judging it.
    #[serde(skip)]
    pub sql: Option<String>,
}

impl Interrupted {
    /// `interruption` described against the project's script.
    pub fn describe(project: &Project, interruption: &Interruption) -> Interrupted {
        let script = project.script(&interruption.revision);
        let progress = interruption.progress.as_ref();
        let next = progress.and_then(|p| {
            let section = match p.direction {
                Direction::Up => &script?.upgrade,
                Direction::Down => &script?.downgrade,
            };
            section.statements().into_iter().nth(p.done)
        });
        Interrupted {
            revision: interruption.revision.clone(),
            direction: progress.map(|p| p.direction.as_str()),
            done: progress.map(|p| p.done),
            total: progress.map(|p| p.total),
            running: !interruption.failed,
            path: script.map(|s| s.path.clone()),
            line: next.as_ref().map(|s| s.line),
            statement: next.as_ref().map(|s| first_line(&s.sql, 100)),
            message: interruption.message.clone(),
            took_effect: None,
            evidence: None,
            sql: next.map(|s| s.sql),
        }
    }

    /// Adds what the schema says about the statement in flight, when it can tell.
    pub fn judged(
        mut self,
        dialect: crate::dialect::Dialect,
        schema: &crate::schema::Schema,
    ) -> Interrupted {
        let effect = self
            .sql
            .as_deref()
            .filter(|_| self.running)
            .and_then(|sql| crate::evidence::effect_of(sql, dialect));
        if let Some(found) = effect.and_then(|e| crate::evidence::judge(&e, schema)) {
            self.took_effect = Some(found.took_effect);
            self.evidence = Some(found.found);
        }
        self
    }

    /// Whether the statement in flight has an effect the schema would show.
    pub fn can_judge(&self, dialect: crate::dialect::Dialect) -> bool {
        self.running
            && self
                .sql
                .as_deref()
                .and_then(|sql| crate::evidence::effect_of(sql, dialect))
                .is_some()
    }

    fn direction(&self) -> Direction {
        match self.direction {
            Some("down") => Direction::Down,
            _ => Direction::Up,
        }
    }
}

/// The error text of an interrupted revision: what happened, where, and the ways out.
impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self
            .path
            .as_ref()
            .map_or_else(|| "no script".to_string(), |p| p.display().to_string());
        let (Some(done), Some(total)) = (self.done, self.total) else {
            return write!(
                f,
                "revision {} ({path}) failed part-way on an earlier run and the database may hold part of it:\n    {}\n\
                 Fix the database by hand, then record the revision it is really at with `shale stamp REV`.",
                self.revision,
                self.message.as_deref().unwrap_or("")
            );
        };
        let cmd = direction_command(self.direction());
        let next = done + 1;
        let took = match done {
            0 => "no statement took effect".to_string(),
            1 => "statement 1 took effect".to_string(),
            n => format!("statements 1-{n} took effect"),
        };
        let at = self
            .line
            .map_or(String::new(), |line| format!(" ({path}:{line})"));
        if self.running {
            write!(
                f,
                "revision {} ({path}) was interrupted during {cmd} after {done} of its {total} statements: \
                 {took}, and statement {next}{at} was running when the run stopped: it may or may not have taken effect.",
                self.revision
            )?;
        } else {
            write!(
                f,
                "revision {} ({path}) failed during {cmd} in statement {next} of {total}{at}, which did not take effect; {took}.",
                self.revision
            )?;
            if let Some(message) = &self.message {
                write!(f, "\n    {message}")?;
            }
        }
        if let Some(stmt) = &self.statement {
            write!(f, "\n    statement {next}: {stmt}")?;
        }
        if let (Some(took), Some(found)) = (self.took_effect, &self.evidence) {
            let verdict = if took { "did" } else { "did not" };
            write!(
                f,
                "\nshale looked: {found}, so statement {next} {verdict} take effect."
            )?;
        }
        self.ways_out(f, next, total)
    }
}

impl Interrupted {
    /// The commands that resolve an interruption at statement `next` of `total`.
    fn ways_out(&self, f: &mut fmt::Formatter<'_>, next: usize, total: usize) -> fmt::Result {
        let resume = resume_command(self.direction());
        let option = |text: String, what: &str| format!("\n    {text:<32}  {what}");
        f.write_str("\nRuns refuse until it is resolved. Check the database, then:")?;
        let fits = |took: bool| match self.took_effect {
            Some(t) if t == took => " — this one, by what shale found",
            _ => "",
        };
        f.write_str(&option(
            format!("shale {resume} --resume"),
            &format!(
                "runs statement {next} and the rest of the revision{}",
                fits(false)
            ),
        ))?;
        if self.running && next <= total {
            f.write_str(&option(
                format!("shale {resume} --resume-from {}", next + 1),
                &format!("skips statement {next} (it did take effect){}", fits(true)),
            ))?;
        }
        f.write_str(&option(
            "shale stamp REV".to_string(),
            "records where the database is, after repairing it by hand",
        ))
    }
}

/// Where a database stands: its heads, the graph's heads, what is pending, and every state
/// that will stop the next run.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// The database, shown without its password.
    pub database: String,
    pub current: Vec<String>,
    pub heads: Vec<String>,
    /// Revisions not applied, in the order an upgrade runs them (empty when
    /// `version_problem` makes it unknown).
    pub pending: Vec<String>,
    pub revisions: usize,
    /// A revision that stopped part-way: runs refuse until it is resolved.
    pub interrupted: Option<Interrupted>,
    /// Applied revisions whose upgrade section changed since: `upgrade` refuses.
    pub modified: Vec<String>,
    /// Version rows that are not a valid set of heads (hand edits): every run refuses.
    pub version_problem: Option<String>,
}

impl Status {
    /// Whether anything will stop the next run.
    pub fn is_blocked(&self) -> bool {
        self.interrupted.is_some() || !self.modified.is_empty() || self.version_problem.is_some()
    }
}
