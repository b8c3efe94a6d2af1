//! The command line, as clap structs that mirror the flags. Validation into domain types
//! happens in the commands (targets, URLs), once.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// shale — schema migrations for SQL databases (SQLite, PostgreSQL, MySQL/MariaDB).
///
/// Revisions are plain SQL scripts with an upgrade and a downgrade section, linked into a
/// revision graph. The database URL comes from --url, then DATABASE_URL (a .env file is
/// read), then `url` in shale.toml.
#[derive(Debug, Parser)]
#[command(
    name = "shale",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The configuration file.
    #[arg(
        short,
        long,
        global = true,
        value_name = "PATH",
        default_value = "shale.toml"
    )]
    pub config: PathBuf,
    /// The database URL (overrides DATABASE_URL and the configuration).
    #[arg(long, global = true, value_name = "URL")]
    pub url: Option<String>,
    /// Print results as JSON on stdout (read-only commands and run reports).
    #[arg(long, global = true)]
    pub json: bool,
    /// Only results and errors: no progress lines, notes or lock waits.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// More detail: each revision's file, message and date in listings; in runs, each
    /// revision's file as it starts and each statement (with its line) as it starts.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create shale.toml and the scripts folder (default `migrations`).
    Init {
        /// The scripts folder to create.
        #[arg(default_value = "migrations")]
        dir: String,
        /// Pin the project to a dialect: URLs of another dialect are refused, and a
        /// PostgreSQL or MySQL project without a URL is an error (no SQLite fallback).
        #[arg(long, value_enum)]
        dialect: Option<DialectArg>,
    },
    /// Write a new revision script.
    Revision(RevisionArgs),
    /// Apply revisions up to TARGET (default: head).
    Upgrade(RunArgs),
    /// Revert revisions down to TARGET (-1, a revision, base).
    Downgrade(RunArgs),
    /// Show the revision(s) the database is at.
    Current {
        #[command(flatten)]
        fleet: FleetArgs,
    },
    /// List revisions, newest first, marking heads, branch points, merges and what is applied.
    History(HistoryArgs),
    /// Show the heads of the revision graph.
    Heads,
    /// Show branch points: revisions that more than one revision revises.
    Branches,
    /// Write a merge revision joining heads.
    Merge(MergeArgs),
    /// Record TARGET in the version table without running any script.
    Stamp {
        /// The revision to record (a revision, head, heads, base).
        target: String,
    },
    /// Show one revision script and its place in the graph.
    Show {
        /// A revision id or unique prefix, or head.
        rev: String,
    },
    /// Current revision, heads and pending revisions in one look.
    Status(StatusArgs),
    /// Print the SQL autogenerate would write (upgrade and downgrade), writing nothing.
    Diff {
        /// Declare a rename: TABLE.OLD=NEW (a column), OLD=NEW or SCHEMA.OLD=SCHEMA.NEW (a table).
        #[arg(long, value_name = "RENAME")]
        rename: Vec<String>,
        /// The plain form of each change instead of the lock-safe one (`online = false`).
        #[arg(long)]
        no_online: bool,
    },
    /// Exit 1 when the database differs from the models (autogenerate would write changes).
    Check {
        /// Instead, compare the database with what its migration history produces (manual changes).
        #[arg(long)]
        drift: bool,
        #[command(flatten)]
        fleet: FleetArgs,
    },
    /// One command for CI: a single head, no edited applied script, every revision up and
    /// down on a scratch database, the models matching head.
    Verify,
    /// Report dangerous operations in scripts (data loss, locking, reversibility).
    Lint(LintArgs),
    /// Draw the revision graph (terminal text, Mermaid or Graphviz DOT), marking heads,
    /// branch points, merges and the database's current revision(s).
    Graph(GraphArgs),
    /// Convert another tool's migration history into shale scripts (one per migration, same
    /// order, same SQL); with --url, also take over a database that tool migrated: check its
    /// history table against the files and stamp the revision it is at.
    Import(ImportArgs),
    /// After a deliberate edit of an applied script (a comment, a formatting fix), record
    /// its new checksum. Without REV, lists the applied scripts that differ; each one to
    /// repair must be named.
    Repair {
        /// The edited revisions whose new checksum to record (ids or unique prefixes).
        revisions: Vec<String>,
    },
    /// Create, drop or reset the database itself (as sqlx-cli's `database` commands).
    #[command(subcommand)]
    Database(DatabaseCommand),
    /// Read a database shale never managed and write the first revision, which creates its
    /// whole schema from nothing (downgrade: drops it all); then stamp the database at it.
    Baseline(BaselineArgs),
    /// Write one revision replacing the range FROM:TO (or base:TO), its SQL read from a
    /// replay of the range on a scratch database; `--finish` deletes the replaced scripts
    /// once every database is past the range.
    Squash(SquashArgs),
    /// Print a shell completion script, e.g. `shale completions bash > ~/.local/share/bash-completion/completions/shale`.
    Completions {
        /// The shell: bash, zsh, fish, powershell or elvish.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `shale man > ~/.local/share/man/man1/shale.1`.
    Man,
    /// The completion scripts' helper: prints the revision ids, branch labels and targets
    /// that start with PREFIX, one per line (nothing when the project cannot be read).
    #[command(name = "__complete", hide = true)]
    Complete {
        /// What has been typed so far.
        #[arg(default_value = "", allow_hyphen_values = true)]
        prefix: String,
    },
    /// Open a revision's script in $VISUAL or $EDITOR (then vi), and check it still loads.
    Edit {
        /// A revision id or unique prefix, a branch label, head, LABEL@head.
        rev: String,
    },
}

