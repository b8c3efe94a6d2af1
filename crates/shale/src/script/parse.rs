//! [`Script`] and [`parse`]: reading a script's header directives and slicing its
//! sections, without splitting statements or hashing (those are lazy, on
//! [`Section`]).

use std::path::{Path, PathBuf};

use super::directive::{
    allowed_rules, is_rfc3339, is_valid_branch_label, is_valid_revision_id, parse_line, Directive,
    Name,
};
use super::error::ScriptError;
use super::lines::{lines, Line};
use super::section::Section;
use super::split::first_code_line;

/// A migration script: one revision, read from one file of the versions folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    /// The revision id (`-- shale:revision`).
    pub revision: String,
    /// The parent revisions (`-- shale:revises`); empty for a root.
    pub revises: Vec<String>,
    /// The message (`-- shale:message`); empty when absent.
    pub message: String,
    /// The creation time as written (`-- shale:created`, RFC 3339).
    pub created: Option<String>,
    /// False when `-- shale:transaction off` appears anywhere in the script.
    pub transactional: bool,
    /// True when `-- shale:foreign-keys off` appears: on SQLite the runner turns foreign-key
    /// enforcement off around the revision's transaction (a table rebuild needs it; SQLite
    /// ignores the pragma inside a transaction) and runs `PRAGMA foreign_key_check` before
    /// committing. Other dialects ignore it.
    pub foreign_keys_off: bool,
    /// The file the script was read from.
    pub path: PathBuf,
    /// The `-- shale:upgrade` section.
    pub upgrade: Section,
    /// The `-- shale:downgrade` section; `present` is false when the script has none.
    pub downgrade: Section,
    /// Lint rule ids from `-- shale:allow` lines in the header: silenced for the whole file.
    pub allow: Vec<String>,
    /// The revisions this squashed revision replaces (`-- shale:replaces`); empty for an
    /// ordinary revision. See [`crate::adopt::squash`].
    pub replaces: Vec<String>,
    /// Branch labels (`-- shale:branch-labels`): names that targets such as `NAME@head`
    /// use for the branch this revision belongs to.
    pub branch_labels: Vec<String>,
    /// Dependencies (`-- shale:depends-on`): revision ids, prefixes or branch labels that
    /// must be applied before this revision, without being its parents.
    pub depends_on: Vec<String>,
}

/// Parses the text of the script at `path` (the path is only used in errors and
/// kept in the [`Script`]).
///
/// A script is a header of directive lines (`-- shale:revision`, `revises`,
/// `message`, `created`, `transaction`, `foreign-keys`), comments and blank lines,
/// then a `-- shale:upgrade` section and optionally a `-- shale:downgrade` section,
/// in either order. The `off|on` switches `-- shale:transaction` and
/// `-- shale:foreign-keys` may also appear inside a section;
/// `-- shale:irreversible [reason]` belongs in the downgrade section;
/// `-- shale:allow RULE…` may appear anywhere (see [`crate::lint`]). Any other
/// `-- shale:` line is an error, so typos do not pass silently. Directives are
/// recognised line by line, without lexing the SQL, so a `-- shale:` line inside a
/// multi-line string or comment still counts. Each section is then lexed once
/// (statements are not split) to refuse a string, quoted identifier, comment, dollar
/// quote or `BEGIN … END` body that is never closed ([`ScriptError::Unterminated`]).
/// A leading UTF-8 byte order mark is ignored.
pub fn parse(path: &Path, text: &str) -> Result<Script, ScriptError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parser = Parser::new(path);
    let mut last_line = 0;
    for line in lines(text) {
        last_line = line.number;
        if let Some(directive) = parse_line(line.text) {
            parser.directive(&line, directive)?;
        }
    }
    parser.finish(text, last_line)
}

/// A value read from a directive, with the line it was read on.
type Found<T> = Option<(T, usize)>;

/// A section marker line.
#[derive(Debug, Clone, Copy)]
struct Marker {
    line: usize,
    start: usize,
    body: usize,
}

