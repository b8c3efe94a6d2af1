//! The `shale` binary: parses arguments, calls the library, prints results.
//!
//! Exit codes: 0 success, 1 failure (including drift found by `check`), 2 usage error.

/// `print!` that ignores a closed stdout (`shale history | head`): the command still
/// finishes its work — a migration is not abandoned half-way — and exits as it would.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

/// `println!` that ignores a closed stdout, as [`out!`].
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod args;
mod commands;
mod context;
mod draw;
mod output;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(err),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let json_mode = cli.json;
    let cancel = shale::Cancel::new();
    watch_signals(cancel.clone());
    match runtime.block_on(commands::run(cli, cancel)) {
        Ok(code) => code,
        Err(err) => {
            output::print_error(&err, json_mode);
            ExitCode::from(output::exit_code(&err))
        }
    }
}

/// A command line clap refused: its own message and exit code, or under `--json` the
/// JSON error with code `usage` (exit 2). `--help` and `--version` print as usual.
fn usage_error(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let help = matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if help || !std::env::args_os().any(|a| a == "--json") {
        err.exit();
    }
    let message = err.kind().to_string();
    let detail = err.render().to_string();
    let message = detail
        .lines()
        .next()
        .map(|l| l.trim_start_matches("error: ").to_string())
        .unwrap_or(message);
    output::json_error("usage", &message);
    ExitCode::from(2)
}

/// Turns the first SIGINT or SIGTERM into a cancel request (the run stops cleanly, see
/// `shale::Cancel`), on a thread of its own: a SQLite statement can block the main thread,
/// and its interruption must come from elsewhere. A second signal exits at once.
fn watch_signals(cancel: shale::Cancel) {
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .ok()?;
        runtime.block_on(forward_signals(cancel))
    });
}

async fn forward_signals(cancel: shale::Cancel) -> Option<()> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt()).ok()?;
    let mut terminate = signal(SignalKind::terminate()).ok()?;
    loop {
        let number = tokio::select! {
            _ = interrupt.recv() => 2,
            _ = terminate.recv() => 15,
        };
        if cancel.signal().is_some() {
            eprintln!("error: a second signal: exiting at once");
            std::process::exit(128 + number);
        }
        eprintln!("Stopping: cancelling what is running (a second Ctrl-C exits at once) …");
        cancel.cancel(number);
    }
}
