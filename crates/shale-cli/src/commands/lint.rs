//! `shale lint [REV | START:END]`: the library finds dangerous operations; this prints them
//! for people (coloured on a terminal), as JSON, or as GitHub workflow annotations, and
//! exits 1 when any finding is an error.

use crate::args::{LintArgs, LintFormat};
use crate::context::Context;
use shale::dialect::Dialect;
use shale::lint::{self, Finding, LintContext, Rule, Severity};
use shale::{Error, Migrator, Project, Result};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// `shale lint`.
pub async fn lint(ctx: &Context<'_>, args: &LintArgs) -> Result<ExitCode> {
    let format = match (ctx.cli.json, args.format) {
        (true, _) => LintFormat::Json,
        (false, format) => format,
    };
    if args.rules {
        print_rules(format);
        return Ok(ExitCode::SUCCESS);
    }
    let project = ctx.project()?;
    let revisions = match &args.since {
        Some(git_ref) => super::git::changed_revisions(project, git_ref)?,
        None => lint::select(&project.graph, args.revisions.as_deref())?,
    };
    let url = match args.offline {
        true => None,
        false => ctx.url_opt()?,
    };
    let dialect = match &args.dialect {
        Some(name) => Dialect::from_name(name).ok_or_else(|| {
            Error::Usage(format!(
                "--dialect `{name}` is not one of postgres, mysql, sqlite"
            ))
        })?,
        None => project
            .config
            .lint
            .dialect
            .or(project.config.dialect)
            .or(url.as_ref().map(|u| u.dialect()))
            .unwrap_or(Dialect::Postgres),
    };
    let context = match url {
        Some(url) => database_context(project, url, ctx.cli.quiet).await,
        None => LintContext::default(),
    };
    let ids: Vec<&str> = revisions.iter().map(String::as_str).collect();
    let findings = lint::lint(&project.lint_scripts(), &ids, dialect, &context);
    let report = Report {
        dialect,
        revisions: revisions.len(),
        online: context.database.is_some(),
        findings: &findings,
    };
    match format {
        LintFormat::Human => report.human(color()),
        LintFormat::Json => crate::output::json(&report.json()),
        LintFormat::Github => report.github(),
    }
    let failed = findings.iter().any(|f| f.severity == Severity::Error);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The database's context; an unreachable database means offline linting, said on stderr.
async fn database_context(project: &Project, url: shale::url::DbUrl, quiet: bool) -> LintContext {
    let migrator = Migrator::new(project, url);
    match migrator.lint_context().await {
        Ok(context) => context,
        Err(e) => {
            let message = shale::url::redact(&e.to_string());
            if !quiet {
                eprintln!("note: linting without the database ({message})");
            }
            LintContext::default()
        }
    }
}

/// Whether to colour human output: stdout is a terminal and NO_COLOR is unset
/// (<https://no-color.org>).
fn color() -> bool {
    crate::output::color(std::io::stdout().is_terminal())
}

/// `lint --json`.
#[derive(serde::Serialize)]
struct LintJson<'a> {
    dialect: &'static str,
    online: bool,
    revisions: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    findings: &'a [Finding],
}

/// What one run found, ready to print.
struct Report<'a> {
    dialect: Dialect,
    revisions: usize,
    online: bool,
    findings: &'a [Finding],
}

impl Report<'_> {
    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    fn human(&self, color: bool) {
        let mut out = std::io::stdout().lock();
        let paint = |code: &str, text: &str| match color {
            true => format!("\x1b[{code}m{text}\x1b[0m"),
            false => text.to_string(),
        };
        for f in self.findings {
            let code = match f.severity {
                Severity::Error => "1;31",
                Severity::Warning => "1;33",
                Severity::Info => "1;36",
            };
            let label = paint(code, &format!("{}[{}]", f.severity, f.rule));
            let place = paint("1", &format!("{}:{}", f.path.display(), f.line));
            let _ = writeln!(out, "{place}: {label} {}", f.message);
            let _ = writeln!(out, "    {} {}", paint("32", "help:"), f.suggestion);
        }
        let mode = if self.online {
            "with the database"
        } else {
            "offline"
        };
        let _ = writeln!(
            out,
            "{} error(s), {} warning(s), {} info in {} revision(s) ({}, {mode})",
            self.count(Severity::Error),
            self.count(Severity::Warning),
            self.count(Severity::Info),
            self.revisions,
            self.dialect,
        );
    }

    /// `lint --json` (docs/json.md), keys in this order.
    fn json(&self) -> LintJson<'_> {
        LintJson {
            dialect: self.dialect.name(),
            online: self.online,
            revisions: self.revisions,
            errors: self.count(Severity::Error),
            warnings: self.count(Severity::Warning),
            infos: self.count(Severity::Info),
            findings: self.findings,
        }
    }

    /// GitHub workflow commands: `::error file=…,line=…,title=RULE::message`.
    fn github(&self) {
        let mut out = std::io::stdout().lock();
        for f in self.findings {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let message = format!("{} (suggestion: {})", f.message, f.suggestion);
            let _ = writeln!(
                out,
                "::{level} file={},line={},title={}::{}",
                escape_property(&f.path.display().to_string()),
                f.line,
                escape_property(f.rule),
                escape_data(&message),
            );
        }
    }
}

/// Escapes a workflow command's message (GitHub's `escapeData`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (GitHub's `escapeProperty`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// `shale lint --rules`.
fn print_rules(format: LintFormat) {
    if format == LintFormat::Json {
        let rules: Vec<serde_json::Value> = Rule::ALL
            .iter()
            .map(|r| {
                serde_json::json!({
                    "rule": r.id(),
                    "severity": r.severity(),
                    "suggestion": r.suggestion(),
                })
            })
            .collect();
        crate::output::json(&rules);
        return;
    }
    let mut out = std::io::stdout().lock();
    for rule in Rule::ALL {
        let _ = writeln!(
            out,
            "{:<26} {:<8} {}",
            rule.id(),
            rule.severity().name(),
            rule.suggestion()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_escaping() {
        assert_eq!(escape_data("50% off\nnext"), "50%25 off%0Anext");
        assert_eq!(escape_property("C:\\a,b"), "C%3A\\a%2Cb");
    }
}
