//! Splitting SQL text into statements on `;`.
//!
//! The splitter is lossless: the [`Piece`]s it returns, concatenated, give the input
//! back byte for byte. A `;` ends a piece unless it is inside a string, a quoted
//! identifier, a comment, a dollar quote, parentheses (PostgreSQL's multi-action
//! rules, as psql does) or the `BEGIN … END` body of a `CREATE TRIGGER`,
//! `CREATE PROCEDURE`, `CREATE FUNCTION` or `CREATE EVENT` statement. Inside such a
//! body `CASE … END` and nested `BEGIN … END` blocks are followed, and `END IF`,
//! `END LOOP`, `END WHILE`, `END REPEAT` close nothing that was counted. A `BEGIN`
//! that starts a statement (`BEGIN;`, `BEGIN TRANSACTION`) is a transaction
//! statement, not a body.
//!
//! A backslash escapes the next character inside single- and double-quoted text, as
//! in MySQL and PostgreSQL's `E'…'` strings; a PostgreSQL standard string that ends
//! in a backslash (`'C:\'`) is therefore read as unterminated. Not handled: the mysql
//! client's `DELIMITER` command and `#` comments (MySQL only).

use super::error::Unclosed;
use super::lex::{Kind, Lexer, Token};

/// One piece of a SQL text: a statement with its terminating `;`, or trailing
/// whitespace and comments after the last `;`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The raw text, including the leading whitespace and comments and the `;`.
    pub text: String,
    /// The 1-based line, relative to the split text, on which the piece starts.
    pub start_line: usize,
}

/// Splits `sql` into [`Piece`]s whose concatenation is `sql` exactly.
pub fn split(sql: &str) -> Vec<Piece> {
    spans(sql)
        .into_iter()
        .map(|span| Piece {
            text: sql[span.start..span.end].to_owned(),
            start_line: span.start_line,
        })
        .collect()
}

/// A piece by position, with where its code starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
    pub start_line: usize,
    /// Byte offset and relative line of the first code token, if any.
    pub code: Option<(usize, usize)>,
    /// Whether the span ends with its terminating `;`.
    pub terminated: bool,
}

/// Splits `sql` into [`Span`]s covering it without gaps.
pub(crate) fn spans(sql: &str) -> Vec<Span> {
    let mut splitter = Splitter::default();
    let mut spans = Vec::new();
    let mut current = Span::at(0, 1);
    for token in Lexer::new(sql) {
        if token.kind == Kind::Trivia {
            continue;
        }
        current.code.get_or_insert((token.start, token.line));
        if splitter.ends_statement(token, sql) {
            current.end = token.end;
            current.terminated = true;
            // A `;` holds no line break: the next piece starts on the same line.
            let next = Span::at(token.end, token.line);
            spans.push(std::mem::replace(&mut current, next));
            splitter = Splitter::default();
        }
    }
    if current.start < sql.len() {
        current.end = sql.len();
        spans.push(current);
    }
    spans
}

/// The 1-based line of the first code (anything but whitespace and comments) in
/// `sql`, if there is any.
pub(crate) fn first_code_line(sql: &str) -> Option<usize> {
    Lexer::new(sql)
        .find(|t| t.kind != Kind::Trivia)
        .map(|t| t.line)
}

/// The first construct of `sql` that opens and never closes — a string, quoted
/// identifier, block comment, dollar quote or routine body — with the 1-based line,
/// relative to `sql`, where it opens.
pub(crate) fn unclosed(sql: &str) -> Option<(Unclosed, usize)> {
    // Every script is checked at load, by `shale heads` too: most sections hold nothing
    // that can stay open, and a byte scan says so without lexing.
    if !may_open(sql) {
        return None;
    }
    let mut splitter = Splitter::default();
    for token in Lexer::new(sql) {
        if token.unclosed {
            return Some((unclosed_token(&sql[token.start..token.end]), token.line));
        }
        if token.kind != Kind::Trivia && splitter.ends_statement(token, sql) {
            splitter = Splitter::default();
        }
    }
    splitter.open_body().map(|line| (Unclosed::Body, line))
}

