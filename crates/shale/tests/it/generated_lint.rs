//! The invariant of online plans: what autogenerate writes lints clean. A plan's parts are
//! written as the revisions autogenerate would write (after a root revision that creates
//! the starting schema, so that lint knows the tables and column types), and linted with
//! `shale lint`'s library entry as a project holding just them. Findings of warning or
//! error severity fail, and so does a statement the linter cannot read.

use shale::config::Config;
use shale::diff::{self, DiffOptions};
use shale::lint::{self, LintContext, Severity};
use shale::plan::{OnlineOptions, Plan};
use shale::schema::Schema;
use shale::script::{self, NewScript};
use shale::Project;
use std::path::Path;

/// The online settings a project gets by default.
pub fn default_online() -> OnlineOptions {
    OnlineOptions {
        lock_timeout: shale::config::DEFAULT_ONLINE_LOCK_TIMEOUT.to_string(),
    }
}

/// The warning and error findings of linting `plan`'s parts, as `rule line: message`.
pub fn findings(plan: &Plan) -> Vec<String> {
    lint_parts(plan, false)
}

/// The same, with every `-- shale:allow` line that autogenerate writes taken out: what
/// the plain form had before autogenerate marked its deliberate statements.
pub fn findings_without_allows(plan: &Plan) -> Vec<String> {
    lint_parts(plan, true)
}

fn lint_parts(plan: &Plan, strip_allows: bool) -> Vec<String> {
    let strip = |text: String| match strip_allows {
        false => text,
        true => text
            .lines()
            .filter(|l| !l.starts_with("-- shale:allow"))
            .map(|l| format!("{l}\n"))
            .collect(),
    };
    let setup = Plan::new(
        plan.dialect,
        Schema::default(),
        diff::diff(&Schema::default(), &plan.start, &DiffOptions::default()).changes,
    )
    .render();
    let mut texts = vec![(
        "s0".to_string(),
        script::render(&NewScript {
            revision: "s0",
            revises: &[],
            message: "the starting schema",
            created: "",
            upgrade: &setup.upgrade_sql(),
            downgrade: "-- shale:irreversible the starting schema\n",
            transactional: true,
            foreign_keys_off: false,
            branch_labels: &[],
            depends_on: &[],
        }),
    )];
    for (i, part) in plan.parts().iter().enumerate() {
        let rendered = part.render();
        let id = format!("p{}", i + 1);
        let parent = texts
            .last()
            .map(|(id, _)| id.clone())
            .into_iter()
            .collect::<Vec<_>>();
        let text = script::render(&NewScript {
            revision: &id,
            revises: &parent,
            message: "generated",
            created: "",
            upgrade: &strip(rendered.upgrade_sql()),
            downgrade: &strip(rendered.downgrade_sql()),
            transactional: rendered.transactional,
            foreign_keys_off: rendered.foreign_keys_off,
            branch_labels: &[],
            depends_on: &[],
        });
        texts.push((id, text));
    }
    let scripts = texts
        .iter()
        .map(|(id, text)| script::parse(Path::new(&format!("{id}.sql")), text).expect("parses"))
        .collect();
    let project = Project::from_scripts(Config::default(), scripts).expect("a project");
    let selected: Vec<&str> = texts[1..].iter().map(|(id, _)| id.as_str()).collect();
    lint::lint(
        &project.lint_scripts(),
        &selected,
        plan.dialect,
        &LintContext::default(),
    )
    .into_iter()
    // An unparsed statement is only `info`, but one that autogenerate writes would make
    // the invariant hollow: lint could not check it.
    .filter(|f| f.severity >= Severity::Warning || f.rule == "unparsed")
    .map(|f| {
        let (_, text) = texts
            .iter()
            .find(|(id, _)| *id == f.revision)
            .expect("linted");
        let statement = text.lines().nth(f.line - 1).unwrap_or("");
        format!(
            "{} {}:{}: {} [{statement}]",
            f.rule, f.revision, f.line, f.message
        )
    })
    .collect()
}
