//! Suppression: `-- shale:allow RULE…` in a script's header (the whole file) or in the
//! comment lines right above a statement (that statement), and `[lint] allow` in
//! shale.toml (the whole project).

use super::check::Raw;
use super::finding::Rule;
use crate::script::{allowed_rules, Script, Section};
use std::collections::{BTreeMap, BTreeSet};

/// What is silenced in one script.
pub(crate) struct Allowed<'s> {
    /// Rules silenced for the whole file (header and project).
    file: BTreeSet<&'s str>,
    /// The file's section lines by line number, section markers included.
    lines: BTreeMap<usize, &'s str>,
}

impl<'s> Allowed<'s> {
    /// Reads the allow lines of `script`; `project` holds `[lint] allow`.
    pub fn new(script: &'s Script, project: &'s [String]) -> Self {
        let mut lines = BTreeMap::new();
        for section in [&script.upgrade, &script.downgrade] {
            if section.present {
                lines.insert(section.first_line - 1, "-- shale: section");
                lines.extend(section_lines(section));
            }
        }
        let file = script
            .allow
            .iter()
            .chain(project)
            .map(String::as_str)
            .collect();
        Allowed { file, lines }
    }

    /// Whether a finding of `rule` at `line` is silenced: by the file, or by an allow
    /// line in the run of comment and blank lines just above it.
    pub fn silences(&self, rule: Rule, line: usize) -> bool {
        if self.file.contains(rule.id()) {
            return true;
        }
        let above = self.lines.range(..line).rev();
        let mut expected = line;
        for (&number, text) in above {
            let trimmed = text.trim();
            let comment = trimmed.is_empty() || trimmed.starts_with("--");
            if number + 1 != expected || !comment {
                return false;
            }
            if allowed_rules(trimmed).is_some_and(|rules| rules.contains(&rule.id())) {
                return true;
            }
            expected = number;
        }
        false
    }

    /// `unknown-rule` findings for allow lines in the sections that name no rule.
    pub fn unknown_rules(&self, script: &Script) -> Vec<Raw> {
        let mut out = Vec::new();
        let header = script
            .allow
            .iter()
            .map(|id| (script.upgrade.first_line - 1, id.as_str()));
        let in_sections = self.lines.iter().flat_map(|(&line, text)| {
            allowed_rules(text)
                .unwrap_or_default()
                .into_iter()
                .map(move |id| (line, id))
        });
        for (line, id) in header.chain(in_sections) {
            if Rule::from_id(id).is_none() {
                out.push(Raw {
                    rule: Rule::UnknownRule,
                    line,
                    message: format!(
                        "`-- shale:allow {id}` names no lint rule, so it silences nothing"
                    ),
                });
            }
        }
        out
    }
}

/// The lines of a section with their file line numbers.
fn section_lines(section: &Section) -> impl Iterator<Item = (usize, &str)> {
    section
        .text
        .lines()
        .enumerate()
        .map(move |(i, text)| (section.first_line + i, text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn script(text: &str) -> Script {
        crate::script::parse(Path::new("a.sql"), text).unwrap()
    }

    #[test]
    fn statement_and_file_allows() {
        let s = script(
            "-- shale:revision a\n-- shale:allow truncate\n-- shale:upgrade\n\
             -- shale:allow drop-table\n-- why: it is a scratch table\n\nDROP TABLE t;\n\
             DROP TABLE u;\n",
        );
        let allowed = Allowed::new(&s, &[]);
        assert!(allowed.silences(Rule::DropTable, 7));
        assert!(!allowed.silences(Rule::DropTable, 8));
        assert!(allowed.silences(Rule::Truncate, 8));
        let project = vec!["drop-column".to_string()];
        assert!(Allowed::new(&s, &project).silences(Rule::DropColumn, 8));
    }

    #[test]
    fn unknown_ids_are_reported() {
        let s =
            script("-- shale:revision a\n-- shale:upgrade\n-- shale:allow drop-tabel\nSELECT 1;\n");
        let raw = Allowed::new(&s, &[]).unknown_rules(&s);
        assert_eq!(raw.len(), 1);
        assert_eq!((raw[0].rule, raw[0].line), (Rule::UnknownRule, 3));
    }
}