#[derive(Debug, Args)]
pub struct RevisionArgs {
    /// The revision's message.
    #[arg(short, long)]
    pub message: String,
    /// Use this revision id instead of a random one.
    #[arg(long, value_name = "ID")]
    pub rev_id: Option<String>,
    /// The revision the new one revises (default: the single head): a revision, head,
    /// LABEL@head (the head of a labelled branch), or base (a new root).
    #[arg(long, value_name = "REV")]
    pub head: Option<String>,
    /// Give the new revision a branch label: `LABEL@head` then names the head of its
    /// branch (repeat for several labels).
    #[arg(long, value_name = "NAME")]
    pub branch_label: Vec<String>,
    /// A revision (or branch label) that must be applied before the new one without
    /// being its parent (repeat for several).
    #[arg(long, value_name = "REV")]
    pub depends_on: Vec<String>,
    /// Write the new revision into the folder of this `[[sources]]` entry of shale.toml
    /// (a library vendored inside the project) instead of the project's own; it then
    /// revises that folder's single head.
    #[arg(long, value_name = "NAME", conflicts_with = "autogenerate")]
    pub source: Option<String>,
    /// Fill the script from the difference between the models and the database.
    #[arg(long)]
    pub autogenerate: bool,
    /// Declare a rename for autogenerate: TABLE.OLD=NEW (a column), OLD=NEW or SCHEMA.OLD=SCHEMA.NEW (a table).
    #[arg(long, value_name = "RENAME", requires = "autogenerate")]
    pub rename: Vec<String>,
    /// Write the plain form of each change instead of the lock-safe one (overrides
    /// `online = true`, the default on PostgreSQL and MySQL/MariaDB).
    #[arg(long, requires = "autogenerate")]
    pub no_online: bool,
    /// Write a column rename or type change as an expand revision (new column, triggers
    /// keeping old and new in sync, batched backfill) and a contract revision (drop the
    /// old column and the triggers), so that the previous and the next release of the
    /// application run side by side during a rolling deploy.
    #[arg(long, requires = "autogenerate")]
    pub expand: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// head, heads, base, a revision or prefix, +N/-N, REV+N/REV-N, LABEL@head,
    /// LABEL@base (the branch unapplied), LABEL@-N, LABEL@REV; FROM:TO with --sql.
    #[arg(allow_hyphen_values = true)]
    pub target: Option<String>,
    /// Print the SQL that would run, applying nothing.
    #[arg(long)]
    pub sql: bool,
    /// Finish a revision that stopped part-way (see `shale status`), starting with the
    /// statement that was running or failed, then go on to TARGET.
    #[arg(long, conflicts_with = "sql")]
    pub resume: bool,
    /// Like --resume, starting with statement N (1-based) of the interrupted revision:
    /// N = the running statement + 1 skips it when it did take effect.
    #[arg(long, value_name = "N", conflicts_with_all = ["sql", "resume"])]
    pub resume_from: Option<usize>,
    /// Give up waiting for the migration lock after this long (e.g. 30s, 500ms, 2m;
    /// default: wait as long as another run holds it).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub lock_timeout: Option<std::time::Duration>,
    /// Retry a statement that timed out waiting for a table lock this many times, with
    /// backoff (default: `lock_retries` in shale.toml, else 5).
    #[arg(long, value_name = "N", conflicts_with = "sql")]
    pub lock_retries: Option<u32>,
    /// Cancel a statement that runs longer than this (e.g. 30s, 5min; default:
    /// `statement_timeout` in shale.toml, else the server's own).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, conflicts_with = "sql")]
    pub statement_timeout: Option<std::time::Duration>,
    #[command(flatten)]
    pub fleet: FleetArgs,
    /// With --targets: run the first K targets first and stop if any of them fails.
    #[arg(long, value_name = "K", default_value_t = 0, requires = "targets")]
    pub canary: usize,
    /// With --targets: go on with the other targets after a failure.
    #[arg(long, requires = "targets")]
    pub keep_going: bool,
}