/// The parser's state while it reads lines.
struct Parser<'p> {
    path: &'p Path,
    revision: Found<String>,
    revises: Found<Vec<String>>,
    replaces: Found<Vec<String>>,
    message: Found<String>,
    created: Found<String>,
    transaction: Found<bool>,
    foreign_keys: Found<bool>,
    branch_labels: Found<Vec<String>>,
    depends_on: Found<Vec<String>>,
    upgrade: Option<Marker>,
    downgrade: Option<Marker>,
    allow: Vec<String>,
}

impl<'p> Parser<'p> {
    fn new(path: &'p Path) -> Self {
        Parser {
            path,
            revision: None,
            revises: None,
            replaces: None,
            message: None,
            created: None,
            transaction: None,
            foreign_keys: None,
            branch_labels: None,
            depends_on: None,
            upgrade: None,
            downgrade: None,
            allow: Vec::new(),
        }
    }

    fn in_section(&self) -> bool {
        self.upgrade.is_some() || self.downgrade.is_some()
    }

    fn directive(&mut self, line: &Line, d: Directive) -> Result<(), ScriptError> {
        let Some(name) = d.known() else {
            return Err(ScriptError::UnknownDirective {
                path: self.path.to_owned(),
                line: line.number,
                name: d.name.to_owned(),
            });
        };
        match name {
            Name::Upgrade | Name::Downgrade => self.marker(name, line, d),
            Name::Irreversible => self.irreversible(line, d),
            // Inside a section, `allow` concerns the statement below it; the linter reads
            // those lines from the section's text.
            Name::Allow => {
                if !self.in_section() {
                    let rules = allowed_rules(line.text).unwrap_or_default();
                    self.allow.extend(rules.into_iter().map(str::to_owned));
                }
                Ok(())
            }
            // Concerns the statement below it; the runner reads it from the section's text.
            Name::RepeatUntilZero if self.in_section() => Ok(()),
            Name::RepeatUntilZero => Err(self.invalid(
                line,
                d,
                "put it inside a section, right above the statement to repeat",
            )),
            Name::Transaction | Name::ForeignKeys => self.switch(name, line, d),
            Name::Revision | Name::Revises | Name::Replaces | Name::Message | Name::Created => {
                self.header(name, line, d)
            }
            Name::BranchLabels | Name::DependsOn => self.names(name, line, d),
        }
    }

    /// An `off`/`on` switch (`transaction`, `foreign-keys`), allowed anywhere.
    fn switch(&mut self, name: Name, line: &Line, d: Directive) -> Result<(), ScriptError> {
        let on = match d.args.to_ascii_lowercase().as_str() {
            "off" => false,
            "on" => true,
            _ => return Err(self.invalid(line, d, "write `off` or `on`")),
        };
        let seen = if name == Name::Transaction {
            self.transaction
        } else {
            self.foreign_keys
        };
        self.check_unique(seen.as_ref(), line, d)?;
        let slot = if name == Name::Transaction {
            &mut self.transaction
        } else {
            &mut self.foreign_keys
        };
        *slot = Some((on, line.number));
        Ok(())
    }

    fn header(&mut self, name: Name, line: &Line, d: Directive) -> Result<(), ScriptError> {
        if self.in_section() {
            return Err(self.misplaced(line, d, HEADER_RULE));
        }
        let at = line.number;
        match name {
            Name::Revision => {
                self.check_unique(self.revision.as_ref(), line, d)?;
                self.check_id(d.args, at)?;
                self.revision = Some((d.args.to_owned(), at));
            }
            Name::Revises => {
                self.check_unique(self.revises.as_ref(), line, d)?;
                let parents = self.parents(line, d)?;
                self.revises = Some((parents, at));
            }
            Name::Replaces => {
                self.check_unique(self.replaces.as_ref(), line, d)?;
                let replaced = self.parents(line, d)?;
                self.replaces = Some((replaced, at));
            }
            Name::Message => {
                self.check_unique(self.message.as_ref(), line, d)?;
                self.message = Some((d.args.to_owned(), at));
            }
            _ => {
                self.check_unique(self.created.as_ref(), line, d)?;
                if !d.args.is_empty() && !is_rfc3339(d.args) {
                    return Err(self.invalid(line, d, CREATED_RULE));
                }
                self.created = Some((d.args.to_owned(), at));
            }
        }
        Ok(())
    }

