//! Targets: where a command was asked to take the database.

use super::GraphError;
use std::fmt;
use std::str::FromStr;

/// Where `upgrade`, `downgrade` or `stamp` should take the database.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// `head`: the single head (an error when there are several).
    Head,
    /// `heads`: every head.
    Heads,
    /// `base`: the empty state before any root.
    Base,
    /// A full revision id or a unique prefix of one.
    Rev(String),
    /// `+N` / `-N`: N revisions up or down from the current position.
    Relative(i64),
    /// `REV+N` / `REV-N`: N revisions up or down from REV (`head` and `base` are
    /// accepted as REV: `head-1`, `base+2`).
    RevRelative(String, i64),
    /// `LABEL@head`, `LABEL@heads`, `LABEL@REV`, `LABEL@head-1`, `LABEL@REV+N`: a target
    /// within the branch named by a branch label (the revision carrying it, its ancestors
    /// and its descendants); `head` there is the head of that branch. `LABEL@base` is the
    /// position without the revision carrying the label and what builds on it: the
    /// branch unapplied, the other branches kept.
    Branch(String, Box<Target>),
}

impl FromStr for Target {
    type Err = GraphError;

    /// Parses `head`, `heads`, `base`, `+2`, `-1`, `ae1027a6acf`, `ae10+2` or `ae10-1`.
    fn from_str(text: &str) -> Result<Self, GraphError> {
        let bad = |reason: &str| GraphError::BadTarget {
            target: text.to_string(),
            reason: reason.to_string(),
        };
        let text = text.trim();
        if let Some((label, inner)) = text.split_once('@') {
            if !crate::script::is_valid_branch_label(label) {
                return Err(bad(&format!(
                    "`{label}` is not a branch label (letters, digits and `_`)"
                )));
            }
            let inner: Target = inner.parse().map_err(|_| {
                bad(&format!(
                    "after `{label}@` comes head, heads, base, a revision, REV±N or ±N, not `{inner}`"
                ))
            })?;
            return match inner {
                Target::Branch(..) => Err(bad(&format!(
                    "after `{label}@` comes head, heads, base, a revision, REV±N or ±N"
                ))),
                inner => Ok(Target::Branch(label.to_string(), Box::new(inner))),
            };
        }
        match text {
            "" => return Err(bad("it is empty")),
            "head" => return Ok(Target::Head),
            "heads" => return Ok(Target::Heads),
            "base" => return Ok(Target::Base),
            _ => {}
        }
        let Some(sign_at) = text.rfind(['+', '-']) else {
            return match is_revision_token(text) {
                true => Ok(Target::Rev(text.to_string())),
                false => Err(bad("a revision id has only letters, digits and `_`")),
            };
        };
        let (anchor, offset) = text.split_at(sign_at);
        let steps = parse_steps(offset).map_err(|reason| bad(&reason))?;
        if anchor.is_empty() {
            return Ok(Target::Relative(steps));
        }
        if !is_revision_token(anchor) {
            return Err(bad(&format!("`{anchor}` is not a revision id")));
        }
        match (anchor, steps < 0) {
            ("heads", _) => Err(bad("`heads` cannot take a relative step; name one head")),
            ("base", true) => Err(bad("there is nothing below base")),
            _ => Ok(Target::RevRelative(anchor.to_string(), steps)),
        }
    }
}

/// Parses the signed step count of `+N` / `-N`: N is a whole number of at least 1.
fn parse_steps(offset: &str) -> Result<i64, String> {
    let digits = &offset[1..];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "`{offset}` is not a sign followed by a number of steps"
        ));
    }
    let steps: i64 = digits
        .parse()
        .map_err(|_| format!("{digits} steps is too many"))?;
    if steps == 0 {
        return Err("the number of steps must be at least 1".to_string());
    }
    Ok(if offset.starts_with('-') {
        -steps
    } else {
        steps
    })
}

fn is_revision_token(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

impl fmt::Display for Target {
    /// Writes the target as a user would type it; parsing the output gives it back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Head => f.write_str("head"),
            Target::Heads => f.write_str("heads"),
            Target::Base => f.write_str("base"),
            Target::Rev(rev) => f.write_str(rev),
            Target::Relative(steps) => write!(f, "{steps:+}"),
            Target::RevRelative(rev, steps) => write!(f, "{rev}{steps:+}"),
            Target::Branch(label, inner) => write!(f, "{label}@{inner}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Target {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn parses_every_form() {
        assert_eq!(parse("head"), Target::Head);
        assert_eq!(parse("heads"), Target::Heads);
        assert_eq!(parse("base"), Target::Base);
        assert_eq!(parse(" base "), Target::Base);
        assert_eq!(parse("+2"), Target::Relative(2));
        assert_eq!(parse("-1"), Target::Relative(-1));
        assert_eq!(parse("ae1027a6acf"), Target::Rev("ae1027a6acf".into()));
        assert_eq!(parse("ae10+2"), Target::RevRelative("ae10".into(), 2));
        assert_eq!(parse("ae10-1"), Target::RevRelative("ae10".into(), -1));
        assert_eq!(parse("head-1"), Target::RevRelative("head".into(), -1));
        assert_eq!(parse("base+3"), Target::RevRelative("base".into(), 3));
        let branch = |inner| Target::Branch("net".into(), Box::new(inner));
        assert_eq!(parse("net@head"), branch(Target::Head));
        assert_eq!(parse("net@heads"), branch(Target::Heads));
        assert_eq!(parse("net@-1"), branch(Target::Relative(-1)));
        assert_eq!(parse("net@+2"), branch(Target::Relative(2)));
        assert_eq!(parse("net@ae10"), branch(Target::Rev("ae10".into())));
        assert_eq!(parse("net@base"), branch(Target::Base));
        assert_eq!(
            parse("net@head-1"),
            branch(Target::RevRelative("head".into(), -1))
        );
    }

    #[test]
    fn rejects_bad_syntax() {
        for text in [
            "",
            "+",
            "-",
            "+x",
            "1+",
            "ae10+",
            "ae10-x",
            "+0",
            "ae10-0",
            "a b",
            "ae10+1+2",
            "+-1",
            "heads+1",
            "base-1",
            "a.b",
            "+99999999999999999999",
            "net@",
            "a@b@head",
            "n-t@head",
        ] {
            match text.parse::<Target>() {
                Err(GraphError::BadTarget { target, reason }) => {
                    assert_eq!(target, text);
                    assert!(!reason.is_empty());
                }
                other => panic!("{text:?} parsed as {other:?}"),
            }
        }
    }

    #[test]
    fn display_round_trips() {
        for text in [
            "head",
            "heads",
            "base",
            "+2",
            "-1",
            "ae10",
            "ae10+2",
            "ae10-1",
            "net@head",
            "net@base",
            "net@ae10-1",
        ] {
            assert_eq!(parse(text).to_string(), text);
        }
    }

    #[test]
    fn bad_target_message_lists_the_forms() {
        let err = "ae10+".parse::<Target>().unwrap_err().to_string();
        assert!(err.contains("`ae10+`"), "{err}");
        assert!(err.contains("REV+N"), "{err}");
    }
}