/// `shale status` flags.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Instead, wait until the replica at URL holds the database's (the primary's)
    /// revision(s): exit 0 when it does, 1 after --timeout.
    #[arg(long, value_name = "URL")]
    pub wait_replica: Option<String>,
    /// How long --wait-replica waits (e.g. 30s, 500ms, 2m).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "30s", requires = "wait_replica")]
    pub timeout: std::time::Duration,
    #[command(flatten)]
    pub fleet: FleetArgs,
}

/// `--targets FILE` and `-j N`: the command on a fleet of databases.
#[derive(Debug, Clone, clap::Args)]
pub struct FleetArgs {
    /// Apply to every database listed in FILE (one URL per line, `#` comments) instead of
    /// the configured one: a fleet of tenants or shards. Without FILE (put it after the
    /// revision, or last): the `[targets]` of shale.toml.
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = crate::commands::FROM_CONFIG)]
    pub targets: Option<std::path::PathBuf>,
    /// With --targets: how many databases at once.
    #[arg(
        short,
        long,
        value_name = "N",
        default_value_t = 4,
        requires = "targets"
    )]
    pub jobs: usize,
}

/// A duration: a number of seconds, or a number with `ms`, `s`, `m` or `h`.
fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration (e.g. 30s, 500ms, 2m)"))?;
    let seconds = match unit.trim() {
        "" | "s" => value,
        "ms" => value / 1000.0,
        "m" => value * 60.0,
        "h" => value * 3600.0,
        other => return Err(format!("unknown unit `{other}`: use ms, s, m or h")),
    };
    Ok(std::time::Duration::from_secs_f64(seconds))
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only revisions in START:END (either side may be omitted; base, head, revisions).
    #[arg(short = 'r', long, value_name = "RANGE")]
    pub rev_range: Option<String>,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The merge revision's message.
    #[arg(short, long)]
    pub message: String,
    /// The revisions to join (or `heads`).
    #[arg(required = true, num_args = 1..)]
    pub revisions: Vec<String>,
    /// Use this revision id instead of a random one.
    #[arg(long, value_name = "ID")]
    pub rev_id: Option<String>,
    /// Give the merge revision a branch label: `LABEL@head` then names the head of the
    /// joined branch (repeat for several labels).
    #[arg(long, value_name = "NAME")]
    pub branch_label: Vec<String>,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// A revision (id, prefix, head, REV-1…) or a START:END range; default: every revision.
    #[arg(allow_hyphen_values = true, value_name = "REV | START:END")]
    pub revisions: Option<String>,
    /// Output: human, json, or github (workflow annotations); --json also gives JSON.
    #[arg(long, value_enum, default_value = "human")]
    pub format: LintFormat,
    /// The dialect to lint for: postgres, mysql, sqlite (default: `[lint] dialect`, then
    /// the database URL's, then postgres).
    #[arg(long, value_name = "DIALECT")]
    pub dialect: Option<String>,
    /// Never connect to the database, even when a URL is configured.
    #[arg(long)]
    pub offline: bool,
    /// List the rules, their severity and their safer alternative, and exit.
    #[arg(long)]
    pub rules: bool,
    /// Only the scripts added or changed since this git ref (e.g. origin/main), as a CI
    /// job on a pull request wants; untracked scripts count as added.
    #[arg(long, value_name = "GIT_REF", conflicts_with = "revisions")]
    pub since: Option<String>,
}

#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// The revision's message.
    #[arg(short, long)]
    pub message: String,
    /// Use this revision id instead of a random one.
    #[arg(long, value_name = "ID")]
    pub rev_id: Option<String>,
}

