//! Patterns for `let`, `for`, `match`, `if let`, `while let` and `catch`.

use super::{PResult, Parser};
use crate::ast::*;
use crate::token::Tok;

impl Parser {
    /// A pattern with `|` alternatives.
    pub(super) fn pattern(&mut self) -> PResult<Pattern> {
        self.enter()?;
        let r = self.pattern_alts();
        self.leave();
        r
    }

    fn pattern_alts(&mut self) -> PResult<Pattern> {
        self.eat(&Tok::Pipe);
        let first = self.pattern_no_alt()?;
        if !self.at(&Tok::Pipe) {
            return Ok(first);
        }
        let mut alts = vec![first];
        while self.eat(&Tok::Pipe) {
            alts.push(self.pattern_no_alt()?);
        }
        let span = alts[0].span.to(alts[alts.len() - 1].span);
        Ok(Pattern {
            kind: PatKind::Or(alts),
            span,
        })
    }

    /// A pattern without top-level alternatives.
    pub(super) fn pattern_no_alt(&mut self) -> PResult<Pattern> {
        self.enter()?;
        let r = self.pattern_single();
        self.leave();
        r
    }

    fn int_or_range(&mut self, lo: i64, start: crate::span::Span) -> PResult<Pattern> {
        if self.at(&Tok::DotDot) || self.at(&Tok::DotDotEq) {
            let inclusive = self.bump().tok == Tok::DotDotEq;
            let neg = self.eat(&Tok::Minus);
            if !neg {
                if let Some(hi) = self.int_type_bound() {
                    let end = self.prev_span();
                    return Ok(Pattern {
                        kind: PatKind::Range { lo, hi, inclusive },
                        span: start.to(end),
                    });
                }
            }
            match self.peek().clone() {
                Tok::Int(hi) => {
                    let end = self.bump().span;
                    let hi = if neg { -hi } else { hi };
                    return Ok(Pattern {
                        kind: PatKind::Range { lo, hi, inclusive },
                        span: start.to(end),
                    });
                }
                other => {
                    self.error_here(format!(
                        "Expected an integer to end the range pattern but found {}",
                        other.quoted()
                    ))?;
                }
            }
        }
        Ok(Pattern {
            kind: PatKind::Lit(LitPat::Int(lo)),
            span: start,
        })
    }

    /// `i32::MIN`, `u8::MAX`, … as a range-pattern bound: consumes the three tokens.
    fn int_type_bound(&mut self) -> Option<i64> {
        let (Tok::Ident(ty), Tok::ColonColon, Tok::Ident(end)) =
            (&self.nth(0).tok, &self.nth(1).tok, &self.nth(2).tok)
        else {
            return None;
        };
        let v = int_type_limit(ty, end)?;
        for _ in 0..3 {
            self.bump();
        }
        Some(v)
    }

