//! Writing new scripts: [`render`] a script's text and name its file with
//! [`file_name`].

use std::fmt::Write as _;

use super::error::ScriptError;

/// The parts of a new script, for [`render`].
#[derive(Debug, Clone, Copy)]
pub struct NewScript<'a> {
    /// The new revision's id.
    pub revision: &'a str,
    /// Its parents; empty for a root.
    pub revises: &'a [String],
    /// The message (line breaks become spaces).
    pub message: &'a str,
    /// The creation time, RFC 3339 (`2026-11-25T10:30:00Z`); empty to leave it out.
    pub created: &'a str,
    /// The upgrade SQL; it must not contain `-- shale:` marker lines.
    pub upgrade: &'a str,
    /// The downgrade SQL (may be empty, or hold `-- shale:irreversible`).
    pub downgrade: &'a str,
    /// False to write `-- shale:transaction off`.
    pub transactional: bool,
    /// True to write `-- shale:foreign-keys off` (SQLite table rebuilds).
    pub foreign_keys_off: bool,
    /// Branch labels to write (`-- shale:branch-labels`); none when empty.
    pub branch_labels: &'a [String],
    /// Dependencies to write (`-- shale:depends-on`); none when empty.
    pub depends_on: &'a [String],
}

/// The file text of a new script, in the format [`parse`](super::parse) reads:
///
/// ```text
/// -- shale:revision 3f2a9c1d7b4e
/// -- shale:revises  a1b2c3d4e5f6
/// -- shale:message  add display_name to users
/// -- shale:created  2026-11-25T10:30:00Z
///
/// -- shale:upgrade
/// ALTER TABLE users ADD COLUMN display_name VARCHAR(80);
///
/// -- shale:downgrade
/// ALTER TABLE users DROP COLUMN display_name;
/// ```
///
/// The output is deterministic: the same inputs give the same bytes.
pub fn render(new: &NewScript) -> String {
    let mut out = String::new();
    header_line(&mut out, "revision", new.revision);
    header_line(&mut out, "revises", &new.revises.join(" "));
    header_line(&mut out, "message", &one_line(new.message));
    if !new.created.is_empty() {
        header_line(&mut out, "created", new.created);
    }
    if !new.branch_labels.is_empty() {
        header_line(&mut out, "branch-labels", &new.branch_labels.join(" "));
    }
    if !new.depends_on.is_empty() {
        header_line(&mut out, "depends-on", &new.depends_on.join(" "));
    }
    if !new.transactional {
        out.push_str("-- shale:transaction off\n");
    }
    if new.foreign_keys_off {
        out.push_str("-- shale:foreign-keys off\n");
    }
    out.push_str("\n-- shale:upgrade\n");
    push_body(&mut out, new.upgrade);
    out.push_str("\n-- shale:downgrade\n");
    push_body(&mut out, new.downgrade);
    out
}

/// `-- shale:NAME VALUE`, names padded so that values line up.
fn header_line(out: &mut String, name: &str, value: &str) {
    let start = out.len();
    let _ = write!(out, "-- shale:{name:<8} {value}");
    let trimmed = out[start..].trim_end().len();
    out.truncate(start + trimmed);
    out.push('\n');
}

/// `text` on one line: control characters (line breaks included) become spaces.
fn one_line(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    spaced.trim().to_owned()
}

/// Appends a section body without blank lines around it, ending with a line break.
fn push_body(out: &mut String, body: &str) {
    let body = body.trim_end();
    let leading = body.len() - body.trim_start().len();
    let cut = body[..leading].rfind(['\n', '\r']).map_or(0, |at| at + 1);
    let body = &body[cut..];
    if !body.is_empty() {
        out.push_str(body);
        out.push('\n');
    }
}

/// The default `file_template`: `20261125_1030_3f2a9c1d7b4e_add_display_name.sql`.
///
/// A template is text with placeholders in braces: `{year}` (4 digits), `{month}`,
/// `{day}`, `{hour}`, `{minute}` (2 digits each, UTC), `{rev}` (the revision id) and
/// `{slug}` (the message made file-name safe, see [`slug`]). `.sql` is appended
/// unless the template ends with it.
pub const DEFAULT_FILE_TEMPLATE: &str = "{year}{month}{day}_{hour}{minute}_{rev}_{slug}";

const PLACEHOLDERS: [&str; 7] = ["year", "month", "day", "hour", "minute", "rev", "slug"];

