//! The safety net: the formatted text must have the same tokens, syntax tree and comments.

use super::trivia::all_pieces;
use crate::lexer::lex;
use crate::token::{FStrPiece, Tok};

/// Token kinds without positions (f-string parts carry an absolute offset), with the
/// `>` that closes type arguments split off as the parser reads it.
fn token_kinds(src: &str) -> Vec<Tok> {
    let (mut toks, _) = lex(src, 0);
    super::split_angles(&mut toks, &crate::parse(src).angle_splits);
    toks.into_iter()
        .map(|t| match t.tok {
            Tok::FStr(parts) => Tok::FStr(
                parts
                    .into_iter()
                    .map(|p| match p {
                        FStrPiece::Expr { src, spec, .. } => FStrPiece::Expr {
                            src,
                            offset: 0,
                            spec,
                        },
                        lit @ FStrPiece::Lit(_) => lit,
                    })
                    .collect(),
            ),
            other => other,
        })
        .collect()
}

/// The `Debug` form of a syntax tree with every `Span { start: …, end: … }` removed.
pub fn span_free_tree(src: &str) -> Result<String, String> {
    let parsed = crate::parse(src);
    if let Some(e) = parsed.errors.first() {
        return Err(e.message.clone());
    }
    Ok(strip_spans(&format!("{:?}", parsed.program)))
}

fn strip_spans(s: &str) -> String {
    const OPEN: &str = "Span { start: ";
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i]);
        out.push_str("Span");
        let after = &rest[i + OPEN.len()..];
        match after.find(" }") {
            Some(j) => rest = &after[j + 2..],
            None => {
                rest = after;
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `Ok` when `formatted` is the same program as `original`, else what differs.
pub fn verify(original: &str, formatted: &str) -> Result<(), String> {
    if token_kinds(original) != token_kinds(formatted) {
        return Err("the tokens would change".into());
    }
    let before = span_free_tree(original)?;
    let after = span_free_tree(formatted)
        .map_err(|e| format!("the formatted text would not parse ({e})"))?;
    if before != after {
        return Err("the syntax tree would change".into());
    }
    let (t1, _) = lex(original, 0);
    let (t2, _) = lex(formatted, 0);
    if all_pieces(original, &t1) != all_pieces(formatted, &t2) {
        return Err("the comments would change".into());
    }
    Ok(())
}
