//! Printing: errors, exit codes, JSON, and progress for runs.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use shale::graph::GraphError;
use shale::runner::Event;
use shale::Error;
use std::io::{IsTerminal, Write};

/// Prints an error to stderr, passwords removed.
pub fn print_error(err: &Error) {
    eprintln!("error: {}", shale::url::redact(&err.to_string()));
}

/// The exit code for an error: 2 for a usage error, 1 for every other failure.
pub fn exit_code(err: &Error) -> u8 {
    match err {
        Error::Usage(_) | Error::Graph(GraphError::BadTarget { .. }) => 2,
        _ => 1,
    }
}

/// Writes `value` as pretty JSON on stdout.
pub fn json<T: serde::Serialize>(value: &T) {
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer_pretty(&mut out, value);
    let _ = writeln!(out);
}

/// Runs with at least this many revisions show a progress bar on a terminal.
const PROGRESS_MIN_STEPS: usize = 20;

/// Prints one line per revision (`Running upgrade a -> b, message … 12 ms`) and, on a
/// terminal, a progress bar for long runs. Quiet in JSON mode.
pub struct Progress {
    quiet: bool,
    bar: Option<ProgressBar>,
    line: String,
}

impl Progress {
    pub fn new(quiet: bool) -> Self {
        Progress {
            quiet,
            bar: None,
            line: String::new(),
        }
    }

    /// Handles one runner event.
    pub fn event(&mut self, event: Event) {
        if self.quiet {
            return;
        }
        match event {
            Event::Started {
                step,
                script,
                index,
                total,
            } => {
                if index == 0 && total >= PROGRESS_MIN_STEPS && std::io::stderr().is_terminal() {
                    let bar = ProgressBar::with_draw_target(
                        Some(total as u64),
                        ProgressDrawTarget::stderr(),
                    );
                    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}") {
                        bar.set_style(style);
                    }
                    self.bar = Some(bar);
                }
                let (from, to) = match step.direction {
                    shale::graph::Direction::Up => {
                        (script.revises.join(", "), script.revision.clone())
                    }
                    shale::graph::Direction::Down => {
                        (script.revision.clone(), script.revises.join(", "))
                    }
                };
                let verb = match step.direction {
                    shale::graph::Direction::Up => "upgrade",
                    shale::graph::Direction::Down => "downgrade",
                };
                self.line = format!("Running {verb} {from} -> {to}, {}", script.message);
                if let Some(bar) = &self.bar {
                    bar.set_message(script.revision.clone());
                }
            }
            Event::Finished { duration, .. } => {
                let line = format!("{} … {} ms", self.line, duration.as_millis());
                match &self.bar {
                    Some(bar) => {
                        bar.println(line);
                        bar.inc(1);
                    }
                    None => outln!("{line}"),
                }
            }
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
