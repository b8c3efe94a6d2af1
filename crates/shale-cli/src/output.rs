//! Printing: errors, exit codes, JSON, and progress for runs.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use shale::graph::GraphError;
use shale::runner::Event;
use shale::Error;
use std::io::{IsTerminal, Write};

/// Prints an error, passwords removed: to stderr, or under `--json` as
/// `{"error": {"code": …, "message": …}}` on stdout.
pub fn print_error(err: &Error, json_mode: bool) {
    let message = shale::url::redact(&err.to_string());
    if json_mode {
        json_error(error_code(err), &message);
    } else {
        eprintln!("error: {message}");
    }
}

/// Writes `{"error": {"code": code, "message": message}}` on stdout.
pub fn json_error(code: &str, message: &str) {
    json(&serde_json::json!({ "error": { "code": code, "message": message } }));
}

/// The stable code of an error's kind, for `--json` (documented in docs/json.md). New
/// kinds get new codes; a code is never reused for another kind.
pub fn error_code(err: &Error) -> &'static str {
    use shale::config::ConfigError;
    use shale::db::{DbError, LockError};
    use shale::runner::RunError;
    match err {
        Error::Usage(_) => "usage",
        Error::Url(_) => "invalid-url",
        Error::NoUrl | Error::Config(ConfigError::NoUrl { .. }) => "no-url",
        Error::Config(ConfigError::DialectMismatch { .. }) => "dialect-mismatch",
        Error::Config(_) => "invalid-config",
        Error::Script(_) => "invalid-script",
        Error::Graph(GraphError::BadTarget { .. }) => "invalid-target",
        Error::Graph(
            GraphError::MultipleHeads { .. }
            | GraphError::MultipleCurrentHeads { .. }
            | GraphError::MultipleCurrentHeadsDown { .. },
        ) => "multiple-heads",
        Error::Graph(
            GraphError::UnknownRevision { .. }
            | GraphError::AmbiguousPrefix { .. }
            | GraphError::CurrentNotInGraph { .. }
            | GraphError::UnknownBranch { .. }
            | GraphError::NotOnBranch { .. },
        ) => "unknown-revision",
        Error::Graph(_) => "invalid-graph",
        Error::Db(DbError::Connect { .. })
        | Error::Lock(LockError::Db(DbError::Connect { .. })) => "connect-failed",
        Error::Db(_) | Error::Lock(LockError::Db(_)) => "database-error",
        Error::Lock(LockError::Lost { .. }) => "lock-lost",
        Error::Lock(_) => "lock-timeout",
        Error::ReadOnly { .. } => "read-only",
        Error::ReplicaBehind { .. } => "replica-behind",
        Error::Run(run) => match run.as_ref() {
            RunError::Statement { .. } => "statement-failed",
            RunError::Irreversible { .. } => "irreversible",
            RunError::MissingScript { .. } => "unknown-revision",
            RunError::Db(DbError::Connect { .. }) => "connect-failed",
            RunError::Db(_) => "database-error",
            RunError::VersionFence { .. } | RunError::Moved { .. } => "version-table-changed",
            #[allow(unreachable_patterns)]
            _ => "run-failed",
        },
        Error::Pending(_) => "pending-revisions",
        Error::Import(
            shale::import::ImportError::Mismatch { .. }
            | shale::import::ImportError::Dirty { .. }
            | shale::import::ImportError::AlreadyManaged { .. },
        ) => "import-mismatch",
        Error::Import(_) => "import-failed",
        Error::Adopt(_) => "adopt-refused",
        Error::Source(e) if matches!(**e, shale::sources::SourceError::UnknownSource { .. }) => {
            "usage"
        }
        Error::Source(_) => "invalid-source",
        Error::Modified { .. } => "modified-script",
        Error::Interrupted(_) => "interrupted",
        Error::VersionRows { .. } => "invalid-version-rows",
        Error::Cancelled(_) => "cancelled",
        Error::Io { .. } => "io",
        Error::Exists { .. } => "exists",
        Error::NoModels => "no-models",
        Error::NotAtHead { .. } => "not-at-head",
        Error::Models(_) | Error::SqlModels(_) => "invalid-models",
        Error::Hook { .. } => "hook-failed",
        Error::External { .. } => "external-command-failed",
        // Kinds added to the library later get a generic code until they get their own.
        #[allow(unreachable_patterns)]
        _ => "error",
    }
}

