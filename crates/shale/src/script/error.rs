//! [`ScriptError`]: what can be wrong with a migration script or the versions folder.

use std::path::PathBuf;

/// An error reading or parsing migration scripts. Every variant names the file and,
/// where there is one, the line (as `path:line:`), and says how to fix it.
#[derive(Debug, thiserror::Error)]
pub enum ScriptError {
    /// The versions folder does not exist.
    #[error(
        "versions folder {} does not exist: run `shale init`, or check `script_location` in shale.toml",
        path.display()
    )]
    VersionsDirNotFound {
        /// The folder that was looked for.
        path: PathBuf,
    },

    /// A file or folder could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },

    /// A script is not UTF-8 text.
    #[error("{}:{line}: not UTF-8 text; save the script as UTF-8", path.display())]
    NotUtf8 {
        /// The script.
        path: PathBuf,
        /// The line holding the first invalid byte.
        line: usize,
    },

    /// A script has no `-- shale:revision` directive.
    #[error(
        "{}: no `-- shale:revision` directive; a script starts with `-- shale:revision <id>` before its `-- shale:upgrade` section",
        path.display()
    )]
    MissingRevision {
        /// The script.
        path: PathBuf,
    },

    /// A revision id (in `revision` or `revises`) is malformed.
    #[error(
        "{}:{line}: `{value}` is not a valid revision id: use 1 to 32 characters among 0-9, a-z and _",
        path.display()
    )]
    MalformedRevision {
        /// The script.
        path: PathBuf,
        /// The directive's line.
        line: usize,
        /// The id as written.
        value: String,
    },

    /// A `-- shale:` directive that shale does not know (often a typo).
    #[error(
        "{}:{line}: unknown directive `-- shale:{name}`; the directives are revision, revises, message, created, transaction, foreign-keys, upgrade, downgrade, irreversible, allow, repeat-until-zero, branch-labels and depends-on",
        path.display()
    )]
    UnknownDirective {
        /// The script.
        path: PathBuf,
        /// The directive's line.
        line: usize,
        /// The name after `shale:`.
        name: String,
    },

    /// A header directive given twice.
    #[error(
        "{}:{line}: `-- shale:{name}` is given a second time (first at line {first_line}); keep one",
        path.display()
    )]
    DuplicateDirective {
        /// The script.
        path: PathBuf,
        /// The second occurrence's line.
        line: usize,
        /// The directive's name.
        name: String,
        /// The first occurrence's line.
        first_line: usize,
    },

    /// A directive in a place where it has no meaning.
    #[error("{}:{line}: `-- shale:{name}` {rule}", path.display())]
    MisplacedDirective {
        /// The script.
        path: PathBuf,
        /// The directive's line.
        line: usize,
        /// The directive's name.
        name: String,
        /// Where it belongs, as a sentence ending.
        rule: &'static str,
    },

    /// A directive whose argument is not one it accepts.
    #[error("{}:{line}: `-- shale:{name} {value}`: {expected}", path.display())]
    InvalidDirectiveValue {
        /// The script.
        path: PathBuf,
        /// The directive's line.
        line: usize,
        /// The directive's name.
        name: String,
        /// The argument as written.
        value: String,
        /// What is accepted.
        expected: &'static str,
    },

    /// A script has no `-- shale:upgrade` marker.
    #[error(
        "{}: no `-- shale:upgrade` section marker; put the upgrade SQL after a `-- shale:upgrade` line",
        path.display()
    )]
    MissingUpgrade {
        /// The script.
        path: PathBuf,
    },

    /// A section marker given twice.
    #[error(
        "{}:{line}: a second `-- shale:{name}` marker (first at line {first_line}); a script has one upgrade and one downgrade section",
        path.display()
    )]
    DuplicateSection {
        /// The script.
        path: PathBuf,
        /// The second marker's line.
        line: usize,
        /// `upgrade` or `downgrade`.
        name: String,
        /// The first marker's line.
        first_line: usize,
    },

    /// SQL in the header, before the first section marker.
    #[error(
        "{}:{line}: SQL before the first section marker; move it under `-- shale:upgrade` or `-- shale:downgrade`",
        path.display()
    )]
    StatementBeforeSection {
        /// The script.
        path: PathBuf,
        /// The line where the SQL starts.
        line: usize,
    },

    /// A string, quoted identifier, comment, dollar quote or `BEGIN … END` body that a
    /// section opens and never closes. Left alone it would swallow every statement
    /// after it (an unclosed comment would make them silently never run).
    #[error(
        "{}:{line}: unterminated {what} in the {section} section: it runs to the end of the section, hiding or merging the statements after it; close it with {closer}",
        path.display(),
        closer = what.closer()
    )]
    Unterminated {
        /// The script.
        path: PathBuf,
        /// The line where the construct opens.
        line: usize,
        /// `upgrade` or `downgrade`.
        section: &'static str,
        /// What is left open.
        what: Unclosed,
    },

    /// A `file_template` that cannot name script files.
    #[error("file_template `{template}` in shale.toml: {reason}")]
    FileTemplate {
        /// The template as configured.
        template: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// A construct that a script opens and never closes (see [`ScriptError::Unterminated`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unclosed {
    /// A `'…'` string.
    String,
    /// A `"…"` quoted identifier.
    QuotedIdentifier,
    /// A MySQL `` `…` `` quoted identifier.
    BacktickIdentifier,
    /// A `/* … */` comment.
    BlockComment,
    /// A PostgreSQL dollar quote.
    DollarQuote {
        /// The delimiter as written: `$$` or `$tag$`.
        tag: String,
    },
    /// The `BEGIN … END` body of a `CREATE TRIGGER`, `PROCEDURE`, `FUNCTION` or `EVENT`.
    Body,
}

impl Unclosed {
    /// What closes it, with a hint where the rules are easy to trip on.
    pub fn closer(&self) -> String {
        match self {
            Unclosed::String => {
                "`'` (inside a string, `''` and `\\'` are an escaped quote, not its end)".into()
            }
            Unclosed::QuotedIdentifier => "`\"` (`\"\"` inside it is an escaped quote)".into(),
            Unclosed::BacktickIdentifier => "`` ` ``".into(),
            Unclosed::BlockComment => {
                "`*/` (comments nest, as in PostgreSQL: each `/*` inside needs its own `*/`)".into()
            }
            Unclosed::DollarQuote { tag } => format!("`{tag}`"),
            Unclosed::Body => "`END` (each `BEGIN` and `CASE` inside needs its own `END`)".into(),
        }
    }
}

impl std::fmt::Display for Unclosed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unclosed::String => f.write_str("string `'`"),
            Unclosed::QuotedIdentifier => f.write_str("quoted identifier `\"`"),
            Unclosed::BacktickIdentifier => f.write_str("quoted identifier `` ` ``"),
            Unclosed::BlockComment => f.write_str("block comment `/*`"),
            Unclosed::DollarQuote { tag } => write!(f, "dollar quote `{tag}`"),
            Unclosed::Body => f.write_str("`BEGIN … END` body"),
        }
    }
}