#[derive(Debug, Args)]
pub struct SquashArgs {
    /// The range: FROM:TO (the revisions after FROM up to TO) or TO (from base).
    #[arg(required_unless_present = "finish", conflicts_with = "finish")]
    pub range: Option<String>,
    /// The squashed revision's message.
    #[arg(
        short,
        long,
        required_unless_present = "finish",
        conflicts_with = "finish"
    )]
    pub message: Option<String>,
    /// Use this revision id instead of a random one.
    #[arg(long, value_name = "ID", conflicts_with = "finish")]
    pub rev_id: Option<String>,
    /// End the squashes: refuse when the database is inside a replaced range, point the
    /// revisions after each range at its squash, and delete the replaced scripts.
    #[arg(long)]
    pub finish: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The tool whose history to import.
    #[arg(long, value_enum, value_name = "TOOL")]
    pub from: ToolArg,
    /// The tool's migrations folder (default: the tool's own default: `migrations`, or
    /// `sql` for Flyway, `db/migrations` for dbmate).
    pub path: Option<PathBuf>,
    /// List what would be written (and, with --url, what would be stamped), changing nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Alembic: the dialect to render its revisions for (default: the database URL's).
    #[arg(long, value_enum)]
    pub dialect: Option<DialectArg>,
}

/// A tool `shale import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ToolArg {
    /// `<version>_<name>.sql`, or `.up.sql` and `.down.sql`
    Sqlx,
    /// `<version>_<name>/up.sql`, `down.sql`, `metadata.toml`
    Diesel,
    /// `V<n>__<name>.sql`
    Refinery,
    /// `V<version>__<desc>.sql`, `U…` undo, `R__` repeatable
    Flyway,
    /// `<version>_<name>.up.sql` and `.down.sql`
    #[value(alias = "migrate")]
    GolangMigrate,
    /// `<version>_<name>.sql` with `-- migrate:up` and `-- migrate:down`
    Dbmate,
    /// An Alembic project (alembic.ini's folder, or the script location), rendered by
    /// Alembic's offline mode for --dialect
    Alembic,
}

impl ToolArg {
    /// The library's tool.
    pub fn tool(self) -> shale::import::Tool {
        use shale::import::Tool;
        match self {
            ToolArg::Sqlx => Tool::Sqlx,
            ToolArg::Diesel => Tool::Diesel,
            ToolArg::Refinery => Tool::Refinery,
            ToolArg::Flyway => Tool::Flyway,
            ToolArg::GolangMigrate => Tool::GolangMigrate,
            ToolArg::Dbmate => Tool::Dbmate,
            ToolArg::Alembic => unreachable!("Alembic is imported by commands::import_alembic"),
        }
    }
}

/// `shale database …`.
#[derive(Debug, Subcommand)]
pub enum DatabaseCommand {
    /// Create the database the URL names (nothing to do when it exists).
    Create,
    /// Drop the database the URL names (nothing to do when it does not exist).
    Drop(DropArgs),
    /// Drop the database, create it again and upgrade it to head.
    Reset(DropArgs),
}

#[derive(Debug, Args)]
pub struct DropArgs {
    /// Drop it even though its name contains neither "test" nor "dev" (not needed for
    /// SQLite).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// ascii (terminal text, newest first), mermaid (for Markdown) or dot (Graphviz).
    #[arg(long, value_enum, default_value = "ascii")]
    pub format: GraphFormat,
    /// Never connect to the database: the current revision(s) are not marked.
    #[arg(long)]
    pub offline: bool,
}

/// How `shale graph` draws the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    Ascii,
    Mermaid,
    Dot,
}

/// How `shale lint` prints findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LintFormat {
    Human,
    Json,
    Github,
}

/// A dialect named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DialectArg {
    #[value(alias = "postgres", alias = "pg")]
    Postgresql,
    #[value(alias = "mariadb")]
    Mysql,
    Sqlite,
}

impl DialectArg {
    /// The library's dialect.
    pub fn dialect(self) -> shale::dialect::Dialect {
        match self {
            DialectArg::Postgresql => shale::dialect::Dialect::Postgres,
            DialectArg::Mysql => shale::dialect::Dialect::Mysql,
            DialectArg::Sqlite => shale::dialect::Dialect::Sqlite,
        }
    }
}
