//! The `-- shale:NAME ARGS` directive lines and the syntax of their arguments.

/// A directive line's name and arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Directive<'a> {
    /// The name after `shale:`, as written.
    pub name: &'a str,
    /// The rest of the line, trimmed.
    pub args: &'a str,
}

/// The directives shale knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Name {
    Revision,
    Revises,
    Message,
    Created,
    Transaction,
    ForeignKeys,
    Upgrade,
    Downgrade,
    Irreversible,
    /// `-- shale:allow RULE…`: silences lint findings (see `crate::lint`).
    Allow,
    /// `-- shale:repeat-until-zero`, in the comment lines right above a statement: the
    /// runner runs the statement again until it changes no row (a batched backfill).
    RepeatUntilZero,
    /// `-- shale:replaces REV…`: a squashed revision and the revisions it stands for.
    Replaces,
    /// `-- shale:branch-labels NAME…`: names for the branch this revision starts or joins.
    BranchLabels,
    /// `-- shale:depends-on REV…`: revisions applied before this one without being its parents.
    DependsOn,
}

impl Directive<'_> {
    /// The directive this is, if shale knows it (names are case-insensitive).
    pub(crate) fn known(&self) -> Option<Name> {
        const NAMES: [(&str, Name); 14] = [
            ("revision", Name::Revision),
            ("revises", Name::Revises),
            ("message", Name::Message),
            ("created", Name::Created),
            ("transaction", Name::Transaction),
            ("foreign-keys", Name::ForeignKeys),
            ("upgrade", Name::Upgrade),
            ("downgrade", Name::Downgrade),
            ("irreversible", Name::Irreversible),
            ("allow", Name::Allow),
            ("repeat-until-zero", Name::RepeatUntilZero),
            ("replaces", Name::Replaces),
            ("branch-labels", Name::BranchLabels),
            ("depends-on", Name::DependsOn),
        ];
        NAMES
            .iter()
            .find(|(text, _)| self.name.eq_ignore_ascii_case(text))
            .map(|&(_, name)| name)
    }
}

/// The directive on `line`, if the line is one: `--`, optional spaces, `shale:`
/// (any case), a name, then arguments.
pub(crate) fn parse_line(line: &str) -> Option<Directive<'_>> {
    let rest = line.trim_start().strip_prefix("--")?.trim_start();
    let prefix = rest.get(..6)?;
    if !prefix.eq_ignore_ascii_case("shale:") {
        return None;
    }
    let rest = &rest[6..];
    let name_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    Some(Directive {
        name: &rest[..name_end],
        args: rest[name_end..].trim(),
    })
}

/// The lint rule ids of a `-- shale:allow RULE [RULE…]` line (separated by spaces or
/// commas), or `None` when `line` is not such a line.
pub(crate) fn allowed_rules(line: &str) -> Option<Vec<&str>> {
    let d = parse_line(line).filter(|d| d.known() == Some(Name::Allow))?;
    Some(
        d.args
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|r| !r.is_empty())
            .collect(),
    )
}

/// Whether `id` is a valid revision id: 1 to 32 characters among `0-9`, `a-z`, `_`.
pub fn is_valid_revision_id(id: &str) -> bool {
    (1..=32).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase() || b == b'_')
}

/// Whether `label` is a valid branch label: 1 to 64 characters among `0-9`, `a-z`, `A-Z`,
/// `_`, and not one of the target words `head`, `heads`, `base`.
pub fn is_valid_branch_label(label: &str) -> bool {
    (1..=64).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !matches!(label, "head" | "heads" | "base")
}

/// Whether `text` is an RFC 3339 date-time such as `2026-11-25T10:30:00Z`
/// (`T`, `t` or a space between date and time; fractional seconds; `Z` or an offset).
pub(crate) fn is_rfc3339(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |from: usize, len: usize, max: u32| -> bool {
        b.get(from..from + len).is_some_and(|d| {
            d.iter().all(u8::is_ascii_digit)
                && d.iter().fold(0u32, |n, &c| n * 10 + u32::from(c - b'0')) <= max
        })
    };
    let date_time = b.len() >= 19
        && digits(0, 4, 9999)
        && b[4] == b'-'
        && digits(5, 2, 12)
        && b[7] == b'-'
        && digits(8, 2, 31)
        && matches!(b[10], b'T' | b't' | b' ')
        && digits(11, 2, 23)
        && b[13] == b':'
        && digits(14, 2, 59)
        && b[16] == b':'
        && digits(17, 2, 60);
    if !date_time {
        return false;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let len = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 {
            return false;
        }
        rest = &fraction[len..];
    }
    match rest.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', ..] if rest.len() == 6 => {
            let o = rest.as_bytes();
            o[3] == b':'
                && o[1..3].iter().chain(&o[4..6]).all(u8::is_ascii_digit)
                && (o[1] - b'0') * 10 + (o[2] - b'0') <= 23
                && (o[4] - b'0') * 10 + (o[5] - b'0') <= 59
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directive_lines() {
        let d = parse_line("  --  SHALE:Revises  a b ").unwrap();
        assert_eq!((d.name, d.args), ("Revises", "a b"));
        assert_eq!(d.known(), Some(Name::Revises));
        let d = parse_line("--shale:upgrade").unwrap();
        assert_eq!((d.name, d.args), ("upgrade", ""));
        assert_eq!(parse_line("-- shale:frobnicate x").unwrap().known(), None);
        assert_eq!(parse_line("-- a comment about shale: nothing"), None);
        assert_eq!(parse_line("SELECT 1 -- shale:upgrade"), None);
        assert_eq!(parse_line("-- shal"), None);
        assert_eq!(parse_line("-- é"), None);
    }

    #[test]
    fn allow_lines() {
        assert_eq!(
            allowed_rules("-- shale:allow drop-table, truncate"),
            Some(vec!["drop-table", "truncate"])
        );
        assert_eq!(allowed_rules("-- shale:allow"), Some(vec![]));
        assert_eq!(allowed_rules("-- shale:upgrade"), None);
        assert_eq!(allowed_rules("DROP TABLE t"), None);
    }

    #[test]
    fn revision_ids() {
        assert!(is_valid_revision_id("3f2a9c1d7b4e"));
        assert!(is_valid_revision_id("release_2_0"));
        assert!(is_valid_revision_id(&"a".repeat(32)));
        assert!(!is_valid_revision_id(""));
        assert!(!is_valid_revision_id(&"a".repeat(33)));
        assert!(!is_valid_revision_id("3F2A"));
        assert!(!is_valid_revision_id("a-b"));
    }

    #[test]
    fn rfc3339_timestamps() {
        for ok in [
            "2026-11-25T10:30:00Z",
            "2026-11-25t10:30:00z",
            "2026-11-25 10:30:00.123456+01:00",
            "2026-11-25T10:30:60-05:30",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
        }
        for bad in [
            "",
            "2026-11-25",
            "2026-11-25T10:30:00",
            "2026-13-25T10:30:00Z",
            "2026-11-25T24:30:00Z",
            "2026-11-25T10:30:00.Z",
            "2026-11-25T10:30:00+1:00",
            "2026-11-25T10:30:00+25:00",
            "2026-11-25T10:30:00Zjunk",
            "2026-11-25T10:30:00é",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }
}
