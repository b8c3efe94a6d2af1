//! `shale import --from TOOL [PATH]`: another tool's history as shale scripts, and with
//! `--url` the database that tool migrated taken over (its history table checked, the
//! shale revision it is at stamped).

use crate::args::ImportArgs;
use crate::context::Context;
use shale::db::Db;
use shale::graph::Target;
use shale::import::{self, ImportError, ImportedScript, SourceFile, Takeover, Tool};
use shale::url::DbUrl;
use shale::{Error, Migrator, Project, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `shale import --json` (docs/json.md): keys in this order.
#[derive(serde::Serialize)]
struct ImportJson<'a> {
    tool: &'a str,
    from: &'a Path,
    dry_run: bool,
    scripts: Vec<ScriptJson<'a>>,
    notes: &'a [String],
    takeover: Option<TakeoverJson<'a>>,
}

/// One imported script in [`ImportJson`].
#[derive(serde::Serialize)]
struct ScriptJson<'a> {
    revision: &'a str,
    path: PathBuf,
    version: &'a str,
    message: &'a str,
    files: &'a [String],
    transactional: bool,
    irreversible: bool,
    outcome: Outcome,
}

/// The take-over of the database in [`ImportJson`] (`--url`).
#[derive(serde::Serialize)]
struct TakeoverJson<'a> {
    table: &'a str,
    applied: usize,
    checksums_checked: usize,
    revision: Option<&'a str>,
    stamped: Option<&'a str>,
    already_at: Option<&'a str>,
    notes: &'a [String],
}

/// What happens to each script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Outcome {
    Written,
    Unchanged,
    WouldWrite,
}

/// Imports the history, then takes over the database when `--url` names one.
pub async fn import(ctx: &Context<'_>, args: &ImportArgs) -> Result<ExitCode> {
    if args.from == crate::args::ToolArg::Alembic {
        return super::import_alembic::import(ctx, args).await;
    }
    let tool = args.from.tool();
    let dir = args
        .path
        .clone()
        .unwrap_or_else(|| PathBuf::from(tool.default_dir()));
    let files = read_folder(&dir)?;
    let history = import::parse(tool, &files)?;
    let scripts = import::render(tool, &history)?;
    let versions = ctx.config.versions_dir();
    let outcomes = plan_writes(&versions, &scripts)?;
    let takeover = match &ctx.cli.url {
        Some(_) => Some(check_database(tool, &ctx.url()?, &scripts).await?),
        None => None,
    };
    if !args.dry_run {
        std::fs::create_dir_all(&versions).map_err(|e| Error::io(&versions, e))?;
        for (script, outcome) in scripts.iter().zip(&outcomes) {
            if *outcome == Outcome::Written {
                let path = versions.join(&script.file_name);
                std::fs::write(&path, &script.text).map_err(|e| Error::io(&path, e))?;
            }
        }
    }
    let stamped = match (&takeover, args.dry_run) {
        (Some(t), false) => stamp(ctx, tool, t).await?,
        _ => None,
    };
    let report = Report {
        tool,
        dir: &dir,
        versions: &versions,
        notes: &history.notes,
        scripts: &scripts,
        outcomes: outcomes
            .iter()
            .map(|o| match (o, args.dry_run) {
                (Outcome::Written, true) => Outcome::WouldWrite,
                (o, _) => *o,
            })
            .collect(),
        dry_run: args.dry_run,
        takeover: takeover.as_ref(),
        stamped: stamped.as_ref(),
    };
    if ctx.cli.json {
        crate::output::json(&report.json());
    } else {
        report.print();
    }
    Ok(ExitCode::SUCCESS)
}

