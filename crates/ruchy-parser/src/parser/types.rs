//! Type annotations: parsed for tooling, ignored at run time.

use super::{PResult, Parser};
use crate::ast::*;
use crate::span::Span;
use crate::token::Tok;

impl Parser {
    /// Consume one `>` closing a generic list, splitting `>>`, `>=` and `>>=` tokens.
    pub(super) fn eat_closing_angle(&mut self) -> bool {
        let t = self.cur().clone();
        let rest = match t.tok {
            Tok::Gt => {
                self.bump();
                return true;
            }
            Tok::Shr => Tok::Gt,
            Tok::Ge => Tok::Eq,
            _ => return false,
        };
        self.angle_splits.push(t.span.start);
        let tok = &mut self.toks[self.pos];
        tok.tok = rest;
        tok.span = Span {
            start: t.span.start + 1,
            end: t.span.end,
        };
        tok.nl_before = false;
        true
    }

    pub(super) fn type_expr(&mut self) -> PResult<TypeExpr> {
        self.enter()?;
        let r = self.type_inner();
        self.leave();
        r
    }

    fn type_list(&mut self, close: &Tok) -> PResult<Vec<TypeExpr>> {
        let mut items = Vec::new();
        while !self.at(close) {
            items.push(self.type_expr()?);
            if !self.eat(&Tok::Comma) {
                break;
            }
        }
        Ok(items)
    }

    /// The rest of `Fn(A, B) -> R` (also `FnMut`, `FnOnce`) after the trait name.
    fn closure_trait_type(&mut self, start: Span) -> PResult<TypeExpr> {
        self.expect(&Tok::LParen)?;
        let params = self.with_mode(false, false, |p| p.type_list(&Tok::RParen))?;
        self.expect(&Tok::RParen)?;
        let ret = if self.eat(&Tok::Arrow) {
            Some(Box::new(self.type_expr()?))
        } else {
            None
        };
        Ok(TypeExpr {
            kind: TypeKind::Fn { params, ret },
            span: start.to(self.prev_span()),
        })
    }

    fn type_inner(&mut self) -> PResult<TypeExpr> {
        let t = self.cur().clone();
        let start = t.span;
        let kind = match t.tok {
            Tok::Amp | Tok::AmpAmp => {
                self.bump();
                if let Tok::Label(_) = self.peek() {
                    self.bump();
                }
                let mutable = self.eat(&Tok::Mut);
                let inner = self.type_expr()?;
                TypeKind::Ref {
                    mutable,
                    inner: Box::new(inner),
                }
            }
            Tok::LBracket => {
                self.bump();
                let inner = self.type_expr()?;
                if self.eat(&Tok::Semi) {
                    self.with_mode(false, false, |p| p.expr())?;
                }
                self.expect(&Tok::RBracket)?;
                TypeKind::Array(Box::new(inner))
            }
            Tok::LParen => {
                self.bump();
                let items = self.with_mode(false, false, |p| p.type_list(&Tok::RParen))?;
                self.expect(&Tok::RParen)?;
                if items.len() == 1 {
                    return items.into_iter().next().ok_or(());
                }
                TypeKind::Tuple(items)
            }
            Tok::Fn | Tok::Fun => {
                self.bump();
                self.expect(&Tok::LParen)?;
                let params = self.with_mode(false, false, |p| p.type_list(&Tok::RParen))?;
                self.expect(&Tok::RParen)?;
                let ret = if self.eat(&Tok::Arrow) {
                    Some(Box::new(self.type_expr()?))
                } else {
                    None
                };
                TypeKind::Fn { params, ret }
            }
            Tok::SelfType => {
                self.bump();
                TypeKind::SelfType
            }
            Tok::Impl | Tok::Ident(_)
                if matches!(&t.tok, Tok::Impl) || t.tok == Tok::Ident("dyn".into()) =>
            {
                self.bump();
                self.type_expr()?;
                while self.eat(&Tok::Plus) {
                    self.type_expr()?;
                }
                TypeKind::Opaque
            }
            Tok::Ident(ref first) if first == "_" => {
                self.bump();
                TypeKind::Opaque
            }
            Tok::Ident(first) => {
                self.bump();
                let mut path = vec![first];
                while self.at(&Tok::ColonColon) && matches!(self.nth(1).tok, Tok::Ident(_)) {
                    self.bump();
                    if let Tok::Ident(s) = self.bump().tok {
                        path.push(s);
                    }
                }
                let closure_trait = path.len() == 1
                    && matches!(path[0].as_str(), "Fn" | "FnMut" | "FnOnce")
                    && self.at(&Tok::LParen);
                if closure_trait {
                    return self.closure_trait_type(start);
                }
                let mut args = Vec::new();
                if self.at(&Tok::Lt) && !std::mem::take(&mut self.cast_type) {
                    self.bump();
                    loop {
                        if self.eat_closing_angle() {
                            break;
                        }
                        if let Tok::Label(_) = self.peek() {
                            self.bump();
                        } else {
                            let t = self.type_expr()?;
                            // an associated type binding `Iterator<Item = i32>`: its value
                            if self.eat(&Tok::Eq) {
                                args.push(self.type_expr()?);
                            } else {
                                args.push(t);
                            }
                        }
                        if !self.eat(&Tok::Comma) {
                            if self.eat_closing_angle() {
                                break;
                            }
                            self.error_here("Expected '>' to close the type arguments")?;
                        }
                    }
                }
                TypeKind::Named { path, args }
            }
            Tok::Nil => {
                self.bump();
                TypeKind::Tuple(Vec::new())
            }
            ref other => {
                let msg = format!("Expected a type but found {}", other.quoted());
                self.error_at(&t, msg);
                return Err(());
            }
        };
        Ok(TypeExpr {
            kind,
            span: start.to(self.prev_span()),
        })
    }
}