    /// A `branch-labels` or `depends-on` header line: names separated by spaces or commas.
    fn names(&mut self, name: Name, line: &Line, d: Directive) -> Result<(), ScriptError> {
        if self.in_section() {
            return Err(self.misplaced(line, d, HEADER_RULE));
        }
        let seen = if name == Name::BranchLabels {
            self.branch_labels.as_ref()
        } else {
            self.depends_on.as_ref()
        };
        self.check_unique(seen, line, d)?;
        let mut names: Vec<String> = Vec::new();
        for item in d.args.split(|c: char| c.is_whitespace() || c == ',') {
            if item.is_empty() {
                continue;
            }
            let valid = match name {
                Name::BranchLabels => is_valid_branch_label(item),
                _ => is_valid_revision_id(item) || is_valid_branch_label(item),
            };
            if !valid {
                let expected = match name {
                    Name::BranchLabels => LABEL_RULE,
                    _ => DEPENDS_RULE,
                };
                return Err(self.invalid(line, d, expected));
            }
            if names.iter().any(|n| n == item) {
                return Err(self.invalid(line, d, "a name is listed twice; list it once"));
            }
            names.push(item.to_owned());
        }
        let slot = if name == Name::BranchLabels {
            &mut self.branch_labels
        } else {
            &mut self.depends_on
        };
        *slot = Some((names, line.number));
        Ok(())
    }

    /// The parent ids of a `revises` directive, separated by spaces or commas.
    fn parents(&self, line: &Line, d: Directive) -> Result<Vec<String>, ScriptError> {
        let mut parents: Vec<String> = Vec::new();
        for id in d.args.split(|c: char| c.is_whitespace() || c == ',') {
            if id.is_empty() {
                continue;
            }
            self.check_id(id, line.number)?;
            if parents.iter().any(|p| p == id) {
                return Err(self.invalid(line, d, "a revision is listed twice; list it once"));
            }
            parents.push(id.to_owned());
        }
        Ok(parents)
    }

    fn marker(&mut self, name: Name, line: &Line, d: Directive) -> Result<(), ScriptError> {
        if !d.args.is_empty() {
            return Err(self.invalid(line, d, "a section marker takes no argument"));
        }
        let slot = if name == Name::Upgrade {
            &mut self.upgrade
        } else {
            &mut self.downgrade
        };
        if let Some(first) = slot {
            return Err(ScriptError::DuplicateSection {
                path: self.path.to_owned(),
                line: line.number,
                name: d.name.to_ascii_lowercase(),
                first_line: first.line,
            });
        }
        *slot = Some(Marker {
            line: line.number,
            start: line.start,
            body: line.next,
        });
        Ok(())
    }

    fn irreversible(&self, line: &Line, d: Directive) -> Result<(), ScriptError> {
        let in_downgrade = match (self.upgrade, self.downgrade) {
            (Some(up), Some(down)) => down.line > up.line,
            (_, down) => down.is_some(),
        };
        if in_downgrade {
            Ok(())
        } else {
            Err(self.misplaced(line, d, IRREVERSIBLE_RULE))
        }
    }