/// The exit code for an error: 2 for a usage error, 1 for every other failure.
pub fn exit_code(err: &Error) -> u8 {
    match err {
        Error::Usage(_) | Error::Graph(GraphError::BadTarget { .. }) => 2,
        Error::Source(e) if matches!(**e, shale::sources::SourceError::UnknownSource { .. }) => 2,
        // 128 + the signal, as a shell reports a process the signal stopped: 130, 143.
        Error::Cancelled(c) => (128 + c.signal).clamp(0, 255) as u8,
        _ => 1,
    }
}

/// Writes `value` as pretty JSON on stdout.
pub fn json<T: serde::Serialize>(value: &T) {
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer_pretty(&mut out, value);
    let _ = writeln!(out);
}

/// Whether to colour output on a stream: only on a terminal, and never when `NO_COLOR` is
/// set to anything but the empty string (<https://no-color.org>).
pub fn color(terminal: bool) -> bool {
    color_with(terminal, std::env::var_os("NO_COLOR").as_deref())
}

/// [`color`] with the value of `NO_COLOR` given.
fn color_with(terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    terminal && no_color.is_none_or(|v| v.is_empty())
}

/// How much a run prints besides its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// `-q`: nothing but the result and errors.
    Quiet,
    /// `--json`: no line per revision; a wait for the lock is still said on stderr.
    Json,
    /// A line per revision.
    Normal,
    /// `-v`: also each revision's file and statements as it starts.
    Verbose,
}

impl Detail {
    /// The detail the global flags ask for.
    pub fn of(cli: &crate::args::Cli) -> Detail {
        match (cli.quiet, cli.json, cli.verbose) {
            (true, _, _) => Detail::Quiet,
            (false, true, _) => Detail::Json,
            (false, false, true) => Detail::Verbose,
            (false, false, false) => Detail::Normal,
        }
    }
}

/// Runs with at least this many revisions show a progress bar on a terminal.
const PROGRESS_MIN_STEPS: usize = 20;

/// Prints one line per revision (`Running upgrade a -> b, message … 12 ms`) and, on a
/// terminal, a progress bar for long runs; with `-v` also each revision's file and
/// statements as it starts. Quiet under `-q` and `--json`.
pub struct Progress {
    detail: Detail,
    bar: Option<ProgressBar>,
    /// On a terminal, the running revision's spinner with its elapsed time.
    spinner: Option<ProgressBar>,
    line: String,
    /// The revision's line is out without its end (not a terminal): a revision that never
    /// finishes still shows which it was.
    pending: bool,
}

impl Progress {
    pub fn new(detail: Detail) -> Self {
        Progress {
            detail,
            bar: None,
            spinner: None,
            line: String::new(),
            pending: false,
        }
    }