/// Whether `sql` holds anything that opens a construct the lexer must see closed: a quote,
/// a dollar quote, a block comment or a `BEGIN` (any case).
fn may_open(sql: &str) -> bool {
    let bytes = sql.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\'' | b'"' | b'`' | b'$' => true,
        b'/' => bytes.get(i + 1) == Some(&b'*'),
        b'b' | b'B' => bytes
            .get(i + 1..i + 5)
            .is_some_and(|rest| rest.eq_ignore_ascii_case(b"egin")),
        _ => false,
    })
}

/// What an unclosed token (see [`Token::unclosed`]) is, from its text.
fn unclosed_token(text: &str) -> Unclosed {
    match text.as_bytes()[0] {
        b'\'' => Unclosed::String,
        b'"' => Unclosed::QuotedIdentifier,
        b'`' => Unclosed::BacktickIdentifier,
        b'$' => {
            let tag_end = text[1..].find('$').map_or(text.len(), |at| at + 2);
            Unclosed::DollarQuote {
                tag: text[..tag_end].to_owned(),
            }
        }
        _ => Unclosed::BlockComment,
    }
}

impl Span {
    fn at(start: usize, start_line: usize) -> Self {
        Span {
            start,
            end: start,
            start_line,
            code: None,
            terminated: false,
        }
    }
}

/// The splitter's state within one statement.
#[derive(Debug, Default)]
struct Splitter {
    /// Words seen so far in this statement.
    words: usize,
    /// The statement starts with `CREATE`.
    create: bool,
    /// `TRIGGER`, `PROCEDURE`, `FUNCTION` or `EVENT` followed that `CREATE`.
    routine: bool,
    parens: usize,
    /// Open `BEGIN` and `CASE` constructs of a routine body.
    blocks: usize,
    /// The line of the `BEGIN` that opened the outermost body.
    body_line: usize,
    /// An `END` was seen; the next token says what it closes.
    pending_end: bool,
    after_dot: bool,
}

impl Splitter {
    /// Feeds one code token; true when it is the `;` that ends the statement.
    fn ends_statement(&mut self, token: Token, sql: &str) -> bool {
        let word = (token.kind == Kind::Word).then(|| &sql[token.start..token.end]);
        if self.pending_end {
            self.pending_end = false;
            if self.resolve_end(word) {
                return false;
            }
        }
        let after_dot = std::mem::replace(&mut self.after_dot, token.kind == Kind::Dot);
        match token.kind {
            Kind::Word if !after_dot => self.word(word.unwrap_or_default(), token.line),
            Kind::OpenParen => self.parens += 1,
            Kind::CloseParen => self.parens = self.parens.saturating_sub(1),
            Kind::Semicolon => return self.blocks == 0 && self.parens == 0,
            _ => {}
        }
        false
    }

    /// Closes what a pending `END` closes given the word after it; true when that
    /// word was consumed as part of the `END` (`END IF`, `END CASE`, …).
    fn resolve_end(&mut self, next: Option<&str>) -> bool {
        let is = |kw: &str| next.is_some_and(|w| w.eq_ignore_ascii_case(kw));
        if ["IF", "LOOP", "WHILE", "REPEAT"].into_iter().any(is) {
            return true;
        }
        self.blocks = self.blocks.saturating_sub(1);
        is("CASE")
    }

    /// The line of the routine body still open at the end of the text, if any (a
    /// final `END` that nothing followed closes its block).
    fn open_body(&self) -> Option<usize> {
        (self.blocks > usize::from(self.pending_end)).then_some(self.body_line)
    }

    fn word(&mut self, word: &str, line: usize) {
        let is = |kw: &str| word.eq_ignore_ascii_case(kw);
        self.words += 1;
        if self.words == 1 {
            self.create = is("CREATE");
            return;
        }
        let in_body = self.blocks > 0;
        let opens_body = self.routine && self.parens == 0;
        if (is("BEGIN") && (in_body || opens_body)) || (in_body && is("CASE")) {
            if !in_body {
                self.body_line = line;
            }
            self.blocks += 1;
        } else if in_body && is("END") {
            self.pending_end = true;
        } else if self.create && !in_body && self.parens == 0 {
            let routine = ["TRIGGER", "PROCEDURE", "FUNCTION", "EVENT"];
            self.routine |= routine.into_iter().any(is);
        }
    }
}