/// The file name of a new script: `template` (see [`DEFAULT_FILE_TEMPLATE`]) with
/// its placeholders filled from the revision, message and creation time
/// `(year, month, day, hour, minute)` in UTC. Unknown placeholders are kept as
/// written ([`check_file_template`] rejects them); with an empty slug, separators
/// left at the end of the name are dropped.
pub fn file_name(
    template: &str,
    revision: &str,
    message: &str,
    created: (i32, u32, u32, u32, u32),
) -> String {
    let (year, month, day, hour, minute) = created;
    let slug = slug(message);
    let value = |key: &str| -> Option<String> {
        Some(match key {
            "year" => format!("{year:04}"),
            "month" => format!("{month:02}"),
            "day" => format!("{day:02}"),
            "hour" => format!("{hour:02}"),
            "minute" => format!("{minute:02}"),
            "rev" => revision.to_owned(),
            "slug" => slug.clone(),
            _ => return None,
        })
    };
    let mut name = String::new();
    for part in parts(template) {
        match part {
            Part::Text(text) => name.push_str(text),
            Part::Placeholder(key) => match value(key) {
                Some(v) => name.push_str(&v),
                None => {
                    let _ = write!(name, "{{{key}}}");
                }
            },
        }
    }
    let mut stem = name.strip_suffix(".sql").unwrap_or(&name);
    if slug.is_empty() {
        stem = stem.trim_end_matches(['_', '-', '.', ' ']);
    }
    format!("{stem}.sql")
}

/// Checks a `file_template`: known placeholders only, closed braces, `{rev}` present
/// (so that file names are unique) and no path separator.
pub fn check_file_template(template: &str) -> Result<(), ScriptError> {
    let fail = |reason: String| ScriptError::FileTemplate {
        template: template.to_owned(),
        reason,
    };
    if template.contains(['/', '\\']) {
        return Err(fail("a file name cannot contain `/` or `\\`".into()));
    }
    let mut has_rev = false;
    for part in parts(template) {
        match part {
            Part::Placeholder(key) if !PLACEHOLDERS.contains(&key) => {
                return Err(fail(format!(
                    "unknown placeholder `{{{key}}}`; use {{year}} {{month}} {{day}} {{hour}} {{minute}} {{rev}} {{slug}}"
                )));
            }
            Part::Placeholder(key) => has_rev |= key == "rev",
            Part::Text(text) if text.contains(['{', '}']) => {
                return Err(fail("a `{` or `}` without its pair".into()));
            }
            Part::Text(_) => {}
        }
    }
    if has_rev {
        Ok(())
    } else {
        Err(fail(
            "it must contain `{rev}` so that every file name is unique".into(),
        ))
    }
}

/// A piece of a file template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part<'a> {
    Text(&'a str),
    Placeholder(&'a str),
}

/// The template cut into text and `{placeholder}`s; an unclosed `{` stays text.
fn parts(template: &str) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            parts.push(Part::Text(&rest[..open]));
        }
        parts.push(Part::Placeholder(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(Part::Text(rest));
    }
    parts
}

/// A message made file-name safe: ASCII letters and digits lowercased, every run of
/// anything else one `_`, no `_` at either end, at most 40 characters.
pub fn slug(message: &str) -> String {
    let mut slug = String::new();
    for c in message.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('_') {
            slug.push('_');
        }
    }
    slug.truncate(40);
    slug.trim_end_matches('_').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHEN: (i32, u32, u32, u32, u32) = (2026, 11, 5, 9, 3);

    #[test]
    fn default_file_name_sorts_by_creation_time() {
        let name = file_name(
            DEFAULT_FILE_TEMPLATE,
            "3f2a9c1d7b4e",
            "Add display_name to users!",
            WHEN,
        );
        assert_eq!(
            name,
            "20261105_0903_3f2a9c1d7b4e_add_display_name_to_users.sql"
        );
    }

    #[test]
    fn custom_templates() {
        assert_eq!(file_name("{rev}", "abc", "x", WHEN), "abc.sql");
        assert_eq!(
            file_name("{year}-{rev}.sql", "abc", "x", WHEN),
            "2026-abc.sql"
        );
        assert_eq!(
            file_name("{rev}_{nope}", "abc", "x", WHEN),
            "abc_{nope}.sql"
        );
        assert_eq!(
            file_name(DEFAULT_FILE_TEMPLATE, "abc", "!!!", WHEN),
            "20261105_0903_abc.sql"
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("  Add: users.email (unique)  "),
            "add_users_email_unique"
        );
        assert_eq!(slug("café crème"), "caf_cr_me");
        assert_eq!(slug(""), "");
        let long = slug(&"word ".repeat(20));
        assert!(long.len() <= 40 && !long.ends_with('_'), "{long}");
    }

    #[test]
    fn template_checks() {
        assert!(check_file_template(DEFAULT_FILE_TEMPLATE).is_ok());
        for bad in [
            "{slug}",
            "{rev}_{when}",
            "{rev}/{slug}",
            "{rev}_}",
            "{rev}{",
        ] {
            let e = check_file_template(bad).expect_err(bad);
            assert!(matches!(e, ScriptError::FileTemplate { .. }));
            assert!(e.to_string().contains(bad), "{e}");
        }
    }
}
