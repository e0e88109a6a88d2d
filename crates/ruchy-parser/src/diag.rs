//! Diagnostics as data (kind, message, span, notes), rendered in one place (`render`).

use crate::span::{LineIndex, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiagKind {
    Syntax,
    Name,
    Type,
    Runtime,
}

impl DiagKind {
    pub fn title(self) -> &'static str {
        match self {
            DiagKind::Syntax => "Syntax error",
            DiagKind::Name => "name error",
            DiagKind::Type => "type error",
            DiagKind::Runtime => "runtime error",
        }
    }
}

/// A secondary location with its own message ("expected int because of this annotation").
#[derive(Clone, Debug, PartialEq)]
pub struct SpanNote {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub kind: DiagKind,
    pub message: String,
    pub span: Span,
    /// Text shown under the caret; defaults to nothing.
    pub label: Option<String>,
    pub secondary: Vec<SpanNote>,
    pub notes: Vec<String>,
    /// The input ended before the construct was complete (the REPL asks for more).
    pub incomplete: bool,
}

impl Diagnostic {
    pub fn new(kind: DiagKind, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            kind,
            message: message.into(),
            span,
            label: None,
            secondary: Vec::new(),
            notes: Vec::new(),
            incomplete: false,
        }
    }

    pub fn syntax(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(DiagKind::Syntax, span, message)
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.secondary.push(SpanNote {
            span,
            message: message.into(),
        });
        self
    }

    /// The one-line `Error: …` headline of §14 (syntax errors name line and column).
    pub fn headline(&self, src: &str) -> String {
        match self.kind {
            DiagKind::Syntax => {
                let (line, col) = LineIndex::new(src).line_col(src, self.span.start);
                format!(
                    "Syntax error at line {line}, column {col}: {}",
                    self.message
                )
            }
            _ => self.message.clone(),
        }
    }
}

/// Source lines longer than this are not echoed under an error.
const MAX_SHOWN_LINE: usize = 1_000;

/// Render a diagnostic rustc-style with codespan-reporting: the `Error: …` line of §14, then
/// `--> path:line:col`, the source line with a caret under the span, secondary labels and notes.
/// `color` adds ANSI colors.
pub fn render(diag: &Diagnostic, src: &str, path: &str, color: bool) -> String {
    use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
    use codespan_reporting::files::SimpleFile;
    use codespan_reporting::term::{self, Chars, Config};

    let clamp = |span: Span| {
        let mut start = (span.start as usize).min(src.len());
        while !src.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (span.end as usize).clamp(start, src.len());
        while !src.is_char_boundary(end) {
            end += 1;
        }
        start..end
    };
    let (red, bold, reset) = if color {
        ("\x1b[31;1m", "\x1b[1m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    let at = clamp(diag.span).start;
    let line_start = src[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_len = src[line_start..]
        .find('\n')
        .unwrap_or(src.len() - line_start);
    if line_len > MAX_SHOWN_LINE {
        // a snippet of a huge line (generated or hostile input) would flood the terminal
        let (line, col) = LineIndex::new(src).line_col(src, at as u32);
        return format!(
            "{red}Error{reset}{bold}: {}{reset}\n  --> {path}:{line}:{col}\n  = line {line} is not shown: it is {line_len} bytes long\n",
            diag.headline(src)
        );
    }
    let mut primary = Label::primary((), clamp(diag.span));
    if let Some(l) = &diag.label {
        primary = primary.with_message(l.clone());
    }
    let mut labels = vec![primary];
    labels.extend(
        diag.secondary
            .iter()
            .map(|s| Label::secondary((), clamp(s.span)).with_message(s.message.clone())),
    );
    // (codespan's header line is replaced below: a message of several lines would leave
    // all but its first behind)
    let report = Report::error()
        .with_message(String::new())
        .with_labels(labels)
        .with_notes(diag.notes.clone());
    let config = Config {
        chars: Chars::ascii(),
        ..Config::default()
    };
    let file = SimpleFile::new(path, src);
    let body = term::emit_into_string(&config, &file, &report).unwrap_or_default();
    // codespan's own header line is replaced by the §14 `Error: …` line.
    let rest = body
        .split_once('\n')
        .map(|(_, rest)| rest)
        .unwrap_or("")
        .trim_end_matches('\n');
    let rest = format!("{rest}\n");
    let rest = if color { colorize_gutter(&rest) } else { rest };
    format!(
        "{red}Error{reset}{bold}: {}{reset}\n{rest}",
        diag.headline(src)
    )
}

/// Blue gutters and red carets, the way rustc colors its snippets.
fn colorize_gutter(text: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        match line.find('|') {
            Some(bar) if line[..bar].trim().chars().all(|c| c.is_ascii_digit()) => {
                let (gutter, body) = line.split_at(bar + 1);
                let body = if body.contains('^') {
                    format!("\x1b[31;1m{}\x1b[0m", body.trim_end_matches('\n')) + "\n"
                } else {
                    body.to_string()
                };
                out.push_str(&format!("\x1b[34;1m{gutter}\x1b[0m{body}"));
            }
            _ => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_caret_under_span() {
        let src = "let x = 1\nlet y = (1 + 2\nprintln(y)\n";
        let d = Diagnostic::syntax(Span::new(25, 32), "Expected ')' but found 'println'")
            .with_label("expected ')'");
        let text = render(&d, src, "t.ruchy", false);
        assert_eq!(
            text,
            "Error: Syntax error at line 3, column 1: Expected ')' but found 'println'\n  \
             --> t.ruchy:3:1\n  |\n3 | println(y)\n  | ^^^^^^^ expected ')'\n"
        );
    }

    #[test]
    fn a_huge_line_is_located_but_not_echoed() {
        let src = format!("let a = 1\nlet x = 0{}\n", " + 1".repeat(5000));
        let d = Diagnostic::syntax(Span::new(20, 21), "Too long");
        let text = render(&d, &src, "t.ruchy", false);
        assert_eq!(
            text,
            "Error: Syntax error at line 2, column 11: Too long\n  --> t.ruchy:2:11\n  \
             = line 2 is not shown: it is 20009 bytes long\n"
        );
    }
}