    /// Shows that a revision started: on a terminal a spinner with the elapsed time (on
    /// stderr), elsewhere its line without the end, written at once.
    fn show_start(&mut self) {
        if self.bar.is_some() || self.detail == Detail::Verbose {
            return;
        }
        if std::io::stderr().is_terminal() {
            let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
                spinner.set_style(style);
            }
            spinner.set_message(format!("{} …", self.line));
            spinner.enable_steady_tick(std::time::Duration::from_millis(120));
            self.spinner = Some(spinner);
        } else {
            out!("{} … ", self.line);
            let _ = std::io::Write::flush(&mut std::io::stdout());
            self.pending = true;
        }
    }

    /// Handles one runner event.
    pub fn event(&mut self, event: Event) {
        // Said in JSON mode too (on stderr): a silent wait looks like a hang. Not with -q.
        if let (Event::Waiting { holder }, false) = (&event, self.detail == Detail::Quiet) {
            match holder {
                Some(holder) => eprintln!("Waiting for the migration lock held by {holder} …"),
                None => eprintln!("Waiting for the migration lock held by another run …"),
            }
        }
        if let (Event::LockTakenOver { holder }, false) = (&event, self.detail == Detail::Quiet) {
            eprintln!(
                "Taking over the migration lock of {holder}: it expired without a heartbeat \
                 (that run died or lost the database)"
            );
        }
        if self.detail != Detail::Quiet {
            if let Some(note) = lock_note(&event) {
                match &self.spinner {
                    Some(spinner) => spinner.println(&note),
                    None => eprintln!("{note}"),
                }
            }
        }
        if matches!(self.detail, Detail::Quiet | Detail::Json) {
            return;
        }
        match event {
            Event::Started {
                step,
                script,
                index,
                total,
            } => self.started(step.direction, script, index, total),
            Event::Statement {
                index,
                total,
                line,
                statement,
                step,
            } => self.statement(&step.revision, index, total, line, statement),
            // Said even in JSON mode: it goes to stderr, and a silent wait looks like a hang.
            Event::Repeated {
                index,
                total,
                line,
                pass,
                rows_total,
                ..
            } => {
                if let Some(spinner) = &self.spinner {
                    spinner.set_message(format!(
                        "{} … statement {}/{total} (line {line}): pass {pass}, {rows_total} rows",
                        self.line,
                        index + 1
                    ));
                }
            }
            Event::Waiting { .. }
            | Event::LockTakenOver { .. }
            | Event::LockRetry { .. }
            | Event::TransactionWait { .. }
            | Event::InvalidIndexDropped { .. } => {}
            Event::Finished { duration, .. } => self.finished(duration),
        }
    }

    /// A revision starts: the run's bar (20 revisions or more, on a terminal), its line,
    /// with `-v` its statements.
    fn started(
        &mut self,
        direction: shale::graph::Direction,
        script: &shale::script::Script,
        index: usize,
        total: usize,
    ) {
        if index == 0 && total >= PROGRESS_MIN_STEPS && std::io::stderr().is_terminal() {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}") {
                bar.set_style(style);
            }
            self.bar = Some(bar);
        }
        let (verb, from, to) = match direction {
            shale::graph::Direction::Up => (
                "upgrade",
                script.revises.join(", "),
                script.revision.clone(),
            ),
            shale::graph::Direction::Down => (
                "downgrade",
                script.revision.clone(),
                script.revises.join(", "),
            ),
        };
        self.line = format!("Running {verb} {from} -> {to}, {}", script.message);
        if self.detail == Detail::Verbose {
            let text = started_text(&self.line, script, direction);
            match &self.bar {
                Some(bar) => bar.println(text.trim_end()),
                None => out!("{text}"),
            }
        }
        if let Some(bar) = &self.bar {
            bar.set_message(script.revision.clone());
        }
        self.show_start();
    }

    /// A statement starts: on a terminal the spinner (or the run's bar) says which, with
    /// its first words; with `-v` a line of its own.
    fn statement(&mut self, revision: &str, index: usize, total: usize, line: usize, sql: &str) {
        let words = first_words(sql);
        if self.detail == Detail::Verbose {
            let text = format!("    [{}/{total}] line {line}: {words}", index + 1);
            match &self.bar {
                Some(bar) => bar.println(text),
                None => outln!("{text}"),
            }
            return;
        }
        if let Some(spinner) = &self.spinner {
            spinner.set_message(format!(
                "{} … statement {}/{total}: {words}",
                self.line,
                index + 1
            ));
        } else if let Some(bar) = &self.bar {
            bar.set_message(format!(
                "{revision} statement {}/{total}: {words}",
                index + 1
            ));
        }
    }

    /// A revision finished: its line gets its time.
    fn finished(&mut self, duration: std::time::Duration) {
        if let Some(spinner) = self.spinner.take() {
            spinner.finish_and_clear();
        }
        if std::mem::take(&mut self.pending) {
            outln!("{}", millis(duration));
            return;
        }
        let line = format!("{} … {}", self.line, millis(duration));
        match &self.bar {
            Some(bar) => {
                bar.println(line);
                bar.inc(1);
            }
            None => outln!("{line}"),
        }
    }
}