    /// `'a'..='z'`: a range of one-character strings, matched as the alternatives of every
    /// character in it.
    fn char_range(&mut self, lo: String, start: crate::span::Span) -> PResult<Pattern> {
        let inclusive = self.bump().tok == Tok::DotDotEq;
        let one = |s: &str| {
            let mut cs = s.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => Some(c as u32),
                _ => None,
            }
        };
        let bounds = match self.peek() {
            Tok::Str(hi) => one(&lo).zip(one(hi)),
            _ => None,
        };
        let Some((a, b)) = bounds else {
            self.error_here("A range pattern needs integers or single characters")?;
            return Err(());
        };
        let b = if inclusive { Some(b) } else { b.checked_sub(1) };
        let b = match b {
            Some(b) if b >= a && b - a < 4096 => b,
            _ => {
                self.error_here("Character range pattern is empty or too large")?;
                return Err(());
            }
        };
        let end = self.bump().span;
        let span = start.to(end);
        let alts = (a..=b)
            .filter_map(char::from_u32)
            .map(|c| Pattern {
                kind: PatKind::Lit(LitPat::Str(c.to_string())),
                span,
            })
            .collect();
        Ok(Pattern {
            kind: PatKind::Or(alts),
            span,
        })
    }

    fn pattern_single(&mut self) -> PResult<Pattern> {
        let t = self.cur().clone();
        let sp = t.span;
        let lit = |k: LitPat| {
            Ok(Pattern {
                kind: PatKind::Lit(k),
                span: sp,
            })
        };
        match t.tok {
            Tok::Int(n) => {
                self.bump();
                self.int_or_range(n, sp)
            }
            Tok::Minus => {
                self.bump();
                match self.peek().clone() {
                    Tok::Int(n) => {
                        self.bump();
                        self.int_or_range(-n, sp.to(self.prev_span()))
                    }
                    Tok::Float(f) => {
                        let end = self.bump().span;
                        Ok(Pattern {
                            kind: PatKind::Lit(LitPat::Float(-f)),
                            span: sp.to(end),
                        })
                    }
                    other => {
                        self.error_here(format!(
                            "Expected a number after '-' in a pattern but found {}",
                            other.quoted()
                        ))?;
                        Err(())
                    }
                }
            }
            Tok::Float(f) => {
                self.bump();
                lit(LitPat::Float(f))
            }
            Tok::Str(s) => {
                self.bump();
                if self.at(&Tok::DotDot) || self.at(&Tok::DotDotEq) {
                    return self.char_range(s, sp);
                }
                lit(LitPat::Str(s))
            }
            Tok::True => {
                self.bump();
                lit(LitPat::Bool(true))
            }
            Tok::False => {
                self.bump();
                lit(LitPat::Bool(false))
            }
            Tok::Nil => {
                self.bump();
                lit(LitPat::Nil)
            }
            Tok::Amp => {
                self.bump();
                self.eat(&Tok::Mut);
                self.pattern_no_alt()
            }
            Tok::Mut => {
                self.bump();
                self.pattern_no_alt()
            }
            Tok::LParen => self.tuple_pattern(),
            Tok::LBracket => self.array_pattern(),
            // Rust's `ref x` / `ref mut x` binding modes: bind like `x`
            Tok::Ident(ref r)
                if r == "ref" && matches!(self.nth(1).tok, Tok::Ident(_) | Tok::Mut) =>
            {
                self.bump();
                self.eat(&Tok::Mut);
                self.pattern_no_alt()
            }
            Tok::Ident(_) if matches!(self.nth(1).tok, Tok::ColonColon) => {
                match self.int_type_bound() {
                    Some(lo) => self.int_or_range(lo, sp.to(self.prev_span())),
                    None => self.name_pattern(),
                }
            }
            Tok::Ident(_) | Tok::SelfType => self.name_pattern(),
            ref other => {
                let msg = format!("Expected a pattern but found {}", other.quoted());
                self.error_at(&t, msg);
                Err(())
            }
        }
    }

    fn tuple_pattern(&mut self) -> PResult<Pattern> {
        let open = self.bump().span;
        let (items, trailing) =
            self.with_mode(false, false, |p| -> PResult<(Vec<Pattern>, bool)> {
                let mut items = Vec::new();
                let mut trailing = false;
                while !p.at(&Tok::RParen) {
                    items.push(p.pattern()?);
                    trailing = p.eat(&Tok::Comma);
                    if !trailing {
                        break;
                    }
                }
                Ok((items, trailing))
            })?;
        let close = self.expect(&Tok::RParen)?;
        let span = open.to(close);
        Ok(match items.len() {
            0 => Pattern {
                kind: PatKind::Lit(LitPat::Nil),
                span,
            },
            1 if !trailing => items.into_iter().next().ok_or(())?,
            _ => Pattern {
                kind: PatKind::Tuple(items),
                span,
            },
        })
    }

    fn array_pattern(&mut self) -> PResult<Pattern> {
        let open = self.bump().span;
        let kind = self.with_mode(false, false, |p| -> PResult<PatKind> {
            let mut before = Vec::new();
            let mut after = Vec::new();
            let mut rest: Option<Option<Ident>> = None;
            while !p.at(&Tok::RBracket) {
                if p.at(&Tok::DotDot) {
                    let dots = p.bump();
                    if rest.is_some() {
                        p.error_at(&dots, "Only one '..' is allowed in an array pattern");
                        return Err(());
                    }
                    let name = if let Tok::Ident(_) = p.peek() {
                        Some(p.ident("a name")?)
                    } else {
                        None
                    };
                    rest = Some(name);
                } else if matches!(p.peek(), Tok::Ident(_))
                    && p.nth(1).tok == Tok::At
                    && p.nth(2).tok == Tok::DotDot
                {
                    // `rest @ ..`
                    let name = p.ident("a name")?;
                    p.bump();
                    p.bump();
                    rest = Some(Some(name));
                } else {
                    let pat = p.pattern()?;
                    if rest.is_some() {
                        after.push(pat);
                    } else {
                        before.push(pat);
                    }
                }
                if !p.eat(&Tok::Comma) {
                    break;
                }
            }
            Ok(PatKind::Array {
                before,
                rest,
                after,
            })
        })?;
        let close = self.expect(&Tok::RBracket)?;
        Ok(Pattern {
            kind,
            span: open.to(close),
        })
    }

    fn name_pattern(&mut self) -> PResult<Pattern> {
        let first = self.bump();
        let name = match &first.tok {
            Tok::Ident(n) => n.clone(),
            _ => "Self".into(),
        };
        let mut path = vec![Ident {
            name,
            span: first.span,
        }];
        while self.eat(&Tok::ColonColon) {
            path.push(self.ident("a variant name")?);
        }
        let start = first.span;
        if path.len() == 1
            && path[0].name == "Self"
            && !(self.at(&Tok::LParen) || self.at(&Tok::LBrace))
        {
            // (a keyword, §2.2: `let Self = 1` binds nothing)
            self.error_at(&first, "Expected a pattern but found keyword 'Self'");
            return Err(());
        }
        if path.len() == 1 && path[0].name != "Self" {
            if self.at(&Tok::At) {
                self.bump();
                let inner = self.pattern_no_alt()?;
                let span = start.to(inner.span);
                let id = path.pop().ok_or(())?;
                return Ok(Pattern {
                    kind: PatKind::At(id, Box::new(inner)),
                    span,
                });
            }
            let name = path[0].name.as_str();
            if name == "_" {
                return Ok(Pattern {
                    kind: PatKind::Wild,
                    span: start,
                });
            }
            let upper = name.starts_with(|c: char| c.is_ascii_uppercase());
            let followed = (self.at(&Tok::LParen) || (self.at(&Tok::LBrace) && upper))
                && !self.cur().nl_before;
            if !followed && !matches!(name, "None" | "Some" | "Ok" | "Err") {
                let id = path.pop().ok_or(())?;
                return Ok(Pattern {
                    kind: PatKind::Bind(id),
                    span: start,
                });
            }
        }
        if self.at(&Tok::LParen) {
            self.bump();
            let (args, rest) =
                self.with_mode(false, false, |p| -> PResult<(Vec<Pattern>, bool)> {
                    let mut args = Vec::new();
                    while !p.at(&Tok::RParen) {
                        // a trailing `..` (`V(..)`, `V(a, ..)`) ignores the remaining values
                        if p.at(&Tok::DotDot) && matches!(p.nth(1).tok, Tok::RParen | Tok::Comma) {
                            p.bump();
                            p.eat(&Tok::Comma);
                            if !p.at(&Tok::RParen) {
                                p.error_here("'..' must come last in a variant pattern")?;
                            }
                            return Ok((args, true));
                        }
                        args.push(p.pattern()?);
                        if !p.eat(&Tok::Comma) {
                            break;
                        }
                    }
                    Ok((args, false))
                })?;
            let close = self.expect(&Tok::RParen)?;
            let args = if rest && args.is_empty() {
                None
            } else {
                Some(args)
            };
            return Ok(Pattern {
                kind: PatKind::Variant { path, args, rest },
                span: start.to(close),
            });
        }
        if self.at(&Tok::LBrace) && !self.cur().nl_before {
            self.bump();
            let (fields, has_rest) = self.with_mode(
                false,
                false,
                |p| -> PResult<(Vec<(Ident, Pattern)>, bool)> {
                    let mut fields = Vec::new();
                    let mut has_rest = false;
                    while !p.at(&Tok::RBrace) {
                        if p.eat(&Tok::DotDot) {
                            has_rest = true;
                            break;
                        }
                        p.eat(&Tok::Mut);
                        let fname = p.ident("a field name")?;
                        let pat = if p.eat(&Tok::Colon) {
                            p.pattern()?
                        } else {
                            Pattern {
                                kind: PatKind::Bind(fname.clone()),
                                span: fname.span,
                            }
                        };
                        fields.push((fname, pat));
                        if !p.eat(&Tok::Comma) {
                            break;
                        }
                    }
                    Ok((fields, has_rest))
                },
            )?;
            let close = self.expect(&Tok::RBrace)?;
            return Ok(Pattern {
                kind: PatKind::Struct {
                    path,
                    fields,
                    has_rest,
                },
                span: start.to(close),
            });
        }
        let span = start.to(self.prev_span());
        Ok(Pattern {
            kind: PatKind::Variant {
                path,
                args: None,
                rest: false,
            },
            span,
        })
    }
}

/// The value of `TYPE::MIN` / `TYPE::MAX` for an integer type (unsigned maxima above
/// `i64::MAX` are clamped to it, as in the evaluator's constants).
fn int_type_limit(ty: &str, end: &str) -> Option<i64> {
    let (min, max): (i64, i64) = match ty {
        "i8" => (i8::MIN.into(), i8::MAX.into()),
        "i16" => (i16::MIN.into(), i16::MAX.into()),
        "i32" => (i32::MIN.into(), i32::MAX.into()),
        "i64" | "isize" => (i64::MIN, i64::MAX),
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" | "usize" => (0, i64::MAX),
        _ => return None,
    };
    match end {
        "MIN" => Some(min),
        "MAX" => Some(max),
        _ => None,
    }
}