/// Every file under `dir` that a tool may read (`.sql`, `.toml`, `.conf`, `.rs`), with
/// paths relative to `dir`, sorted.
fn read_folder(dir: &Path) -> Result<Vec<SourceFile>> {
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a folder: name the tool's migrations folder (`shale import --from TOOL PATH`)",
            dir.display()
        )));
    }
    let mut files = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), String::new(), 0)];
    while let Some((folder, prefix, depth)) = pending.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|e| Error::io(&folder, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&folder, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            let relative = format!("{prefix}{name}");
            if path.is_dir() {
                if depth < 4 && !name.starts_with('.') {
                    pending.push((path, format!("{relative}/"), depth + 1));
                }
                continue;
            }
            let wanted = [".sql", ".toml", ".conf", ".rs"]
                .iter()
                .any(|ext| name.ends_with(ext));
            if wanted {
                let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                files.push(SourceFile {
                    path: relative,
                    text,
                });
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// What each script needs: written, or already there byte for byte. A different file of
/// the same name, or a revision id the folder already has elsewhere, is refused; so is a
/// folder holding other revisions and none of this import (the chain would be a second
/// root).
pub(super) fn plan_writes(versions: &Path, scripts: &[ImportedScript]) -> Result<Vec<Outcome>> {
    let existing = if versions.is_dir() {
        shale::script::load_dir(versions)?
    } else {
        Vec::new()
    };
    let mut outcomes = Vec::with_capacity(scripts.len());
    for script in scripts {
        let path = versions.join(&script.file_name);
        if let Some(other) = existing
            .iter()
            .find(|s| s.revision == script.revision && s.path != path)
        {
            return Err(ImportError::RevisionExists {
                id: script.revision.clone(),
                path: other.path.display().to_string(),
                file_name: script.file_name.clone(),
            }
            .into());
        }
        outcomes.push(match std::fs::read(&path) {
            Ok(bytes) if bytes == script.text.as_bytes() => Outcome::Unchanged,
            Ok(_) => return Err(Error::Exists { path }),
            Err(_) => Outcome::Written,
        });
    }
    let imported_before = outcomes.contains(&Outcome::Unchanged);
    if !existing.is_empty() && !imported_before {
        return Err(ImportError::OtherRevisions {
            dir: versions.display().to_string(),
            count: existing.len(),
        }
        .into());
    }
    Ok(outcomes)
}

/// Reads the tool's history table and checks it against the scripts.
async fn check_database(tool: Tool, url: &DbUrl, scripts: &[ImportedScript]) -> Result<Takeover> {
    let mut db = Db::connect(url).await?;
    let entries = shale::db::tool_history::read(tool, &mut db).await;
    db.close().await;
    let Some(entries) = entries? else {
        return Err(ImportError::NoHistoryTable {
            tool: tool.name(),
            table: tool.history_table(),
        }
        .into());
    };
    Ok(import::check_applied(
        tool,
        tool.history_table(),
        scripts,
        &entries,
    )?)
}

/// What happened to the database.
enum Stamped {
    /// Stamped at this revision.
    Now(String),
    /// shale already had it at this revision, or after it: nothing changed.
    Already(String),
}

/// Stamps the revision the database is at. A database shale already manages must be at
/// that revision or after it (then nothing changes); otherwise nothing is stamped.
async fn stamp(ctx: &Context<'_>, tool: Tool, takeover: &Takeover) -> Result<Option<Stamped>> {
    let Some(revision) = &takeover.revision else {
        return Ok(None);
    };
    let project: &Project = ctx.project()?;
    let mut migrator = Migrator::new(project, ctx.url()?);
    migrator.set_cancel(ctx.cancel.clone());
    let current = migrator.current().await?;
    if !current.is_empty() {
        let refs: Vec<&str> = current.iter().map(String::as_str).collect();
        let below = project.graph.ancestors_of(&refs);
        if current.contains(revision) || below.contains(revision.as_str()) {
            return Ok(Some(Stamped::Already(current.join(" "))));
        }
        return Err(ImportError::AlreadyManaged {
            tool: tool.name(),
            current: current.join(" "),
            imported: revision.clone(),
        }
        .into());
    }
    let target: Target = revision.parse()?;
    migrator.stamp(&target).await?;
    Ok(Some(Stamped::Now(revision.clone())))
}

/// Everything `import` did, for the human report or one JSON object.
struct Report<'a> {
    tool: Tool,
    dir: &'a Path,
    versions: &'a Path,
    notes: &'a [String],
    scripts: &'a [ImportedScript],
    outcomes: Vec<Outcome>,
    dry_run: bool,
    takeover: Option<&'a Takeover>,
    stamped: Option<&'a Stamped>,
}

impl Report<'_> {
    fn json(&self) -> ImportJson<'_> {
        let scripts = self
            .scripts
            .iter()
            .zip(&self.outcomes)
            .map(|(s, o)| ScriptJson {
                revision: &s.revision,
                path: self.versions.join(&s.file_name),
                version: &s.migration.version,
                message: &s.migration.name,
                files: &s.migration.files,
                transactional: s.migration.transactional,
                irreversible: s.migration.downgrade.is_none(),
                outcome: *o,
            })
            .collect();
        let takeover = self.takeover.map(|t| {
            let (stamped, already_at) = self.stamped_or_already();
            TakeoverJson {
                table: self.tool.history_table(),
                applied: t.applied,
                checksums_checked: t.checksums_checked,
                revision: t.revision.as_deref(),
                stamped,
                already_at,
                notes: &t.notes,
            }
        });
        ImportJson {
            tool: self.tool.name(),
            from: self.dir,
            dry_run: self.dry_run,
            scripts,
            notes: self.notes,
            takeover,
        }
    }

    /// The revision stamped now, or the one shale already had the database at.
    fn stamped_or_already(&self) -> (Option<&str>, Option<&str>) {
        match self.stamped {
            Some(Stamped::Now(rev)) => (Some(rev.as_str()), None),
            Some(Stamped::Already(rev)) => (None, Some(rev.as_str())),
            None => (None, None),
        }
    }

    fn print(&self) {
        let verb = if self.dry_run {
            "Would import"
        } else {
            "Imported"
        };
        outln!(
            "{verb} {} {} migration(s) from {} into {}:",
            self.scripts.len(),
            self.tool.name(),
            self.dir.display(),
            self.versions.display()
        );
        for (s, o) in self.scripts.iter().zip(&self.outcomes) {
            let what = match o {
                Outcome::Written => "wrote",
                Outcome::Unchanged => "unchanged",
                Outcome::WouldWrite => "would write",
            };
            outln!("  {what:<11} {}{}", s.file_name, marks(s));
        }
        for note in self.notes {
            outln!("note: {note}");
        }
        if let Some(t) = self.takeover {
            self.print_takeover(t);
        }
    }

    fn print_takeover(&self, takeover: &Takeover) {
        let sums = if takeover.checksums_checked > 0 {
            format!(", {} checksum(s) match", takeover.checksums_checked)
        } else {
            String::new()
        };
        outln!(
            "{}: {} of the imported revisions applied, in order{sums}; the table is left as it is",
            self.tool.history_table(),
            takeover.applied
        );
        for note in &takeover.notes {
            outln!("note: {note}");
        }
        let (stamped, already) = self.stamped_or_already();
        match (&takeover.revision, stamped, self.dry_run) {
            (None, _, _) => outln!(
                "Nothing applied: nothing stamped; `shale upgrade head` applies every revision"
            ),
            (Some(rev), _, true) => outln!("Would stamp: the database is at {rev}"),
            (Some(_), Some(rev), false) => outln!("Stamped: the database is at {rev}"),
            (Some(_), None, false) => outln!(
                "Nothing stamped: shale already manages the database, at {}",
                already.unwrap_or("")
            ),
        }
    }
}

/// ` [transaction off: why; irreversible]`, or nothing.
fn marks(s: &ImportedScript) -> String {
    let mut marks = Vec::new();
    if !s.migration.transactional {
        marks.push(format!(
            "transaction off: {}",
            s.migration.no_transaction_reason.as_deref().unwrap_or("")
        ));
    }
    if s.migration.downgrade.is_none() {
        marks.push("irreversible".to_string());
    }
    if marks.is_empty() {
        String::new()
    } else {
        format!(" [{}]", marks.join("; "))
    }
}
