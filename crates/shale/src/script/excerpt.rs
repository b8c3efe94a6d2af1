//! [`excerpt`]: the start of a statement, short enough to quote in an error.

/// At most this many lines of a statement are quoted.
pub const EXCERPT_LINES: usize = 20;

/// At most this many characters of a statement are quoted.
pub const EXCERPT_CHARS: usize = 2_000;

/// The start of `sql` for an error message or a lint finding: its first
/// [`EXCERPT_LINES`] lines and at most [`EXCERPT_CHARS`] characters, followed, when
/// anything is cut, by a line `… (N more lines, M bytes not shown)`. A statement that
/// fits is returned as it is. The work is proportional to what is shown, plus one
/// count of the line breaks in the rest.
pub fn excerpt(sql: &str) -> String {
    let Some(cut) = cut_at(sql).filter(|&cut| !sql[cut..].trim().is_empty()) else {
        return sql.to_owned();
    };
    let rest = &sql[cut..];
    let hidden = rest.strip_prefix('\n').unwrap_or(rest);
    let breaks = hidden.bytes().filter(|&b| b == b'\n').count();
    let more_lines = breaks + usize::from(!hidden.ends_with('\n'));
    let plural = if more_lines == 1 { "" } else { "s" };
    format!(
        "{}\n… ({more_lines} more line{plural}, {} bytes not shown)",
        &sql[..cut],
        rest.len()
    )
}

/// The byte offset where the excerpt of `sql` ends, or `None` when all of it fits.
fn cut_at(sql: &str) -> Option<usize> {
    let mut lines = 1;
    for (count, (at, c)) in sql.char_indices().enumerate() {
        if count == EXCERPT_CHARS {
            return Some(at);
        }
        if c == '\n' {
            if lines == EXCERPT_LINES {
                return Some(at);
            }
            lines += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` numbered lines `line 1` … `line n`, joined by `\n`.
    fn numbered(n: usize) -> String {
        (1..=n)
            .map(|i| format!("line {i}"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn cases() {
        let twenty = numbered(20);
        let long_line = "x".repeat(5_000);
        let wide = "é".repeat(3_000);
        // (input, expected excerpt)
        let cases: Vec<(String, String)> = vec![
            ("SELECT 1".into(), "SELECT 1".into()),
            (String::new(), String::new()),
            (twenty.clone(), twenty.clone()),
            (format!("{twenty}\n \n"), format!("{twenty}\n \n")),
            (
                numbered(21),
                format!("{twenty}\n… (1 more line, 8 bytes not shown)"),
            ),
            (
                numbered(25),
                format!("{twenty}\n… (5 more lines, 40 bytes not shown)"),
            ),
            (
                long_line.clone(),
                format!(
                    "{}\n… (1 more line, 3000 bytes not shown)",
                    "x".repeat(2_000)
                ),
            ),
            (
                wide,
                format!(
                    "{}\n… (1 more line, 2000 bytes not shown)",
                    "é".repeat(2_000)
                ),
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(excerpt(&input), expected, "{input:.40}");
        }
    }

    #[test]
    fn a_huge_statement_stays_small() {
        let line = "INSERT INTO t VALUES ('a long value; with a semicolon');\n";
        let sql = line.repeat(1_000_000);
        let shown = excerpt(&sql);
        assert!(shown.len() < 3_000, "{}", shown.len());
        assert!(
            shown.ends_with(&format!(
                "… (999980 more lines, {} bytes not shown)",
                sql.len() - 19 * line.len() - (line.len() - 1)
            )),
            "{}",
            &shown[shown.len() - 80..]
        );
    }
}
