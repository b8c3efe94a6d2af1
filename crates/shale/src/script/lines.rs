//! Lines of a script, whatever its line-ending style (`\n`, `\r\n` or a lone `\r`).

/// One line of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    /// 1-based line number.
    pub number: usize,
    /// Byte offset of the line's first character.
    pub start: usize,
    /// Byte offset just after the line's line break (the next line's start).
    pub next: usize,
    /// The line's text without its line break.
    pub text: &'a str,
}

/// An iterator over the [`Line`]s of a text; a final line break does not start an
/// empty last line.
pub(crate) struct Lines<'a> {
    text: &'a str,
    pos: usize,
    number: usize,
}

/// The lines of `text`.
pub(crate) fn lines(text: &str) -> Lines<'_> {
    Lines {
        text,
        pos: 0,
        number: 0,
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text.as_bytes()[self.pos..];
        let (len, next) = match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(at) if rest[at] == b'\r' && rest.get(at + 1) == Some(&b'\n') => (at, at + 2),
            Some(at) => (at, at + 1),
            None => (rest.len(), rest.len()),
        };
        let start = self.pos;
        self.pos += next;
        self.number += 1;
        Some(Line {
            number: self.number,
            start,
            next: self.pos,
            text: &self.text[start..start + len],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_break_style() {
        let got: Vec<(usize, &str)> = lines("a\nb\r\nc\rd").map(|l| (l.number, l.text)).collect();
        assert_eq!(got, vec![(1, "a"), (2, "b"), (3, "c"), (4, "d")]);
    }

    #[test]
    fn offsets_cover_the_text() {
        let text = "x\r\n\ny";
        let got: Vec<(usize, usize)> = lines(text).map(|l| (l.start, l.next)).collect();
        assert_eq!(got, vec![(0, 3), (3, 4), (4, 5)]);
        assert_eq!(lines("a\n").count(), 1);
        assert_eq!(lines("").count(), 0);
    }
}
