//! Statements, blocks and `let`.

use super::{PResult, Parser};
use crate::ast::*;
use crate::token::Tok;

impl Parser {
    pub(super) fn stmt(&mut self) -> PResult<Stmt> {
        match self.peek() {
            // Rust's `static NAME: T = v` (also `static mut`) declares a variable like `let`
            Tok::Let | Tok::Var | Tok::Const | Tok::Reserved("static") => {
                self.let_stmt().map(Stmt::Let)
            }
            Tok::Pub
                if matches!(
                    self.nth(1).tok,
                    Tok::Let | Tok::Var | Tok::Const | Tok::Reserved("static")
                ) =>
            {
                self.bump();
                self.let_stmt().map(Stmt::Let)
            }
            // `fun name(…)` (a reserved word as the name gets its own message there);
            // `fun(x) { … }` is an anonymous function expression
            Tok::Fun | Tok::Fn
                if matches!(self.nth(1).tok, Tok::Ident(_) | Tok::Reserved(_))
                    || self.nth(1).tok.is_keyword() =>
            {
                self.item().map(Stmt::Item)
            }
            Tok::Pub
            | Tok::Struct
            | Tok::Enum
            | Tok::Impl
            | Tok::Trait
            | Tok::Class
            | Tok::Mod
            | Tok::Use
            | Tok::Import => self.item().map(Stmt::Item),
            Tok::Async if matches!(self.nth(1).tok, Tok::Fun | Tok::Fn) => {
                self.item().map(Stmt::Item)
            }
            _ => {
                self.stmt_start = true;
                self.expr()
            }
            .map_err(|_| ())
            .and_then(|e| {
                if e.kind == ExprKind::Error {
                    Err(())
                } else {
                    Ok(Stmt::Expr(e))
                }
            }),
        }
    }

    /// After a statement: `;`, a line break, `}` or the end of input.
    pub(super) fn end_of_stmt(&mut self) -> PResult<()> {
        if self.eat(&Tok::Semi) {
            while self.eat(&Tok::Semi) {}
            return Ok(());
        }
        let t = self.cur();
        if t.nl_before || matches!(t.tok, Tok::RBrace | Tok::Eof) {
            return Ok(());
        }
        // a block-like statement (`if … { }`, an item) may be followed by more on the same line,
        // and so may an item whose parser already took its own `;` (`use a::b;`)
        if matches!(self.toks[self.pos - 1].tok, Tok::RBrace | Tok::Semi) {
            return Ok(());
        }
        let t = t.clone();
        self.error_at(&t, format!("Unexpected {}", t.tok.unexpected()));
        Err(())
    }

    fn let_stmt(&mut self) -> PResult<LetStmt> {
        let start = self.bump();
        let mut mutable = matches!(start.tok, Tok::Var);
        if self.eat(&Tok::Mut) {
            mutable = true;
        }
        if matches!(self.peek(), Tok::Eq) {
            self.error_here("Expected a variable name or pattern after 'let' but found '='")?;
        }
        let pat = self.pattern_no_alt()?;
        let ty = if self.eat(&Tok::Colon) {
            Some(self.type_expr()?)
        } else {
            None
        };
        self.expect(&Tok::Eq)?;
        let value = self.expr()?;
        if self.at(&Tok::Else) {
            // the annotation (of the whole value) is dropped
            return self.let_else(pat, value, mutable, start.span);
        }
        let span = start.span.to(value.span);
        Ok(LetStmt {
            pat,
            ty,
            value,
            mutable,
            span,
        })
    }

    /// `let PAT = value else { diverge }`, read as
    /// `let (a, b) = match value { PAT => (a, b), _ => { diverge } }` over PAT's bindings.
    fn let_else(
        &mut self,
        pat: Pattern,
        value: Expr,
        mutable: bool,
        start: crate::span::Span,
    ) -> PResult<LetStmt> {
        self.bump();
        let otherwise = self.block()?;
        let end = otherwise.span;
        let mut names = Vec::new();
        crate::visit::pattern_bindings(&pat, &mut names);
        let sp = pat.span;
        let var = |id: &Ident| Expr::new(ExprKind::Ident(id.name.clone()), id.span);
        let bind = |id: &Ident| Pattern {
            kind: PatKind::Bind(id.clone()),
            span: id.span,
        };
        let (result, target) = match names.as_slice() {
            [] => (
                Expr::new(ExprKind::Nil, sp),
                Pattern {
                    kind: PatKind::Wild,
                    span: sp,
                },
            ),
            [one] => (var(one), bind(one)),
            many => (
                Expr::new(ExprKind::Tuple(many.iter().map(var).collect()), sp),
                Pattern {
                    kind: PatKind::Tuple(many.iter().map(bind).collect()),
                    span: sp,
                },
            ),
        };
        let arms = vec![
            MatchArm {
                pat,
                guard: None,
                body: result,
                span: sp,
            },
            MatchArm {
                pat: Pattern {
                    kind: PatKind::Wild,
                    span: end,
                },
                guard: None,
                body: Expr::new(ExprKind::Block(otherwise), end),
                span: end,
            },
        ];
        let vspan = value.span;
        let value = Expr::new(
            ExprKind::Match {
                scrutinee: Box::new(value),
                arms,
            },
            vspan.to(end),
        );
        Ok(LetStmt {
            pat: target,
            ty: None,
            value,
            mutable,
            span: start.to(end),
        })
    }

    /// `{ stmts }` in statement mode: the body of a construct.
    pub(super) fn block(&mut self) -> PResult<Block> {
        self.mark_body_brace();
        self.bare_block()
    }

    /// Note that the `{` here opens a construct's body (for the formatter).
    pub(super) fn mark_body_brace(&mut self) {
        if self.at(&Tok::LBrace) {
            let at = self.cur().span.start;
            self.body_braces.push(at);
        }
    }

    /// `{ stmts }` in statement mode, standing alone (a block statement or expression).
    pub(super) fn bare_block(&mut self) -> PResult<Block> {
        let open = self.expect(&Tok::LBrace)?;
        self.enter()?;
        let r = self.with_mode(true, false, |p| p.block_body(open));
        self.leave();
        r
    }

    fn block_body(&mut self, open: crate::span::Span) -> PResult<Block> {
        let mut stmts = Vec::new();
        loop {
            while self.eat(&Tok::Semi) {}
            if self.at(&Tok::RBrace) {
                let close = self.bump().span;
                return Ok(Block {
                    stmts,
                    span: open.to(close),
                });
            }
            if self.at(&Tok::Eof) {
                self.expect(&Tok::RBrace)?;
            }
            let before = self.pos;
            match self.stmt() {
                Ok(s) => {
                    stmts.push(s);
                    if self.end_of_stmt().is_err() {
                        self.recover();
                    }
                }
                Err(()) => self.recover(),
            }
            if self.pos == before {
                self.bump();
            }
        }
    }
}
