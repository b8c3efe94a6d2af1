//! The live display of a fleet run, on stderr. On a terminal: a summary line (done,
//! running, failed of the total) and a line per running target with its revision and
//! time, each finished target's line printed above them. Elsewhere: the finished
//! targets' lines, counted (`[12/40]`). Nothing under `-q` or `--json`.

use super::target_line;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use shale::fleet::{FleetEvent, TargetReport};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

/// What the display shows; the fleet's workers update it from their threads.
pub struct FleetProgress {
    total: usize,
    quiet: bool,
    /// Read commands print a table at the end instead of a line per target.
    table: bool,
    state: Mutex<State>,
    /// On a terminal: the bars.
    bars: Option<Bars>,
}

#[derive(Default)]
struct State {
    done: usize,
    failed: usize,
    /// Running targets by index: their line on a terminal.
    running: BTreeMap<usize, ProgressBar>,
}

struct Bars {
    multi: MultiProgress,
    summary: ProgressBar,
}

const TICK: Duration = Duration::from_millis(120);

impl FleetProgress {
    pub fn new(total: usize, quiet: bool, table: bool) -> FleetProgress {
        let bars = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
            let summary = multi.add(ProgressBar::new(total as u64));
            if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} {elapsed}")
            {
                summary.set_style(style);
            }
            summary.enable_steady_tick(TICK);
            Bars { multi, summary }
        });
        let progress = FleetProgress {
            total,
            quiet,
            table,
            state: Mutex::new(State::default()),
            bars,
        };
        progress.refresh(&State::default());
        progress
    }

    /// Handles one event of the run.
    pub fn event(&self, event: FleetEvent<'_>) {
        if self.quiet {
            return;
        }
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        match event {
            FleetEvent::Started { index, target } => {
                if let Some(bars) = &self.bars {
                    let bar = bars.multi.add(ProgressBar::new_spinner());
                    if let Ok(style) = ProgressStyle::with_template("  {spinner} {msg} {elapsed}") {
                        bar.set_style(style);
                    }
                    bar.set_message(target.to_string());
                    bar.enable_steady_tick(TICK);
                    state.running.insert(index, bar);
                }
            }
            FleetEvent::Revision {
                index,
                target,
                revision,
            } => {
                if let Some(bar) = state.running.get(&index) {
                    bar.set_message(format!("{target}  running {revision}"));
                }
            }
            FleetEvent::Finished { index, report } => {
                state.done += 1;
                if report.outcome == "failed" {
                    state.failed += 1;
                }
                if let Some(bar) = state.running.remove(&index) {
                    bar.finish_and_clear();
                    if let Some(bars) = &self.bars {
                        bars.multi.remove(&bar);
                    }
                }
                self.finished(&state, report);
            }
        }
        self.refresh(&state);
    }

    /// A target's line: above the bars on a terminal, counted elsewhere. Read commands
    /// that end with a table say only the failures as they come.
    fn finished(&self, state: &State, report: &TargetReport) {
        if self.table && report.outcome != "failed" {
            return;
        }
        let line = target_line(report);
        match &self.bars {
            Some(bars) => {
                let _ = bars.multi.println(line);
            }
            None => eprintln!("[{}/{}] {line}", state.done, self.total),
        }
    }

    fn refresh(&self, state: &State) {
        if let Some(bars) = &self.bars {
            bars.summary.set_position(state.done as u64);
            bars.summary.set_message(format!(
                "done, {} running, {} failed",
                state.running.len(),
                state.failed
            ));
        }
    }

    /// Clears the display before the results are printed.
    pub fn finish(&self) {
        if let Some(bars) = &self.bars {
            bars.summary.finish_and_clear();
            let _ = bars.multi.clear();
        }
    }
}
