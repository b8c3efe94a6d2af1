//! A script's [`Section`] (upgrade or downgrade) and its [`Statement`]s.

use sha2::{Digest, Sha256};

use super::directive::{parse_line, Name};
use super::error::Unclosed;
use super::lines::lines;
use super::split::{spans, unclosed};

/// The upgrade or downgrade section of a script: the text after its marker line, up
/// to the next marker (or the end of the file), exactly as in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The raw text of the section, line breaks included.
    pub text: String,
    /// The 1-based line number in the file of the section's first text line (for an
    /// absent section, the line after the file's last line).
    pub first_line: usize,
    /// Whether the section's marker was present at all.
    pub present: bool,
}

/// One SQL statement of a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The statement's SQL, trimmed, from its first code (comments before it left
    /// out) to its end, without the terminating `;`.
    pub sql: String,
    /// The 1-based line in the file where the statement's first code starts.
    pub line: usize,
}

impl Section {
    /// The section's statements, split on `;` (see [`split`](super::split)), with
    /// file line numbers. Whitespace and comments alone make no statement.
    pub fn statements(&self) -> Vec<Statement> {
        spans(&self.text)
            .into_iter()
            .filter_map(|span| {
                let (code, line) = span.code?;
                let end = if span.terminated {
                    span.end - 1
                } else {
                    span.end
                };
                let sql = self.text[code..end].trim();
                (!sql.is_empty()).then(|| Statement {
                    sql: sql.to_owned(),
                    line: self.first_line + line - 1,
                })
            })
            .collect()
    }

    /// The SHA-256 (lowercase hex) of the section's text, normalised so that line
    /// endings (CRLF, CR, LF), trailing whitespace on each line and blank lines at the
    /// start and end make no difference.
    pub fn checksum(&self) -> String {
        let trimmed: Vec<&str> = lines(&self.text).map(|l| l.text.trim_end()).collect();
        let first = trimmed.iter().position(|l| !l.is_empty());
        let last = trimmed.iter().rposition(|l| !l.is_empty());
        let mut hasher = Sha256::new();
        if let (Some(first), Some(last)) = (first, last) {
            for (i, line) in trimmed[first..=last].iter().enumerate() {
                if i > 0 {
                    hasher.update(b"\n");
                }
                hasher.update(line.as_bytes());
            }
        }
        hex(&hasher.finalize())
    }

    /// The first string, quoted identifier, comment, dollar quote or routine body the
    /// section opens and never closes, with the file line where it opens.
    pub(crate) fn unclosed(&self) -> Option<(Unclosed, usize)> {
        unclosed(&self.text).map(|(what, line)| (what, self.first_line + line - 1))
    }

    /// Whether a `-- shale:irreversible` line is inside this section.
    pub fn is_irreversible(&self) -> bool {
        lines(&self.text)
            .any(|l| parse_line(l.text).is_some_and(|d| d.known() == Some(Name::Irreversible)))
    }

    /// The text after `-- shale:irreversible` (why the revision cannot be undone), if the
    /// section is irreversible and the script says why.
    pub fn irreversible_reason(&self) -> Option<String> {
        lines(&self.text)
            .filter_map(|l| parse_line(l.text))
            .find(|d| d.known() == Some(Name::Irreversible))
            .map(|d| d.args.trim().to_string())
            .filter(|why| !why.is_empty())
    }

    /// The lines of the statements marked `-- shale:repeat-until-zero` (in the run of
    /// comment and blank lines right above them): the runner repeats each until it
    /// changes no row.
    pub fn repeated_statements(&self) -> std::collections::BTreeSet<usize> {
        let text: Vec<&str> = lines(&self.text).map(|l| l.text).collect();
        let mut out = std::collections::BTreeSet::new();
        for stmt in self.statements() {
            let start = stmt.line - self.first_line;
            let above = text[..start.min(text.len())].iter().rev();
            for line in above.take_while(|l| l.trim().is_empty() || l.trim().starts_with("--")) {
                if parse_line(line).is_some_and(|d| d.known() == Some(Name::RepeatUntilZero)) {
                    out.insert(stmt.line);
                    break;
                }
            }
        }
        out
    }

    /// Whether the section has no statements (only whitespace and comments).
    pub fn is_empty(&self) -> bool {
        self.statements().is_empty()
    }
}

/// Lowercase hexadecimal of `bytes`.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(text: &str, first_line: usize) -> Section {
        Section {
            text: text.to_owned(),
            first_line,
            present: true,
        }
    }

    #[test]
    fn checksum_ignores_line_endings_trailing_whitespace_and_edge_blank_lines() {
        let lf = section("CREATE TABLE t (a INT);\nDROP TABLE u;\n", 1).checksum();
        let crlf = section("CREATE TABLE t (a INT);\r\nDROP TABLE u;\r\n", 1).checksum();
        let cr = section("CREATE TABLE t (a INT);\rDROP TABLE u;\r", 1).checksum();
        let spaced = section(
            "\n  \r\nCREATE TABLE t (a INT);  \t\nDROP TABLE u; \n\n \n",
            9,
        );
        assert_eq!(lf, crlf);
        assert_eq!(lf, cr);
        assert_eq!(lf, spaced.checksum());
        assert_eq!(lf.len(), 64);
        assert!(lf
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    }

    #[test]
    fn checksum_sees_real_changes() {
        let base = section("DROP TABLE u;\n", 1).checksum();
        assert_ne!(base, section("DROP TABLE v;\n", 1).checksum());
        assert_ne!(base, section("  DROP TABLE u;\n", 1).checksum());
        assert_ne!(
            section("a;\nb;", 1).checksum(),
            section("a;\n\nb;", 1).checksum()
        );
    }

    #[test]
    fn empty_checksum_is_sha256_of_nothing() {
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert_eq!(section("", 1).checksum(), empty);
        assert_eq!(section(" \n\r\n", 1).checksum(), empty);
    }

    #[test]
    fn statements_carry_file_lines_and_drop_leading_comments() {
        let s = section(
            "\n-- add the column\nALTER TABLE users\n  ADD COLUMN x INT;  -- done\n\nSELECT 1",
            7,
        );
        assert_eq!(
            s.statements(),
            vec![
                Statement {
                    sql: "ALTER TABLE users\n  ADD COLUMN x INT".into(),
                    line: 9
                },
                Statement {
                    sql: "SELECT 1".into(),
                    line: 12
                },
            ]
        );
    }

    #[test]
    fn comment_only_sections_are_empty() {
        assert!(section("-- nothing to undo\n/* really; */\n\n", 3).is_empty());
        assert!(section("", 3).is_empty());
        assert!(section(";\n;", 3).is_empty());
        assert!(!section("-- x\nDROP TABLE t", 3).is_empty());
    }

    #[test]
    fn irreversible_marker() {
        assert!(section("-- shale:irreversible data is lost\n", 1).is_irreversible());
        assert!(section("  --SHALE:IRREVERSIBLE\n", 1).is_irreversible());
        assert!(!section("-- irreversible\nDROP TABLE t;\n", 1).is_irreversible());
    }
}
