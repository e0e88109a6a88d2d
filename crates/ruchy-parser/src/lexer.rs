//! The lexer: source text to tokens, with line-break flags and lexical errors.

use crate::diag::Diagnostic;
use crate::span::Span;
use crate::token::{FStrPiece, Tok, Token};

/// Tokenize `src`. Byte offsets in spans are shifted by `base` (used for f-string parts).
pub fn lex(src: &str, base: u32) -> (Vec<Token>, Vec<Diagnostic>) {
    let mut lx = Lexer {
        src,
        bytes: src.as_bytes(),
        pos: 0,
        base,
        tokens: Vec::new(),
        errors: Vec::new(),
        nl: false,
    };
    lx.run();
    (lx.tokens, lx.errors)
}

struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    base: u32,
    tokens: Vec<Token>,
    errors: Vec<Diagnostic>,
    nl: bool,
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

impl<'a> Lexer<'a> {
    fn peek(&self, k: usize) -> u8 {
        self.bytes.get(self.pos + k).copied().unwrap_or(0)
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(start, end).shifted(self.base)
    }

    fn push(&mut self, tok: Tok, start: usize) {
        let span = self.span(start, self.pos);
        self.tokens.push(Token {
            tok,
            span,
            nl_before: self.nl,
        });
        self.nl = false;
    }

    fn error(&mut self, start: usize, end: usize, msg: impl Into<String>, incomplete: bool) {
        let mut d = Diagnostic::syntax(
            self.span(
                start,
                end.max(start + 1).min(self.bytes.len().max(start + 1)),
            ),
            msg,
        );
        d.incomplete = incomplete;
        self.errors.push(d);
    }

    fn run(&mut self) {
        // a UTF-8 byte order mark some editors write is not part of the program
        if self.base == 0 && self.src.starts_with('\u{feff}') {
            self.pos = '\u{feff}'.len_utf8();
        }
        if self.base == 0 && self.src[self.pos..].starts_with("#!") {
            self.skip_line();
        }
        loop {
            self.skip_trivia();
            if self.pos >= self.bytes.len() {
                // end of input is reported just after the last token, not on a trailing blank line
                let end = self.tokens.last().map(|t| t.span.end).unwrap_or(self.base);
                let span = crate::span::Span { start: end, end };
                self.tokens.push(Token {
                    tok: Tok::Eof,
                    span,
                    nl_before: self.nl,
                });
                return;
            }
            self.token();
        }
    }