/// `-v`: the line said as a revision starts, with its file and how many statements it
/// has (each is said as it starts).
fn started_text(
    line: &str,
    script: &shale::script::Script,
    direction: shale::graph::Direction,
) -> String {
    let section = match direction {
        shale::graph::Direction::Up => &script.upgrade,
        shale::graph::Direction::Down => &script.downgrade,
    };
    format!(
        "{line} … starting ({}, {} statement(s))\n",
        script.path.display(),
        section.statements().len()
    )
}

/// The start of a statement for a progress line: its first line, at most 60 characters,
/// with ` …` when there is more.
fn first_words(sql: &str) -> String {
    const MAX: usize = 60;
    let first = sql.trim_start().lines().next().unwrap_or("").trim_end();
    let mut words: String = first.chars().take(MAX).collect();
    if words.len() < first.len() || sql.trim().contains('\n') {
        words.push_str(" …");
    }
    words
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(spinner) = self.spinner.take() {
            spinner.finish_and_clear();
        }
        if self.pending {
            // The revision never finished: the error (on stderr) says why.
            outln!("stopped");
        }
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// A revision's duration for its output line: whole milliseconds, or one decimal under
/// 10 ms (a small revision on SQLite takes a fraction of one; "0 ms" reads as untimed).
fn millis(duration: std::time::Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{} ms", duration.as_millis())
    }
}

/// The line said (on stderr, in JSON mode too) when a statement waits for a table lock or
/// an INVALID index is dropped.
fn lock_note(event: &Event) -> Option<String> {
    match event {
        Event::LockRetry {
            index,
            total,
            line,
            statement,
            retry,
            retries,
            delay,
            restarts_revision,
            ..
        } => Some(format!(
            "waiting for a lock on `{}` (statement {}/{total}, line {line}), retry {retry}/{retries} in {} ms{}",
            shale::runner::first_line(statement, 60),
            index + 1,
            delay.as_millis(),
            if *restarts_revision {
                " (the revision's transaction runs again)"
            } else {
                ""
            }
        )),
        Event::TransactionWait {
            index,
            total,
            line,
            statement,
            session,
            age,
            waited,
            budget,
            ..
        } => Some(format!(
            "waiting for session {session}'s transaction (open {:.1} s) to end before `{}` takes its table's metadata lock (statement {}/{total}, line {line}), {:.1}/{:.1} s",
            age.as_secs_f64(),
            shale::runner::first_line(statement, 60),
            index + 1,
            waited.as_secs_f64(),
            budget.as_secs_f64()
        )),
        Event::InvalidIndexDropped {
            index_name,
            after_failure,
            line,
            ..
        } => Some(if *after_failure {
            format!(
                "dropped the INVALID index {index_name} that the failed concurrent build (line {line}) left, so that it can run again"
            )
        } else {
            format!(
                "dropped the INVALID index {index_name} left by an earlier concurrent build, before building it again (line {line})"
            )
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{color_with, first_words, millis};
    use std::ffi::OsStr;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(color_with(true, None));
        assert!(color_with(true, Some(OsStr::new(""))));
        assert!(!color_with(true, Some(OsStr::new("1"))));
        assert!(!color_with(false, None));
    }

    use std::time::Duration;

    #[test]
    fn durations_keep_a_decimal_below_ten_milliseconds() {
        assert_eq!(millis(Duration::from_micros(420)), "0.4 ms");
        assert_eq!(millis(Duration::from_micros(9_940)), "9.9 ms");
        assert_eq!(millis(Duration::from_micros(12_700)), "12 ms");
    }

    #[test]
    fn a_statement_is_shown_by_its_first_line_cut_at_sixty_characters() {
        assert_eq!(first_words("SELECT pg_sleep(2)"), "SELECT pg_sleep(2)");
        assert_eq!(
            first_words("CREATE TABLE t (\n  id integer\n)"),
            "CREATE TABLE t ( …"
        );
        let long = format!("UPDATE t SET x = '{}'", "a".repeat(80));
        assert_eq!(first_words(&long), format!("{} …", &long[..60]));
    }
}
