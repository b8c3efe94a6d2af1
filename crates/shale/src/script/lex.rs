//! A small, dialect-neutral SQL lexer: just enough to split statements.
//!
//! It knows what can hide a `;` — single-quoted strings (`''` and backslash escapes),
//! double-quoted and backtick identifiers, `--` line comments, nested `/* */` block
//! comments and PostgreSQL dollar quotes — and reports words, parentheses and dots
//! so that the splitter can follow `BEGIN … END` bodies. Every token starts and ends
//! on a UTF-8 character boundary, and the tokens cover the input without gaps.

/// What a [`Token`] is, as far as statement splitting cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Whitespace or a comment: never part of a statement's start.
    Trivia,
    /// An unquoted word: keyword or identifier.
    Word,
    /// `;`
    Semicolon,
    /// `(`
    OpenParen,
    /// `)`
    CloseParen,
    /// `.`
    Dot,
    /// Any other code: strings, quoted identifiers, numbers, operators, and MySQL's
    /// executable `/*! … */` comments.
    Other,
}

/// One token: its kind, its byte range and the 1-based line it starts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    /// A string, quoted identifier, block comment or dollar quote whose closing
    /// delimiter never came: it runs to the end of the text.
    pub unclosed: bool,
}

/// An iterator over the [`Token`]s of a SQL text. Unterminated strings and comments
/// run to the end of the text and are marked [`Token::unclosed`].
pub(crate) struct Lexer<'a> {
    text: &'a str,
    src: &'a [u8],
    pos: usize,
    line: usize,
    /// Set by the scan of the current token when its closing delimiter is missing.
    unclosed: bool,
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `text`, on line 1.
    pub(crate) fn new(text: &'a str) -> Self {
        Lexer {
            text,
            src: text.as_bytes(),
            pos: 0,
            line: 1,
            unclosed: false,
        }
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.src.get(self.pos + ahead).copied()
    }

    /// Advances one byte, counting line breaks (`\n`, `\r\n` and a lone `\r`).
    fn bump(&mut self) {
        let b = self.src[self.pos];
        self.pos += 1;
        if b == b'\n' || (b == b'\r' && self.src.get(self.pos) != Some(&b'\n')) {
            self.line += 1;
        }
    }

    fn bump_n(&mut self, n: usize) {
        for _ in 0..n {
            self.bump();
        }
    }

    /// The byte length of the whitespace character at the cursor, or 0.
    fn whitespace_len(&self) -> usize {
        match self.peek(0) {
            Some(b) if b.is_ascii() => usize::from((b as char).is_whitespace()),
            Some(_) => self.text[self.pos..]
                .chars()
                .next()
                .filter(|c| c.is_whitespace())
                .map_or(0, char::len_utf8),
            None => 0,
        }
    }

    fn scan(&mut self, b: u8) -> Kind {
        match b {
            b'-' if self.peek(1) == Some(b'-') => {
                while matches!(self.peek(0), Some(b) if b != b'\n' && b != b'\r') {
                    self.bump();
                }
                Kind::Trivia
            }
            b'/' if self.peek(1) == Some(b'*') => self.block_comment(),
            b'\'' | b'"' => self.quoted(b, true),
            b'`' => self.quoted(b, false),
            b'$' => self.dollar(),
            b';' => self.single(Kind::Semicolon),
            b'(' => self.single(Kind::OpenParen),
            b')' => self.single(Kind::CloseParen),
            b'.' => self.single(Kind::Dot),
            b if b.is_ascii_digit() => {
                while matches!(self.peek(0), Some(b) if b.is_ascii_alphanumeric() || b == b'_') {
                    self.bump();
                }
                Kind::Other
            }
            b if is_word_start(b) => {
                self.word();
                Kind::Word
            }
            _ => self.single(Kind::Other),
        }
    }

    /// An unquoted word; it stops at whitespace, including Unicode whitespace, and
    /// moves by whole characters.
    fn word(&mut self) {
        loop {
            match self.peek(0) {
                Some(b) if b.is_ascii_alphanumeric() || b == b'_' || b == b'$' => self.bump(),
                Some(b) if !b.is_ascii() && self.whitespace_len() == 0 => {
                    let len = self.text[self.pos..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
                    self.bump_n(len);
                }
                _ => break,
            }
        }
    }

    fn single(&mut self, kind: Kind) -> Kind {
        self.bump();
        kind
    }

    /// A `/* … */` comment, nested as PostgreSQL allows. MySQL's `/*! … */` holds
    /// code that MySQL runs, so it counts as code.
    fn block_comment(&mut self) -> Kind {
        let kind = if self.peek(2) == Some(b'!') {
            Kind::Other
        } else {
            Kind::Trivia
        };
        let mut depth = 0usize;
        while let Some(b) = self.peek(0) {
            if b == b'/' && self.peek(1) == Some(b'*') {
                depth += 1;
                self.bump_n(2);
            } else if b == b'*' && self.peek(1) == Some(b'/') {
                self.bump_n(2);
                depth -= 1;
                if depth == 0 {
                    break;
                }
            } else {
                self.bump();
            }
        }
        self.unclosed = depth > 0;
        kind
    }

    /// A string or quoted identifier: a doubled delimiter is an escape, and with
    /// `backslash` so is `\x` (MySQL's string syntax).
    fn quoted(&mut self, delim: u8, backslash: bool) -> Kind {
        self.bump();
        self.unclosed = true;
        while let Some(b) = self.peek(0) {
            self.bump();
            if backslash && b == b'\\' {
                if self.peek(0).is_some() {
                    self.bump();
                }
            } else if b == delim {
                if self.peek(0) != Some(delim) {
                    self.unclosed = false;
                    break;
                }
                self.bump();
            }
        }
        Kind::Other
    }

    /// A PostgreSQL dollar quote `$$…$$` or `$tag$…$tag$`; a `$` that opens none
    /// (such as the parameter `$1`) is a one-byte token.
    fn dollar(&mut self) -> Kind {
        let mut tag_end = self.pos + 1;
        if matches!(self.src.get(tag_end), Some(&b) if is_word_start(b)) {
            while matches!(self.src.get(tag_end), Some(&b) if is_word_start(b) || b.is_ascii_digit())
            {
                tag_end += 1;
            }
        }
        if self.src.get(tag_end) != Some(&b'$') {
            return self.single(Kind::Other);
        }
        let delimiter = &self.src[self.pos..=tag_end];
        let body = tag_end + 1;
        let close = find(&self.src[body..], delimiter).map(|at| body + at + delimiter.len());
        self.unclosed = close.is_none();
        let close = close.unwrap_or(self.src.len());
        self.bump_n(close - self.pos);
        Kind::Other
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let b = self.peek(0)?;
        let (start, line) = (self.pos, self.line);
        self.unclosed = false;
        let kind = if self.whitespace_len() > 0 {
            loop {
                match self.whitespace_len() {
                    0 => break Kind::Trivia,
                    n => self.bump_n(n),
                }
            }
        } else {
            self.scan(b)
        };
        Some(Token {
            kind,
            start,
            end: self.pos,
            line,
            unclosed: self.unclosed,
        })
    }
}