    /// Checks the header, then cuts the text into the two sections.
    fn finish(self, text: &str, last_line: usize) -> Result<Script, ScriptError> {
        let path = self.path.to_owned();
        let Some((revision, revision_line)) = self.revision else {
            return Err(ScriptError::MissingRevision { path });
        };
        let Some(upgrade) = self.upgrade else {
            return Err(ScriptError::MissingUpgrade { path });
        };
        let header_end = self
            .downgrade
            .map_or(upgrade.start, |d| d.start.min(upgrade.start));
        if let Some(line) = first_code_line(&text[..header_end]) {
            return Err(ScriptError::StatementBeforeSection { path, line });
        }
        let revises = self.revises.map(|(r, _)| r).unwrap_or_default();
        let replaces = self.replaces.map(|(r, _)| r).unwrap_or_default();
        if revises.contains(&revision) || replaces.contains(&revision) {
            return Err(ScriptError::InvalidDirectiveValue {
                path,
                line: revision_line,
                name: "revision".into(),
                value: revision,
                expected: "a revision cannot revise or replace itself; check `-- shale:revises` and `-- shale:replaces`",
            });
        }
        let cut = |marker: Marker, other: Option<Marker>| Section {
            text: text[marker.body
                ..other
                    .filter(|o| o.start > marker.start)
                    .map_or(text.len(), |o| o.start)]
                .to_owned(),
            first_line: marker.line + 1,
            present: true,
        };
        let absent = Section {
            text: String::new(),
            first_line: last_line + 1,
            present: false,
        };
        let script = Script {
            revision,
            revises,
            message: self.message.map(|(m, _)| m).unwrap_or_default(),
            created: self.created.map(|(c, _)| c).filter(|c| !c.is_empty()),
            transactional: !matches!(self.transaction, Some((false, _))),
            foreign_keys_off: matches!(self.foreign_keys, Some((false, _))),
            upgrade: cut(upgrade, self.downgrade),
            downgrade: self.downgrade.map_or(absent, |d| cut(d, Some(upgrade))),
            path,
            allow: self.allow,
            replaces,
            branch_labels: self.branch_labels.map(|(l, _)| l).unwrap_or_default(),
            depends_on: self.depends_on.map(|(d, _)| d).unwrap_or_default(),
        };
        check_closed(&script)?;
        Ok(script)
    }

    fn check_unique<T>(
        &self,
        seen: Option<&(T, usize)>,
        line: &Line,
        d: Directive,
    ) -> Result<(), ScriptError> {
        match seen {
            Some(&(_, first_line)) => Err(ScriptError::DuplicateDirective {
                path: self.path.to_owned(),
                line: line.number,
                name: d.name.to_ascii_lowercase(),
                first_line,
            }),
            None => Ok(()),
        }
    }

    fn check_id(&self, id: &str, line: usize) -> Result<(), ScriptError> {
        if is_valid_revision_id(id) {
            Ok(())
        } else {
            Err(ScriptError::MalformedRevision {
                path: self.path.to_owned(),
                line,
                value: id.to_owned(),
            })
        }
    }

    fn invalid(&self, line: &Line, d: Directive, expected: &'static str) -> ScriptError {
        ScriptError::InvalidDirectiveValue {
            path: self.path.to_owned(),
            line: line.number,
            name: d.name.to_ascii_lowercase(),
            value: d.args.to_owned(),
            expected,
        }
    }

    fn misplaced(&self, line: &Line, d: Directive, rule: &'static str) -> ScriptError {
        ScriptError::MisplacedDirective {
            path: self.path.to_owned(),
            line: line.number,
            name: d.name.to_ascii_lowercase(),
            rule,
        }
    }
}

/// Refuses a section that leaves a string, quoted identifier, comment, dollar quote or
/// routine body open: the statements after it would be swallowed by it, or, behind an
/// unclosed comment, never run at all.
fn check_closed(script: &Script) -> Result<(), ScriptError> {
    for (section, text) in [
        ("upgrade", &script.upgrade),
        ("downgrade", &script.downgrade),
    ] {
        if let Some((what, line)) = text.unclosed() {
            return Err(ScriptError::Unterminated {
                path: script.path.clone(),
                line,
                section,
                what,
            });
        }
    }
    Ok(())
}

const HEADER_RULE: &str =
    "belongs in the header: move it above the first `-- shale:upgrade`/`-- shale:downgrade` marker";
const IRREVERSIBLE_RULE: &str =
    "belongs inside the `-- shale:downgrade` section: move it below that marker";
const LABEL_RULE: &str =
    "write branch labels of letters, digits and `_`, other than head, heads and base";
const DEPENDS_RULE: &str = "write revision ids, prefixes or branch labels (letters, digits, `_`)";
const CREATED_RULE: &str = "write an RFC 3339 time such as 2026-11-25T10:30:00Z";
