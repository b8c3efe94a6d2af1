//! [`lint`]: the scripts of a revision range replayed and checked, in graph order.

use super::check::{self, check_upgrade, Env, Raw};
use super::replay::Tracked;
use super::sql::{self, parse_section};
use super::{allow, reverse, Finding, LintContext, Rule};
use crate::dialect::Dialect;
use crate::graph::RevisionGraph;
use crate::script::Script;
use std::collections::{HashMap, HashSet};

/// What lint reads: the revision graph, the scripts by revision id, and the rules
/// allowed for the whole project (`[lint] allow`). A project gives it with
/// [`Project::lint_scripts`](crate::Project::lint_scripts).
#[derive(Debug, Clone, Copy)]
pub struct Scripts<'a> {
    pub graph: &'a RevisionGraph,
    pub scripts: &'a HashMap<String, Script>,
    pub allow: &'a [String],
}

/// Lints the scripts of `revisions` (full ids) for `dialect`, and returns the findings in
/// graph order (parents first), then by line. Every revision's upgrade is replayed,
/// selected or not, so that column types are known. Pure: what a database says comes in
/// `ctx`.
pub fn lint(
    sources: &Scripts<'_>,
    revisions: &[&str],
    dialect: Dialect,
    ctx: &LintContext,
) -> Vec<Finding> {
    let selected: HashSet<&str> = revisions.iter().copied().collect();
    let mut states = States::new(sources.graph);
    let mut findings = Vec::new();
    for id in sources.graph.topological() {
        let Some(script) = sources.scripts.get(id) else {
            continue;
        };
        let before = states.before(&script.revises);
        let env = Env {
            dialect,
            database: ctx.database.as_ref(),
            transactional: script.transactional,
        };
        let upgrade = parse_section(&script.upgrade, dialect);
        if selected.contains(id) {
            // Reversibility needs the old state of the tables the upgrade rebuilds only;
            // copying just those keeps linting a long history linear.
            let rebuilt = before.subset(&check::rebuilt_tables(&upgrade));
            let (mut raw, after) = check_upgrade(&upgrade, before, env);
            let before = rebuilt;
            raw.extend(revision_rules(script, &upgrade, &before, &after, env));
            findings.extend(finish(sources.allow, script, raw));
            states.put(id, after);
        } else {
            states.put(id, check_upgrade(&upgrade, before, env).1);
        }
    }
    findings
}

/// The replayed schema after each revision, kept only until its last child has read it,
/// and handed over without a copy to that last child (so a long linear history costs
/// no more than one schema).
struct States<'p> {
    after: HashMap<&'p str, Tracked>,
    /// Children of each revision not yet linted.
    waiting: HashMap<&'p str, usize>,
}

impl<'p> States<'p> {
    fn new(graph: &'p RevisionGraph) -> Self {
        let waiting = graph
            .topological()
            .into_iter()
            .map(|id| (id, graph.children(id).len()))
            .collect();
        States {
            after: HashMap::new(),
            waiting,
        }
    }

    /// The schema before a revision with these parents (the union of theirs).
    fn before(&mut self, parents: &[String]) -> Tracked {
        let mut before = Tracked::default();
        for parent in parents {
            let Some(waiting) = self.waiting.get_mut(parent.as_str()) else {
                continue;
            };
            *waiting = waiting.saturating_sub(1);
            let state = match *waiting {
                0 => self.after.remove(parent.as_str()),
                _ => self.after.get(parent.as_str()).cloned(),
            };
            match state {
                Some(state) if before.tables.is_empty() => before = state,
                Some(state) => before.merge(&state),
                None => {}
            }
        }
        before
    }

    /// Keeps the schema after revision `id` for its children, if it has any.
    fn put(&mut self, id: &str, state: Tracked) {
        if let Some((&id, _)) = self.waiting.get_key_value(id).filter(|(_, &n)| n > 0) {
            self.after.insert(id, state);
        }
    }
}

/// The rules about a revision as a whole: reversibility, edits after apply.
fn revision_rules(
    script: &Script,
    upgrade: &[sql::Parsed],
    before: &Tracked,
    after: &Tracked,
    env: Env,
) -> Vec<Raw> {
    let downgrade = parse_section(&script.downgrade, env.dialect);
    let mut raw: Vec<Raw> = downgrade
        .iter()
        .filter_map(|p| {
            let message = p.result.as_ref().err().filter(|_| !p.harmless)?;
            Some(Raw {
                rule: Rule::Unparsed,
                line: p.line,
                message: format!(
                    "not checked: the SQL parser cannot read this downgrade statement ({message})"
                ),
            })
        })
        .collect();
    raw.extend(reverse::check_reversible(
        script, upgrade, &downgrade, before, after,
    ));
    if env
        .database
        .is_some_and(|db| db.modified.contains(&script.revision))
    {
        raw.push(Raw {
            rule: Rule::EditedAfterApply,
            line: script.upgrade.first_line - 1,
            message: format!(
                "revision {} was changed after it was applied: its upgrade differs from what the database ran",
                script.revision
            ),
        });
    }
    raw
}

/// Turns raw findings of one script into [`Finding`]s, dropping silenced ones.
fn finish(allow: &[String], script: &Script, raw: Vec<Raw>) -> Vec<Finding> {
    let allowed = allow::Allowed::new(script, allow);
    let mut raw: Vec<Raw> = raw
        .into_iter()
        .filter(|r| !allowed.silences(r.rule, r.line))
        .collect();
    raw.extend(allowed.unknown_rules(script));
    raw.sort_by_key(|r| (r.line, r.rule));
    raw.into_iter()
        .map(|r| Finding {
            rule: r.rule.id(),
            severity: r.rule.severity(),
            revision: script.revision.clone(),
            path: script.path.clone(),
            line: r.line,
            message: r.message,
            suggestion: r.rule.suggestion(),
        })
        .collect()
}