    fn skip_line(&mut self) {
        while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
            self.pos += 1;
        }
    }

    fn skip_trivia(&mut self) {
        while self.pos < self.bytes.len() {
            match self.bytes[self.pos] {
                b'\n' => {
                    self.nl = true;
                    self.pos += 1;
                }
                b' ' | b'\t' | b'\r' | 0x0c => self.pos += 1,
                b'/' if self.peek(1) == b'/' => self.skip_line(),
                b'/' if self.peek(1) == b'*' => self.block_comment(),
                b'#' if self.peek(1) == b'[' => self.attribute(),
                b'#' => self.skip_line(),
                _ => return,
            }
        }
    }

    fn block_comment(&mut self) {
        let start = self.pos;
        self.pos += 2;
        let mut depth = 1;
        while self.pos < self.bytes.len() {
            if self.bytes[self.pos] == b'/' && self.peek(1) == b'*' {
                depth += 1;
                self.pos += 2;
            } else if self.bytes[self.pos] == b'*' && self.peek(1) == b'/' {
                depth -= 1;
                self.pos += 2;
                if depth == 0 {
                    return;
                }
            } else {
                if self.bytes[self.pos] == b'\n' {
                    self.nl = true;
                }
                self.pos += 1;
            }
        }
        self.error(start, start + 2, "Unterminated block comment", true);
    }

    /// `#[...]` attributes are skipped, brackets balanced.
    fn attribute(&mut self) {
        let start = self.pos;
        self.pos += 1;
        let mut depth = 0;
        while self.pos < self.bytes.len() {
            match self.bytes[self.pos] {
                b'[' => depth += 1,
                b']' => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos += 1;
                        return;
                    }
                }
                b'\n' => self.nl = true,
                _ => {}
            }
            self.pos += 1;
        }
        self.error(start, start + 2, "Unterminated attribute", true);
    }

    fn token(&mut self) {
        let start = self.pos;
        let c = self.bytes[self.pos];
        if c.is_ascii_digit() {
            return self.number();
        }
        if is_ident_start(c) {
            if c == b'f' && self.peek(1) == b'"' {
                self.pos += 2;
                return self.fstring(start);
            }
            if c == b'r' && (self.peek(1) == b'"' || (self.peek(1) == b'#' && self.peek(2) == b'"'))
            {
                return self.raw_string();
            }
            if c == b'b' && self.peek(1) == b'\'' {
                return self.byte_literal();
            }
            while self.pos < self.bytes.len() && is_ident_char(self.bytes[self.pos]) {
                self.pos += 1;
            }
            let word = &self.src[start..self.pos];
            let tok = Tok::keyword(word).unwrap_or_else(|| Tok::Ident(word.to_string()));
            return self.push(tok, start);
        }
        match c {
            b'"' => {
                self.pos += 1;
                let s = self.quoted(b'"', start);
                self.push(Tok::Str(s), start)
            }
            b'\'' => {
                if let Some(label) = self.label() {
                    return self.push(Tok::Label(label), start);
                }
                self.pos += 1;
                let s = self.quoted(b'\'', start);
                self.push(Tok::Str(s), start)
            }
            _ => self.punct(),
        }
    }

    /// Where a statement may start (the start of a line, after `{`, `}`, `;`, `=`, `=>`),
    /// `'name: loop` is always a label.
    fn loop_may_start(&self) -> bool {
        self.nl
            || matches!(
                self.tokens.last().map(|t| &t.tok),
                None | Some(Tok::LBrace | Tok::RBrace | Tok::Semi | Tok::Eq | Tok::FatArrow)
            )
    }

    /// Elsewhere (an argument, an operand), after `'name: loop` (`for`, `while`) the loop's
    /// `{` comes on the line before any `'`; otherwise the `'` opens a string that reads
    /// like a label: `println('step: for each')`.
    fn loop_body_follows(after_kw: &str) -> bool {
        let line = after_kw.split('\n').next().unwrap_or("");
        match (line.find('{'), line.find('\'')) {
            (Some(brace), Some(quote)) => brace < quote,
            (_, None) => true,
            (None, Some(_)) => false,
        }
    }

    /// Recognise `'name` as a loop label: after break/continue, or when `'name:` precedes a loop.
    fn label(&mut self) -> Option<String> {
        if !is_ident_start(self.peek(1)) {
            return None;
        }
        let mut end = self.pos + 1;
        while end < self.bytes.len() && is_ident_char(self.bytes[end]) {
            end += 1;
        }
        let name = &self.src[self.pos + 1..end];
        let after_jump = matches!(
            self.tokens.last().map(|t| &t.tok),
            Some(Tok::Break | Tok::Continue)
        );
        let is_label = if after_jump {
            self.bytes.get(end) != Some(&b'\'')
        } else if self.lifetime_at(end) {
            true
        } else if self.bytes.get(end) == Some(&b':') && self.bytes.get(end + 1) != Some(&b':') {
            let rest = self.src[end + 1..].trim_start();
            ["for", "while", "loop"].iter().any(|kw| {
                rest.starts_with(kw)
                    && !rest[kw.len()..].bytes().next().is_some_and(is_ident_char)
                    && (self.loop_may_start() || Self::loop_body_follows(&rest[kw.len()..]))
            })
        } else {
            false
        };
        if is_label {
            let name = name.to_string();
            self.pos = end;
            Some(name)
        } else {
            None
        }
    }

    /// A lifetime `'a` (in `<'a>`, `&'a str`, `<'a, T>`): after `<`, `&` or `,`, not closed
    /// by a `'` right after the name, and the next `'` on the line (if any) opens another
    /// lifetime rather than closing a string (`f(x, 'a b')` stays a string).
    fn lifetime_at(&self, end: usize) -> bool {
        let next = self.bytes.get(end).copied().unwrap_or(b'\n');
        let ok = match self.tokens.last().map(|t| &t.tok) {
            // `&'a T`
            Some(Tok::Amp) => next == b' ',
            // `<'a>`, `<'a, T>`, `<'a: 'b>`
            Some(Tok::Lt | Tok::Comma) => matches!(next, b'>' | b',' | b':'),
            // bounds `'b: 'a`, `T: 'a + Clone`
            Some(Tok::Colon | Tok::Plus) => matches!(next, b'>' | b',' | b' '),
            _ => false,
        };
        if !ok {
            return false;
        }
        let line_end = self.src[end..]
            .find('\n')
            .map_or(self.src.len(), |i| end + i);
        match self.src[end..line_end].find('\'') {
            None => true,
            Some(i) => self
                .bytes
                .get(end + i + 1)
                .is_some_and(|&b| is_ident_start(b)),
        }
    }

    fn number(&mut self) {
        let start = self.pos;
        let after_dot = matches!(self.tokens.last().map(|t| &t.tok), Some(Tok::Dot)) && !self.nl;
        if self.bytes[self.pos] == b'0'
            && (self.peek(1) == b'x' || self.peek(1) == b'X')
            && self.peek(2).is_ascii_hexdigit()
        {
            self.pos += 2;
            while self.pos < self.bytes.len() && self.bytes[self.pos].is_ascii_hexdigit() {
                self.pos += 1;
            }
            let text = &self.src[start + 2..self.pos];
            let value = i64::from_str_radix(text, 16);
            self.int_suffix();
            return match value {
                Ok(v) => self.push(Tok::Int(v), start),
                Err(_) => {
                    self.error(start, self.pos, "Integer literal too large", false);
                    self.push(Tok::Int(0), start)
                }
            };
        }
        while self.pos < self.bytes.len() && self.bytes[self.pos].is_ascii_digit() {
            self.pos += 1;
        }
        let mut is_float = false;
        if !after_dot && self.peek(0) == b'.' && self.peek(1).is_ascii_digit() {
            is_float = true;
            self.pos += 1;
            while self.pos < self.bytes.len() && self.bytes[self.pos].is_ascii_digit() {
                self.pos += 1;
            }
        }
        if !after_dot && (self.peek(0) == b'e' || self.peek(0) == b'E') {
            let sign = usize::from(self.peek(1) == b'+' || self.peek(1) == b'-');
            if self.peek(1 + sign).is_ascii_digit() {
                is_float = true;
                self.pos += 1 + sign;
                while self.pos < self.bytes.len() && self.bytes[self.pos].is_ascii_digit() {
                    self.pos += 1;
                }
            }
        }
        let text = &self.src[start..self.pos];
        if self.float_suffix() {
            is_float = true;
        } else {
            self.int_suffix();
        }
        if is_float {
            let v = crate::num::parse_f64(text).unwrap_or(f64::NAN);
            self.push(Tok::Float(v), start)
        } else {
            match text.parse::<i64>() {
                Ok(v) => self.push(Tok::Int(v), start),
                Err(_) => {
                    self.error(
                        start,
                        self.pos,
                        "Integer literal too large (it does not fit in 64 bits)",
                        false,
                    );
                    self.push(Tok::Int(0), start)
                }
            }
        }
    }

    fn suffix(&mut self, options: &[&str]) -> bool {
        let rest = &self.src[self.pos..];
        for s in options {
            if rest.starts_with(s) && !rest[s.len()..].bytes().next().is_some_and(is_ident_char) {
                self.pos += s.len();
                return true;
            }
        }
        false
    }

    fn int_suffix(&mut self) {
        self.suffix(&[
            "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
        ]);
    }

    fn float_suffix(&mut self) -> bool {
        self.suffix(&["f32", "f64"])
    }

    /// Read an escape sequence after a backslash (pos is at the backslash) into `out`.
    fn escape(&mut self, out: &mut String) {
        let c = self.peek(1);
        self.pos += 2;
        match c {
            b'n' => out.push('\n'),
            b't' => out.push('\t'),
            b'r' => out.push('\r'),
            b'\\' => out.push('\\'),
            b'"' => out.push('"'),
            b'\'' => out.push('\''),
            b'0' => out.push('\0'),
            b'u' if self.peek(0) == b'{' => {
                let start = self.pos + 1;
                let mut end = start;
                while end < self.bytes.len()
                    && self.bytes[end].is_ascii_hexdigit()
                    && end - start < 6
                {
                    end += 1;
                }
                let ch = u32::from_str_radix(&self.src[start..end], 16)
                    .ok()
                    .and_then(char::from_u32);
                match (ch, self.bytes.get(end)) {
                    (Some(ch), Some(b'}')) => {
                        out.push(ch);
                        self.pos = end + 1;
                    }
                    // not 1–6 hex digits naming a scalar: another backslash sequence, kept
                    // verbatim (§2.4); the `{` and what follows are read as usual
                    _ => out.push_str("\\u"),
                }
            }
            0 => {
                out.push('\\');
                self.pos -= 1;
            }
            _ => {
                // unknown escapes are kept verbatim, backslash included
                out.push('\\');
                self.pos -= 1;
                self.push_char(out);
            }
        }
    }

    fn push_char(&mut self, out: &mut String) {
        let ch = self.src[self.pos..].chars().next().unwrap_or('\u{fffd}');
        out.push(ch);
        self.pos += ch.len_utf8().max(1);
    }

    /// The body of a quoted string; pos is just after the opening quote.
    fn quoted(&mut self, quote: u8, start: usize) -> String {
        let mut out = String::new();
        loop {
            if self.pos >= self.bytes.len() {
                self.error(start, start + 1, "Unterminated string literal", true);
                return out;
            }
            match self.bytes[self.pos] {
                c if c == quote => {
                    self.pos += 1;
                    return out;
                }
                b'\\' => self.escape(&mut out),
                _ => self.push_char(&mut out),
            }
        }
    }

    fn raw_string(&mut self) {
        let start = self.pos;
        self.pos += 1;
        let mut hashes = 0;
        while self.peek(0) == b'#' {
            hashes += 1;
            self.pos += 1;
        }
        self.pos += 1; // opening quote
        let body_start = self.pos;
        let closing: String = std::iter::once('"')
            .chain(std::iter::repeat_n('#', hashes))
            .collect();
        match self.src[body_start..].find(&closing) {
            Some(off) => {
                let body = self.src[body_start..body_start + off].to_string();
                self.pos = body_start + off + closing.len();
                self.push(Tok::Str(body), start);
            }
            None => {
                self.pos = self.bytes.len();
                self.error(start, start + 1, "Unterminated string literal", true);
                self.push(Tok::Str(String::new()), start);
            }
        }
    }

    fn byte_literal(&mut self) {
        let start = self.pos;
        self.pos += 2;
        let s = self.quoted(b'\'', start);
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii() => self.push(Tok::Int(c as i64), start),
            _ => {
                self.error(
                    start,
                    self.pos,
                    "A byte literal must hold exactly one ASCII character",
                    false,
                );
                self.push(Tok::Int(0), start)
            }
        }
    }

    /// f-string body; pos is just after `f"`.
    fn fstring(&mut self, start: usize) {
        let mut pieces = Vec::new();
        let mut lit = String::new();
        loop {
            if self.pos >= self.bytes.len() {
                self.error(start, start + 2, "Unterminated string literal", true);
                break;
            }
            match self.bytes[self.pos] {
                b'"' => {
                    self.pos += 1;
                    break;
                }
                b'\\' => self.escape(&mut lit),
                b'{' if self.peek(1) == b'{' => {
                    lit.push('{');
                    self.pos += 2;
                }
                b'}' if self.peek(1) == b'}' => {
                    lit.push('}');
                    self.pos += 2;
                }
                b'{' if self.peek(1) == b'}' => {
                    lit.push_str("{}");
                    self.pos += 2;
                }
                b'{' => {
                    if !lit.is_empty() {
                        pieces.push(FStrPiece::Lit(std::mem::take(&mut lit)));
                    }
                    match self.placeholder() {
                        Some(p) => pieces.push(p),
                        None => {
                            // skip to the end of the f-string (or input) and give up on this token
                            while self.pos < self.bytes.len() && self.bytes[self.pos] != b'"' {
                                self.pos += 1;
                            }
                            self.pos = (self.pos + 1).min(self.bytes.len());
                            return self.push(Tok::FStr(pieces), start);
                        }
                    }
                }
                _ => self.push_char(&mut lit),
            }
        }
        if !lit.is_empty() {
            pieces.push(FStrPiece::Lit(lit));
        }
        self.push(Tok::FStr(pieces), start)
    }

    /// One `{expr[:spec]}` placeholder; pos is at `{`.
    fn placeholder(&mut self) -> Option<FStrPiece> {
        let open = self.pos;
        self.pos += 1;
        let body_start = self.pos;
        let mut depth = 0i32;
        let mut spec_colon: Option<usize> = None;
        loop {
            if self.pos >= self.bytes.len() || self.bytes[self.pos] == b'"' {
                let incomplete = self.pos >= self.bytes.len();
                self.error(
                    open,
                    open + 1,
                    "Unterminated f-string placeholder",
                    incomplete,
                );
                return None;
            }
            match self.bytes[self.pos] {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' => depth -= 1,
                b'}' if depth == 0 => break,
                b'}' => depth -= 1,
                b'\'' => {
                    // skip a single-quoted string inside the expression
                    self.pos += 1;
                    while self.pos < self.bytes.len()
                        && !matches!(self.bytes[self.pos], b'\'' | b'"')
                    {
                        if self.bytes[self.pos] == b'\\' {
                            self.pos += 1;
                        }
                        self.pos += 1;
                    }
                    if self.peek(0) == b'"' {
                        continue;
                    }
                }
                b':' if depth == 0 => {
                    if self.peek(1) == b':' {
                        self.pos += 1;
                    } else if self.pos > body_start && self.bytes[self.pos - 1] == b':' {
                    } else {
                        spec_colon = Some(self.pos);
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
        let end = self.pos;
        self.pos += 1; // closing brace
        let (expr_end, spec) = match spec_colon {
            Some(c) => (c, Some(self.src[c + 1..end].to_string())),
            None => (end, None),
        };
        let src = self.src[body_start..expr_end].to_string();
        if src.trim().is_empty() {
            self.error(open, end + 1, "Empty f-string placeholder", false);
        }
        Some(FStrPiece::Expr {
            src,
            offset: self.base + body_start as u32,
            spec,
        })
    }

    fn punct(&mut self) {
        let start = self.pos;
        let three = [self.peek(0), self.peek(1), self.peek(2)];
        let (tok, len) = match three {
            [b'.', b'.', b'='] => (Tok::DotDotEq, 3),
            [b'*', b'*', b'='] => (Tok::StarStarEq, 3),
            [b'.', b'.', _] => (Tok::DotDot, 2),
            [b':', b':', _] => (Tok::ColonColon, 2),
            [b'-', b'>', _] => (Tok::Arrow, 2),
            [b'=', b'>', _] => (Tok::FatArrow, 2),
            [b'=', b'=', _] => (Tok::EqEq, 2),
            [b'!', b'=', _] => (Tok::Ne, 2),
            [b'<', b'=', _] => (Tok::Le, 2),
            [b'>', b'=', _] => (Tok::Ge, 2),
            [b'<', b'<', _] => (Tok::Shl, 2),
            [b'>', b'>', _] => (Tok::Shr, 2),
            [b'+', b'=', _] => (Tok::PlusEq, 2),
            [b'-', b'=', _] => (Tok::MinusEq, 2),
            [b'*', b'=', _] => (Tok::StarEq, 2),
            [b'/', b'=', _] => (Tok::SlashEq, 2),
            [b'%', b'=', _] => (Tok::PercentEq, 2),
            [b'*', b'*', _] => (Tok::StarStar, 2),
            [b'&', b'&', _] => (Tok::AmpAmp, 2),
            [b'|', b'|', _] => (Tok::PipePipe, 2),
            [b'|', b'>', _] => (Tok::PipeGt, 2),
            [b'?', b'?', _] => (Tok::QuestionQuestion, 2),
            [b'(', _, _] => (Tok::LParen, 1),
            [b')', _, _] => (Tok::RParen, 1),
            [b'[', _, _] => (Tok::LBracket, 1),
            [b']', _, _] => (Tok::RBracket, 1),
            [b'{', _, _] => (Tok::LBrace, 1),
            [b'}', _, _] => (Tok::RBrace, 1),
            [b',', _, _] => (Tok::Comma, 1),
            [b';', _, _] => (Tok::Semi, 1),
            [b':', _, _] => (Tok::Colon, 1),
            [b'.', _, _] => (Tok::Dot, 1),
            [b'=', _, _] => (Tok::Eq, 1),
            [b'<', _, _] => (Tok::Lt, 1),
            [b'>', _, _] => (Tok::Gt, 1),
            [b'+', _, _] => (Tok::Plus, 1),
            [b'-', _, _] => (Tok::Minus, 1),
            [b'*', _, _] => (Tok::Star, 1),
            [b'/', _, _] => (Tok::Slash, 1),
            [b'%', _, _] => (Tok::Percent, 1),
            [b'&', _, _] => (Tok::Amp, 1),
            [b'|', _, _] => (Tok::Pipe, 1),
            [b'^', _, _] => (Tok::Caret, 1),
            [b'~', _, _] => (Tok::Tilde, 1),
            [b'!', _, _] => (Tok::Bang, 1),
            [b'?', _, _] => (Tok::Question, 1),
            [b'@', _, _] => (Tok::At, 1),
            _ => {
                let ch = self.src[self.pos..].chars().next().unwrap_or('?');
                self.pos += ch.len_utf8();
                self.error(
                    start,
                    self.pos,
                    match invisible(ch) {
                        true => format!("Unexpected character '\\u{{{:x}}}'", ch as u32),
                        false => format!("Unexpected character '{ch}'"),
                    },
                    false,
                );
                return;
            }
        };
        self.pos += len;
        self.push(tok, start);
    }
}

/// Characters an error message shows as `\u{…}`: controls, spaces other than ` ` (a
/// no-break space looks like one), combining accents, and the invisible format characters
/// (zero-width spaces and joiners, direction marks, the byte order mark).
fn invisible(ch: char) -> bool {
    ch.is_control()
        || (ch.is_whitespace() && ch != ' ')
        || matches!(ch, '\u{300}'..='\u{36f}')
        || matches!(ch, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}')
        || matches!(ch, '\u{2060}'..='\u{2064}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Tok> {
        let (toks, errs) = lex(src, 0);
        assert!(errs.is_empty(), "{errs:?}");
        toks.into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn numbers() {
        assert_eq!(
            kinds("1 2.5 1e3 0xff 7i32"),
            vec![
                Tok::Int(1),
                Tok::Float(2.5),
                Tok::Float(1000.0),
                Tok::Int(255),
                Tok::Int(7),
                Tok::Eof
            ]
        );
        assert_eq!(
            kinds("t.1.0"),
            vec![
                Tok::Ident("t".into()),
                Tok::Dot,
                Tok::Int(1),
                Tok::Dot,
                Tok::Int(0),
                Tok::Eof
            ]
        );
        assert_eq!(
            kinds("1..4"),
            vec![Tok::Int(1), Tok::DotDot, Tok::Int(4), Tok::Eof]
        );
        assert_eq!(
            kinds("2.pow"),
            vec![Tok::Int(2), Tok::Dot, Tok::Ident("pow".into()), Tok::Eof]
        );
    }

    #[test]
    fn too_large_literal_is_an_error() {
        let (_, errs) = lex("9223372036854775808", 0);
        assert_eq!(errs.len(), 1);
    }

    #[test]
    fn strings_and_labels() {
        assert_eq!(
            kinds(r#""a\tb\q" 'c'"#),
            vec![Tok::Str("a\tb\\q".into()), Tok::Str("c".into()), Tok::Eof]
        );
        assert_eq!(
            kinds("'outer: for"),
            vec![Tok::Label("outer".into()), Tok::Colon, Tok::For, Tok::Eof]
        );
        assert_eq!(
            kinds("x = 'a: loop"),
            vec![
                Tok::Ident("x".into()),
                Tok::Eq,
                Tok::Label("a".into()),
                Tok::Colon,
                Tok::Loop,
                Tok::Eof
            ]
        );
        // in an argument list or a collection, `'name: for …'` is a string
        assert_eq!(
            kinds("f('step: for each', 'x: loop')"),
            vec![
                Tok::Ident("f".into()),
                Tok::LParen,
                Tok::Str("step: for each".into()),
                Tok::Comma,
                Tok::Str("x: loop".into()),
                Tok::RParen,
                Tok::Eof
            ]
        );
        assert_eq!(
            kinds("break 'outer"),
            vec![Tok::Break, Tok::Label("outer".into()), Tok::Eof]
        );
        assert_eq!(
            kinds(r###"r#"a "b" \n"#"###),
            vec![Tok::Str("a \"b\" \\n".into()), Tok::Eof]
        );
    }

    #[test]
    fn comments_nest() {
        assert_eq!(
            kinds("/* a /* b */ c */ 1 # x\n// y\n2"),
            vec![Tok::Int(1), Tok::Int(2), Tok::Eof]
        );
    }

    #[test]
    fn fstring_pieces() {
        let toks = kinds(r#"f"a {x + 1} {{b}} {y:.2}""#);
        match &toks[0] {
            Tok::FStr(p) => {
                assert_eq!(p.len(), 4);
                assert_eq!(p[0], FStrPiece::Lit("a ".into()));
                assert!(matches!(&p[1], FStrPiece::Expr { src, spec: None, .. } if src == "x + 1"));
                assert_eq!(p[2], FStrPiece::Lit(" {b} ".into()));
                assert!(
                    matches!(&p[3], FStrPiece::Expr { src, spec: Some(s), .. } if src == "y" && s == ".2")
                );
            }
            t => panic!("{t:?}"),
        }
    }

    #[test]
    fn unterminated_fstring_placeholder() {
        let (_, errs) = lex(r#"f"value {x")"#, 0);
        assert_eq!(errs[0].message, "Unterminated f-string placeholder");
    }
}
