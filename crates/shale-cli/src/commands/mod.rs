//! One file per group of commands. Each parses its arguments into domain types, calls the
//! library and prints the result.

mod adopt;
mod autogen;
mod database;
mod draw;
mod edit;
mod fleet;
mod git;
mod graph;
mod hooks;
mod import;
mod import_alembic;
mod init;
mod lint;
mod repair;
mod replica;
mod revision;
mod run;
mod shell;
mod verify;

use crate::args::{Cli, Command, DatabaseCommand, FleetArgs, StatusArgs};
use crate::context::Context;
use shale::cancel::Cancelled;
use shale::{Cancel, Result};
use std::process::ExitCode;

pub use fleet::FROM_CONFIG;

/// Runs the command `cli` names. `upgrade` and `downgrade` obey `cancel` themselves (they
/// cancel the running statement on the server and say what was applied); every other
/// command is simply stopped, which drops any scratch database it made.
pub async fn run(cli: Cli, cancel: Cancel) -> Result<ExitCode> {
    if let Command::Init { dir, dialect } = &cli.command {
        return init::init(&cli, dir, dialect.map(|d| d.dialect()));
    }
    // Neither reads the project: a broken shale.toml must not break the shell.
    match &cli.command {
        Command::Completions { shell } => return shell::completions(*shell),
        Command::Man => return shell::man(),
        Command::Complete { prefix } => return shell::candidates(&cli, prefix),
        _ => {}
    }
    let ctx = Context::new(&cli, cancel.clone())?;
    if matches!(
        cli.command,
        Command::Upgrade(_) | Command::Downgrade(_) | Command::Database(DatabaseCommand::Reset(_))
    ) {
        return dispatch(&ctx).await;
    }
    tokio::select! {
        biased;
        _ = cancel.cancelled() => Err(shale::Error::Cancelled(Box::new(Cancelled {
            signal: cancel.signal().unwrap_or(2),
            done: Vec::new(),
            in_flight: None,
            heads: None,
        }))),
        result = dispatch(&ctx) => result,
    }
}

async fn dispatch(ctx: &Context<'_>) -> Result<ExitCode> {
    match &ctx.cli.command {
        Command::Init { .. }
        | Command::Completions { .. }
        | Command::Man
        | Command::Complete { .. } => {
            unreachable!("handled above")
        }
        Command::Revision(args) if args.autogenerate => {
            autogen::revision(ctx, args, ctx.project()?).await
        }
        Command::Revision(args) => revision::revision(ctx, args),
        Command::Merge(args) => revision::merge(ctx, args),
        Command::Upgrade(args) => run::upgrade(ctx, args).await,
        Command::Downgrade(args) => run::downgrade(ctx, args).await,
        Command::Stamp { target } => run::stamp(ctx, target).await,
        Command::Current {
            fleet:
                FleetArgs {
                    targets: Some(file),
                    jobs,
                },
        } => {
            fleet::run(
                ctx,
                shale::fleet::FleetOp::Current,
                file,
                fleet::read_only(*jobs),
            )
            .await
        }
        Command::Current { .. } => graph::current(ctx, ctx.cli.verbose).await,
        Command::History(args) => graph::history(ctx, args).await,
        Command::Heads => graph::heads(ctx, ctx.cli.verbose),
        Command::Branches => graph::branches(ctx, ctx.cli.verbose),
        Command::Show { rev } => graph::show(ctx, rev),
        Command::Status(StatusArgs {
            wait_replica: Some(replica),
            timeout,
            ..
        }) => replica::wait(ctx, replica, *timeout).await,
        Command::Status(StatusArgs {
            fleet:
                FleetArgs {
                    targets: Some(file),
                    jobs,
                },
            ..
        }) => {
            fleet::run(
                ctx,
                shale::fleet::FleetOp::Status,
                file,
                fleet::read_only(*jobs),
            )
            .await
        }
        Command::Status(_) => graph::status(ctx).await,
        Command::Diff { rename, no_online } => autogen::diff(ctx, rename, *no_online).await,
        Command::Check {
            drift,
            fleet:
                FleetArgs {
                    targets: Some(file),
                    jobs,
                },
        } => {
            let op = if *drift {
                shale::fleet::FleetOp::Drift
            } else {
                shale::fleet::FleetOp::Check
            };
            fleet::run(ctx, op, file, fleet::read_only(*jobs)).await
        }
        Command::Check { drift: false, .. } => autogen::check(ctx).await,
        Command::Check { drift: true, .. } => verify::check_drift(ctx).await,
        Command::Verify => verify::verify(ctx).await,
        Command::Lint(args) => lint::lint(ctx, args).await,
        Command::Graph(args) => draw::graph(ctx, args).await,
        Command::Database(command) => database::database(ctx, command).await,
        Command::Import(args) => import::import(ctx, args).await,
        Command::Repair { revisions } => repair::repair(ctx, revisions).await,
        Command::Baseline(args) => adopt::baseline(ctx, args).await,
        Command::Squash(args) => adopt::squash(ctx, args).await,
        Command::Edit { rev } => edit::edit(ctx, rev),
    }
}
