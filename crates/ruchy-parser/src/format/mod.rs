//! `ruchy fmt`: canonical layout of a source text, guarded by a structural safety net.

mod check;
mod layout;
mod spacing;
mod trivia;

pub use check::{span_free_tree, verify};

use crate::diag::Diagnostic;
use layout::{layout, Options};

/// Why a text was not formatted.
#[derive(Debug)]
pub enum FormatError {
    /// The source does not parse.
    Syntax(Vec<Diagnostic>),
    /// The formatter could not produce an equivalent text (the source is left alone).
    Unsafe(String),
}

/// The canonical form of `src`, or why it cannot be produced safely.
pub fn format_source(src: &str) -> Result<String, FormatError> {
    let parsed = crate::parse(src);
    if !parsed.errors.is_empty() {
        return Err(FormatError::Syntax(parsed.errors));
    }
    let (mut tokens, _) = crate::lexer::lex(src, 0);
    split_angles(&mut tokens, &parsed.angle_splits);
    let mut angles = parsed.binary_angles;
    angles.sort_unstable();
    let mut body_braces = parsed.body_braces;
    body_braces.sort_unstable();
    let bom = if src.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    let mut why = String::new();
    for join_braces in [true, false] {
        let out = format!(
            "{bom}{}",
            layout(
                src,
                &tokens,
                &angles,
                Options {
                    join_braces,
                    body_braces: &body_braces,
                }
            )
        );
        match verify(src, &out) {
            Ok(()) => return Ok(out),
            Err(e) => why = e,
        }
    }
    Err(FormatError::Unsafe(why))
}

/// Split each `>>` / `>=` whose first `>` closes type arguments into `>` and the rest, as
/// the parser read them (so `Option<i32>=None` prints as `Option<i32> = None`).
pub(super) fn split_angles(tokens: &mut Vec<crate::token::Token>, at: &[u32]) {
    use crate::token::Tok;
    if at.is_empty() {
        return;
    }
    let mut out = Vec::with_capacity(tokens.len() + at.len());
    for t in tokens.drain(..) {
        let rest = match t.tok {
            Tok::Shr => Some(Tok::Gt),
            Tok::Ge => Some(Tok::Eq),
            _ => None,
        };
        match rest {
            Some(rest) if at.contains(&t.span.start) => {
                let mut first = t.clone();
                first.tok = Tok::Gt;
                first.span.end = t.span.start + 1;
                let mut second = t;
                second.tok = rest;
                second.span.start += 1;
                second.nl_before = false;
                out.push(first);
                out.push(second);
            }
            _ => out.push(t),
        }
    }
    *tokens = out;
}
