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
    let (tokens, _) = crate::lexer::lex(src, 0);
    let bom = if src.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    let mut why = String::new();
    for join_braces in [true, false] {
        let out = format!("{bom}{}", layout(src, &tokens, Options { join_braces }));
        match verify(src, &out) {
            Ok(()) => return Ok(out),
            Err(e) => why = e,
        }
    }
    Err(FormatError::Unsafe(why))
}