/// Whether `b` can start an unquoted word (any non-ASCII byte can, so that words
/// never split a multi-byte character).
fn is_word_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || !b.is_ascii()
}

/// The offset of the first occurrence of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut from = 0;
    while let Some(at) = haystack[from..].iter().position(|&b| b == first) {
        let at = from + at;
        if haystack[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(sql: &str) -> Vec<(Kind, &str)> {
        Lexer::new(sql)
            .map(|t| (t.kind, &sql[t.start..t.end]))
            .collect()
    }

    #[test]
    fn strings_hide_semicolons_and_honour_both_escapes() {
        let sql = r"'a;''b' 'c\';d'";
        assert_eq!(
            kinds(sql),
            vec![
                (Kind::Other, "'a;''b'"),
                (Kind::Trivia, " "),
                (Kind::Other, r"'c\';d'"),
            ]
        );
    }

    #[test]
    fn identifiers_and_comments() {
        let sql = "\"x;\"\"\" `y;` -- z;\n/* a /* b; */ c; */";
        let got = kinds(sql);
        assert_eq!(got[0], (Kind::Other, "\"x;\"\"\""));
        assert_eq!(got[2], (Kind::Other, "`y;`"));
        assert_eq!(got[4], (Kind::Trivia, "-- z;"));
        assert_eq!(got[6], (Kind::Trivia, "/* a /* b; */ c; */"));
    }

    #[test]
    fn dollar_quotes_but_not_parameters() {
        let sql = "$fn$ a; $$ b; $fn$ $1; $$x;$$";
        let got = kinds(sql);
        assert_eq!(got[0], (Kind::Other, "$fn$ a; $$ b; $fn$"));
        assert_eq!(got[2], (Kind::Other, "$"));
        assert_eq!(got[3], (Kind::Other, "1"));
        assert_eq!(got[4], (Kind::Semicolon, ";"));
        assert_eq!(got[6], (Kind::Other, "$$x;$$"));
    }

    #[test]
    fn dollar_inside_a_word_is_part_of_it() {
        assert_eq!(kinds("a$$b"), vec![(Kind::Word, "a$$b")]);
    }

    #[test]
    fn mysql_executable_comment_is_code() {
        assert_eq!(kinds("/*!40101 SET x=1 */")[0].0, Kind::Other);
    }

    #[test]
    fn counts_every_line_break_style() {
        let lines: Vec<usize> = Lexer::new("a\nb\r\nc\rd '\n'e")
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.line)
            .collect();
        assert_eq!(lines, vec![1, 2, 3, 4, 5]);
    }

    #[test]
    fn unicode_whitespace_is_trivia_and_words_keep_characters_whole() {
        let got = kinds("é\u{a0}ü");
        assert_eq!(
            got,
            vec![
                (Kind::Word, "é"),
                (Kind::Trivia, "\u{a0}"),
                (Kind::Word, "ü")
            ]
        );
    }

    #[test]
    fn unterminated_tokens_run_to_the_end_marked_unclosed() {
        for sql in [
            "'abc",
            "\"abc",
            "`abc",
            "/* abc",
            "/* a /* b */",
            "$q$ abc",
            "$$ abc $q$",
            "'ab\\",
            "'ab''",
        ] {
            let got: Vec<Token> = Lexer::new(sql).collect();
            assert_eq!(got.len(), 1, "{sql}");
            assert_eq!((got[0].start, got[0].end), (0, sql.len()), "{sql}");
            assert!(got[0].unclosed, "{sql}");
        }
    }

    #[test]
    fn closed_tokens_are_not_unclosed() {
        let sql = "'a' \"b\" `c` /* d /* e */ */ $$f$$ $t$g$t$ -- h\n'i''j' 'k\\'' ;";
        assert!(Lexer::new(sql).all(|t| !t.unclosed));
    }
}
