//! Expressions: the Pratt loop (one binding-power table) and every prefix form.

use super::{PResult, Parser};
use crate::ast::*;
use crate::span::Span;
use crate::token::{FStrPiece, Tok};
use std::rc::Rc;

/// What an infix token does once its binding power lets it in.
#[derive(Clone, Copy)]
enum Infix {
    Bin(BinOp),
    Assign(Option<BinOp>),
    Pipe,
    Range(bool),
}

const PREFIX_BP: u8 = 33;
const AS_BP: u8 = 31;
const TERNARY_BP: u8 = 4;

/// The one table from token to (left, right) binding power; higher binds tighter.
fn infix_bp(t: &Tok) -> Option<(u8, u8, Infix)> {
    use BinOp::*;
    Some(match t {
        Tok::Eq => (2, 1, Infix::Assign(None)),
        Tok::PlusEq => (2, 1, Infix::Assign(Some(Add))),
        Tok::MinusEq => (2, 1, Infix::Assign(Some(Sub))),
        Tok::StarEq => (2, 1, Infix::Assign(Some(Mul))),
        Tok::SlashEq => (2, 1, Infix::Assign(Some(Div))),
        Tok::PercentEq => (2, 1, Infix::Assign(Some(Rem))),
        Tok::StarStarEq => (2, 1, Infix::Assign(Some(Pow))),
        Tok::PipeGt => (5, 6, Infix::Pipe),
        Tok::QuestionQuestion => (7, 8, Infix::Bin(Coalesce)),
        Tok::PipePipe => (9, 10, Infix::Bin(Or)),
        Tok::AmpAmp => (11, 12, Infix::Bin(And)),
        Tok::EqEq => (13, 14, Infix::Bin(Eq)),
        Tok::Ne => (13, 14, Infix::Bin(Ne)),
        Tok::Lt => (15, 16, Infix::Bin(Lt)),
        Tok::Le => (15, 16, Infix::Bin(Le)),
        Tok::Gt => (15, 16, Infix::Bin(Gt)),
        Tok::Ge => (15, 16, Infix::Bin(Ge)),
        Tok::DotDot => (17, 18, Infix::Range(false)),
        Tok::DotDotEq => (17, 18, Infix::Range(true)),
        Tok::Pipe => (19, 20, Infix::Bin(BitOr)),
        Tok::Caret => (21, 22, Infix::Bin(BitXor)),
        Tok::Amp => (23, 24, Infix::Bin(BitAnd)),
        Tok::Shl => (25, 26, Infix::Bin(Shl)),
        Tok::Shr => (25, 26, Infix::Bin(Shr)),
        Tok::Plus => (27, 28, Infix::Bin(Add)),
        Tok::Minus => (27, 28, Infix::Bin(Sub)),
        Tok::Star => (29, 30, Infix::Bin(Mul)),
        Tok::Slash => (29, 30, Infix::Bin(Div)),
        Tok::Percent => (29, 30, Infix::Bin(Rem)),
        Tok::StarStar => (36, 35, Infix::Bin(Pow)),
        _ => return None,
    })
}

/// A binary operator (assignments, ranges and `|>` included): in the one table above.
pub(super) fn is_binary_operator(t: &Tok) -> bool {
    infix_bp(t).is_some()
}

/// Tokens that continue an expression from the previous line (§3.2 rule 2).
fn continues_line(t: &Tok) -> bool {
    matches!(
        t,
        Tok::Dot
            | Tok::Question
            | Tok::As
            | Tok::Else
            | Tok::Catch
            | Tok::Finally
            | Tok::FatArrow
            | Tok::Plus
            | Tok::Star
            | Tok::Slash
            | Tok::Percent
            | Tok::StarStar
            | Tok::EqEq
            | Tok::Ne
            | Tok::Lt
            | Tok::Le
            | Tok::Gt
            | Tok::Ge
            | Tok::AmpAmp
            | Tok::PipeGt
            | Tok::QuestionQuestion
            | Tok::Caret
            | Tok::Shl
            | Tok::Shr
            | Tok::DotDot
            | Tok::DotDotEq
    ) || t.is_assignment()
}

pub(super) fn can_begin_expr(t: &Tok) -> bool {
    matches!(
        t,
        Tok::Int(_)
            | Tok::Float(_)
            | Tok::Str(_)
            | Tok::FStr(_)
            | Tok::Ident(_)
            | Tok::Label(_)
            | Tok::True
            | Tok::False
            | Tok::Nil
            | Tok::SelfValue
            | Tok::SelfType
            | Tok::LParen
            | Tok::LBracket
            | Tok::LBrace
            | Tok::Minus
            | Tok::Bang
            | Tok::Tilde
            | Tok::Amp
            | Tok::AmpAmp
            | Tok::Pipe
            | Tok::PipePipe
            | Tok::Fun
            | Tok::Fn
            | Tok::If
            | Tok::Match
            | Tok::While
            | Tok::For
            | Tok::Loop
            | Tok::Try
            | Tok::Return
            | Tok::Break
            | Tok::Continue
            | Tok::Throw
            | Tok::Await
            | Tok::Async
            | Tok::At
    )
}

/// `Name { f: e, ..base }` as `{ let t = base; t.f = e; t }` (a copy of `base` with the listed
/// fields replaced).
fn struct_update(base: Expr, fields: Vec<(Ident, Expr)>, span: Span) -> Expr {
    const HIDDEN: &str = "(struct update)";
    let var = |sp: Span| Expr::new(ExprKind::Ident(HIDDEN.to_string()), sp);
    let hidden = Ident {
        name: HIDDEN.to_string(),
        span,
    };
    let mut stmts = vec![Stmt::Let(LetStmt {
        pat: Pattern {
            kind: PatKind::Bind(hidden),
            span,
        },
        ty: None,
        value: base,
        mutable: true,
        span,
    })];
    for (name, value) in fields {
        let sp = name.span;
        let target = Expr::new(ExprKind::Field(Box::new(var(sp)), name), sp);
        let assign = ExprKind::Assign {
            target: Box::new(target),
            op: None,
            value: Box::new(value),
        };
        stmts.push(Stmt::Expr(Expr::new(assign, sp)));
    }
    stmts.push(Stmt::Expr(var(span)));
    Expr::new(ExprKind::Block(Block { stmts, span }), span)
}

/// Rust's map entry idiom as an assignment target: `m.entry(k).or_insert(d) += v` (the `*`
/// in front evaluates to its operand) is `m[k] = m.get(k).unwrap_or(d) + v`; also
/// `or_insert_with(f)` (default `f()`) and `or_default()` (default 0).
fn entry_target(lhs: &Expr, op: Option<BinOp>, rhs: &Expr) -> Option<(Expr, Option<BinOp>, Expr)> {
    let (map, k, default) = entry_parts(lhs)?;
    let map = Box::new(map);
    let sp = lhs.span;
    let target = Expr::new(ExprKind::Index(map.clone(), Box::new(k.clone())), sp);
    let Some(b) = op else {
        return Some((target, None, rhs.clone()));
    };
    let method_call = |recv: Expr, name: &str, arg: Expr| {
        Expr::new(
            ExprKind::MethodCall {
                recv: Box::new(recv),
                method: Ident {
                    name: name.into(),
                    span: sp,
                },
                args: vec![Arg {
                    name: None,
                    value: arg,
                }],
            },
            sp,
        )
    };
    let current = method_call(method_call((*map).clone(), "get", k), "unwrap_or", default);
    let value = Expr::new(
        ExprKind::Binary(b, Box::new(current), Box::new(rhs.clone())),
        sp.to(rhs.span),
    );
    Some((target, None, value))
}

/// The parts of `m.entry(k).or_insert(d)` (also `or_insert_with(f)`, `or_default()`) on a
/// place `m`: `(m, k, default)`.
fn entry_parts(e: &Expr) -> Option<(Expr, Expr, Expr)> {
    let ExprKind::MethodCall { recv, method, args } = &e.kind else {
        return None;
    };
    let ExprKind::MethodCall {
        recv: map,
        method: entry,
        args: key,
    } = &recv.kind
    else {
        return None;
    };
    if entry.name != "entry" || key.len() != 1 || !is_place(map) {
        return None;
    }
    let sp = e.span;
    let default = match (method.name.as_str(), args.as_slice()) {
        ("or_insert", [d]) => d.value.clone(),
        ("or_insert_with", [f]) => Expr::new(
            ExprKind::Call {
                callee: Box::new(f.value.clone()),
                args: Vec::new(),
            },
            sp,
        ),
        ("or_default", []) => Expr::new(ExprKind::Int(0), sp),
        _ => return None,
    };
    Some(((**map).clone(), key[0].value.clone(), default))
}

/// `m.entry(k).or_insert(d).push(x)`: `{ if !m.contains_key(k) { m[k] = d }; m[k].push(x) }`,
/// so the method works on (and mutating methods write back into) the map's value.
fn entry_method_call(recv: &Expr, method: &Ident, args: &[Arg], span: Span) -> Option<Expr> {
    let (map, key, default) = entry_parts(recv)?;
    let sp = recv.span;
    let slot = Expr::new(
        ExprKind::Index(Box::new(map.clone()), Box::new(key.clone())),
        sp,
    );
    let has = Expr::new(
        ExprKind::MethodCall {
            recv: Box::new(map),
            method: Ident {
                name: "contains_key".into(),
                span: sp,
            },
            args: vec![Arg {
                name: None,
                value: key,
            }],
        },
        sp,
    );
    let fill = Expr::new(
        ExprKind::If {
            cond: Box::new(Expr::new(ExprKind::Unary(UnOp::Not, Box::new(has)), sp)),
            then: Block {
                stmts: vec![Stmt::Expr(Expr::new(
                    ExprKind::Assign {
                        target: Box::new(slot.clone()),
                        op: None,
                        value: Box::new(default),
                    },
                    sp,
                ))],
                span: sp,
            },
            else_: None,
        },
        sp,
    );
    let call = Expr::new(
        ExprKind::MethodCall {
            recv: Box::new(slot),
            method: method.clone(),
            args: args.to_vec(),
        },
        span,
    );
    Some(Expr::new(
        ExprKind::Block(Block {
            stmts: vec![Stmt::Expr(fill), Stmt::Expr(call)],
            span,
        }),
        span,
    ))
}

fn is_place(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Ident(_) | ExprKind::SelfValue => true,
        // `(a, b) = (b, a)`: a tuple of places
        ExprKind::Tuple(items) => items.iter().all(is_place),
        ExprKind::Field(inner, _)
        | ExprKind::TupleIndex(inner, _, _)
        | ExprKind::Index(inner, _) => is_place(inner),
        _ => false,
    }
}

const MACROS: &[&str] = &[
    "vec",
    "df",
    "println",
    "print",
    "format",
    "assert",
    "assert_eq",
    "assert_ne",
    "panic",
    "eprintln",
    "eprint",
    "dbg",
    "matches",
];

impl Parser {
    pub(super) fn expr(&mut self) -> PResult<Expr> {
        self.expr_bp(0)
    }

    pub(super) fn expr_bp(&mut self, min_bp: u8) -> PResult<Expr> {
        self.enter()?;
        let r = self.expr_loop(min_bp);
        self.leave();
        r
    }

    fn expr_loop(&mut self, min_bp: u8) -> PResult<Expr> {
        let mut links = 0;
        let r = self.expr_chain(min_bp, &mut links);
        self.spine -= links;
        r
    }

    /// The Pratt loop; `links` counts the operators applied (each wraps `lhs` once more).
    fn expr_chain(&mut self, min_bp: u8, links: &mut u32) -> PResult<Expr> {
        let at_stmt = std::mem::take(&mut self.stmt_start);
        let at_arm = std::mem::take(&mut self.arm_start);
        let parenthesized = self.at(&Tok::LParen);
        let mut lhs = self.prefix()?;
        // `if c { … } (1)` as a statement: the `(1)` is the next statement, not a call (§3.1);
        // `(if c { f } else { g })(1)` is a call
        let mut bare_block_stmt = at_stmt && !parenthesized && lhs.is_block_like();
        let mut bare_block_arm = at_arm && !parenthesized && lhs.is_block_like();
        let mut first = true;
        // `..` is non-associative (§3.3): `a..b..c` needs parentheses
        let mut ranged = false;
        loop {
            // every pass after the first follows one that wrapped `lhs`
            if !std::mem::take(&mut first) {
                self.grow_spine()?;
                *links += 1;
                bare_block_stmt = false;
                bare_block_arm = false;
            }
            let tok = self.cur().clone();
            if tok.nl_before && self.nl_sensitive && !continues_line(&tok.tok) {
                break;
            }
            if tok.nl_before && self.nl_sensitive && self.deref_assignment_line() {
                // `*x += 1` on its own line: `a * x += 1` could never be valid, so the `*`
                // starts a new statement (a dereference) instead of continuing the line
                break;
            }
            match tok.tok {
                Tok::Dot => {
                    lhs = self.dot(lhs)?;
                    continue;
                }
                Tok::LParen | Tok::LBracket if bare_block_stmt => break,
                Tok::LParen | Tok::LBracket if bare_block_arm && self.next_arm_follows() => break,
                Tok::LParen if !tok.nl_before => {
                    let (args, end) = self.call_args()?;
                    let span = lhs.span.to(end);
                    lhs = Expr::new(
                        ExprKind::Call {
                            callee: Box::new(lhs),
                            args,
                        },
                        span,
                    );
                    continue;
                }
                Tok::LBracket if !tok.nl_before => {
                    lhs = self.index(lhs)?;
                    continue;
                }
                Tok::Question => {
                    let next = self.nth(1);
                    // (`&&` continues an expression, §3.2, so `o? && x` is a postfix `?`)
                    let ternary = !next.nl_before
                        && can_begin_expr(&next.tok)
                        && !matches!(next.tok, Tok::LBrace | Tok::AmpAmp);
                    if !ternary {
                        let end = self.bump().span;
                        let span = lhs.span.to(end);
                        lhs = Expr::new(ExprKind::Try(Box::new(lhs)), span);
                        continue;
                    }
                    if TERNARY_BP < min_bp {
                        break;
                    }
                    self.bump();
                    let then = self.expr_bp(TERNARY_BP)?;
                    self.expect(&Tok::Colon)?;
                    let else_ = self.expr_bp(TERNARY_BP - 1)?;
                    let span = lhs.span.to(else_.span);
                    lhs = Expr::new(
                        ExprKind::Ternary(Box::new(lhs), Box::new(then), Box::new(else_)),
                        span,
                    );
                    continue;
                }
                Tok::As => {
                    if AS_BP < min_bp {
                        break;
                    }
                    self.bump();
                    self.cast_type = true;
                    let ty = self.type_expr();
                    self.cast_type = false;
                    let ty = ty?;
                    let span = lhs.span.to(ty.span);
                    lhs = Expr::new(ExprKind::Cast(Box::new(lhs), ty), span);
                    continue;
                }
                _ => {}
            }
            let Some((l_bp, r_bp, op)) = infix_bp(&tok.tok) else {
                break;
            };
            // (`-` may begin the next arm's pattern, `-1 => …`; other operators cannot)
            if bare_block_arm && tok.tok == Tok::Minus && self.next_arm_follows() {
                break;
            }
            if l_bp < min_bp {
                break;
            }
            if let Infix::Range(_) = op {
                // `a..` with nothing after it only exists inside `[...]`, handled there
                if !can_begin_expr(&self.nth(1).tok) {
                    break;
                }
                if std::mem::replace(&mut ranged, true) {
                    self.error_here("Range operators cannot be chained: add parentheses")?;
                }
            }
            if matches!(tok.tok, Tok::Lt | Tok::Gt | Tok::Shl | Tok::Shr) {
                self.binary_angles.push(tok.span.start);
            }
            self.bump();
            let rhs = self.expr_bp(r_bp)?;
            let span = lhs.span.to(rhs.span);
            let kind = match op {
                Infix::Bin(b) => ExprKind::Binary(b, Box::new(lhs), Box::new(rhs)),
                Infix::Pipe => {
                    let grouped_call = matches!(
                        rhs.kind,
                        ExprKind::Call { .. } | ExprKind::MethodCall { .. }
                    ) && self.last_paren == Some(rhs.span);
                    let rhs = if grouped_call {
                        // the call's result is the function: a block holding it is called
                        let span = rhs.span;
                        let stmts = vec![Stmt::Expr(rhs)];
                        Expr::new(ExprKind::Block(Block { stmts, span }), span)
                    } else {
                        rhs
                    };
                    ExprKind::Pipe(Box::new(lhs), Box::new(rhs))
                }
                Infix::Range(inclusive) => ExprKind::Range {
                    start: Box::new(lhs),
                    end: Box::new(rhs),
                    inclusive,
                },
                Infix::Assign(op) => {
                    let (lhs, op, rhs) = match entry_target(&lhs, op, &rhs) {
                        Some(parts) => parts,
                        None => (lhs, op, rhs),
                    };
                    let tuple = matches!(lhs.kind, ExprKind::Tuple(_));
                    if !is_place(&lhs) || (tuple && op.is_some()) {
                        self.errors.push(
                            crate::diag::Diagnostic::syntax(lhs.span, "Invalid assignment target")
                                .with_label("this is not a variable, field or index"),
                        );
                        return Err(());
                    }
                    ExprKind::Assign {
                        target: Box::new(lhs),
                        op,
                        value: Box::new(rhs),
                    }
                }
            };
            lhs = Expr::new(kind, span);
        }
        Ok(lhs)
    }

    /// At a line-starting `*`: whether an assignment operator follows on the same line outside
    /// brackets (`*counts.entry(w).or_insert(0) += 1`).
    fn deref_assignment_line(&self) -> bool {
        if !matches!(self.peek(), Tok::Star | Tok::StarStar) {
            return false;
        }
        let mut depth = 0i32;
        let mut i = 1;
        loop {
            let t = self.nth(i);
            if t.nl_before && depth == 0 || t.tok == Tok::Eof {
                return false;
            }
            match t.tok {
                Tok::LParen | Tok::LBracket | Tok::LBrace => depth += 1,
                Tok::RParen | Tok::RBracket | Tok::RBrace => {
                    depth -= 1;
                    if depth < 0 {
                        return false;
                    }
                }
                ref tok if depth == 0 && tok.is_assignment() => return true,
                _ => {}
            }
            i += 1;
        }
    }

    /// Whether the tokens from `n` on look like a closure's parameter list (`||` or
    /// `|a, (b, c): T|`), so `move |x| …` is told apart from a variable `move | x`.
    fn closure_params_follow(&self, n: usize) -> bool {
        match self.nth(n).tok {
            Tok::PipePipe => return true,
            Tok::Pipe => {}
            _ => return false,
        }
        let mut i = n + 1;
        loop {
            match self.nth(i).tok {
                Tok::Pipe => return true,
                Tok::Ident(_)
                | Tok::Comma
                | Tok::Colon
                | Tok::ColonColon
                | Tok::Amp
                | Tok::Mut
                | Tok::LParen
                | Tok::RParen
                | Tok::LBracket
                | Tok::RBracket
                | Tok::Lt
                | Tok::Gt => i += 1,
                _ => return false,
            }
        }
    }

    fn prefix(&mut self) -> PResult<Expr> {
        let tok = self.cur().clone();
        let sp = tok.span;
        let lit = |k: ExprKind| Ok(Expr::new(k, sp));
        match tok.tok {
            Tok::Int(n) => {
                self.bump();
                lit(ExprKind::Int(n))
            }
            Tok::Float(f) => {
                self.bump();
                lit(ExprKind::Float(f))
            }
            Tok::Str(s) => {
                self.bump();
                lit(ExprKind::Str(s))
            }
            Tok::True => {
                self.bump();
                lit(ExprKind::Bool(true))
            }
            Tok::False => {
                self.bump();
                lit(ExprKind::Bool(false))
            }
            Tok::Nil => {
                self.bump();
                lit(ExprKind::Nil)
            }
            Tok::FStr(pieces) => {
                self.bump();
                self.fstring(pieces, sp)
            }
            // `super::f`, `crate::m::f`, `self::f`: a bare name is looked up in the current
            // module, then in the enclosing ones, then globally
            Tok::Reserved("super" | "crate") | Tok::SelfValue
                if matches!(self.nth(1).tok, Tok::ColonColon)
                    && matches!(self.nth(2).tok, Tok::Ident(_) | Tok::Reserved("super")) =>
            {
                self.bump();
                self.bump();
                let e = self.prefix()?;
                Ok(Expr::new(e.kind, sp.to(e.span)))
            }
            Tok::SelfValue => {
                self.bump();
                lit(ExprKind::SelfValue)
            }
            // Rust's `move |x| …`: closures capture variables anyway
            Tok::Ident(ref m)
                if m == "move" && !self.nth(1).nl_before && self.closure_params_follow(1) =>
            {
                self.bump();
                let c = self.closure()?;
                Ok(Expr::new(c.kind, sp.to(c.span)))
            }
            Tok::Ident(_) | Tok::SelfType => self.name_expr(),
            Tok::LParen => self.paren(),
            Tok::LBracket => self.array(),
            Tok::LBrace => self.brace_expr(),
            Tok::Minus | Tok::Bang | Tok::Tilde => {
                self.bump();
                let operand = self.expr_bp(PREFIX_BP)?;
                let op = match tok.tok {
                    Tok::Minus => UnOp::Neg,
                    Tok::Bang => UnOp::Not,
                    _ => UnOp::BitNot,
                };
                let span = sp.to(operand.span);
                // fold `-literal` so that `-9223372036854775807 - 1` style code stays simple
                Ok(Expr::new(ExprKind::Unary(op, Box::new(operand)), span))
            }
            Tok::Amp | Tok::AmpAmp => {
                self.bump();
                self.eat(&Tok::Mut);
                let operand = self.expr_bp(PREFIX_BP)?;
                Ok(Expr::new(operand.kind, sp.to(operand.span)))
            }
            // Rust's dereference `*v` / `**v` where an operand is expected (never at the start
            // of a line after a complete expression: there `*` continues it, §3.2) evaluates
            // to its operand, like `&v`
            Tok::Star | Tok::StarStar => {
                self.bump();
                let operand = self.expr_bp(PREFIX_BP)?;
                Ok(Expr::new(operand.kind, sp.to(operand.span)))
            }
            Tok::Await => {
                self.bump();
                let operand = self.expr_bp(PREFIX_BP)?;
                Ok(Expr::new(operand.kind, sp.to(operand.span)))
            }
            Tok::Async => {
                self.bump();
                self.prefix()
            }
            Tok::Pipe | Tok::PipePipe => self.closure(),
            Tok::Fun | Tok::Fn => self.anon_fun(),
            Tok::If => self.if_expr(),
            Tok::Match => self.match_expr(),
            Tok::While => self.while_expr(None),
            Tok::For => self.for_expr(None),
            Tok::Loop => self.loop_expr(None),
            Tok::Try => self.try_expr(),
            Tok::Label(name) => {
                self.bump();
                self.expect(&Tok::Colon)?;
                self.labeled_loop(name)
            }
            Tok::At
                if matches!(self.nth(1).tok, Tok::Ident(_)) && self.nth(2).tok == Tok::Colon =>
            {
                self.bump();
                let name = self.ident("a label")?.name;
                self.bump();
                self.labeled_loop(name)
            }
            Tok::Return => {
                self.bump();
                let value = self.jump_value()?;
                let span = value.as_ref().map(|v| sp.to(v.span)).unwrap_or(sp);
                Ok(Expr::new(ExprKind::Return(value), span))
            }
            Tok::Throw => {
                // §3.2 rule 4: the value only if it starts on the same line; else nil
                self.bump();
                let value = self
                    .jump_value()?
                    .unwrap_or_else(|| Box::new(Expr::new(ExprKind::Nil, sp)));
                let span = sp.to(value.span);
                Ok(Expr::new(ExprKind::Throw(value), span))
            }
            Tok::Break => {
                self.bump();
                let label = self.jump_label()?;
                let value = self.jump_value()?;
                let span = value
                    .as_ref()
                    .map(|v| sp.to(v.span))
                    .unwrap_or(self.prev_span().to(sp));
                Ok(Expr::new(ExprKind::Break { label, value }, span))
            }
            Tok::Continue => {
                self.bump();
                let label = self.jump_label()?;
                Ok(Expr::new(
                    ExprKind::Continue { label },
                    self.prev_span().to(sp),
                ))
            }
            Tok::Eof => {
                self.error_at(&tok, "Unexpected end of input: expected an expression");
                Err(())
            }
            ref other => {
                let msg = format!("Unexpected {}: expected an expression", other.unexpected());
                self.error_at(&tok, msg);
                Err(())
            }
        }
    }

    fn jump_label(&mut self) -> PResult<Option<String>> {
        let t = self.cur().clone();
        if t.nl_before {
            return Ok(None);
        }
        match t.tok {
            Tok::Label(name) => {
                self.bump();
                Ok(Some(name))
            }
            Tok::At if matches!(self.nth(1).tok, Tok::Ident(_)) => {
                self.bump();
                Ok(Some(self.ident("a label")?.name))
            }
            _ => Ok(None),
        }
    }

    /// The optional value of `return`/`break`: only when it starts on the same line.
    fn jump_value(&mut self) -> PResult<Option<Box<Expr>>> {
        let t = self.cur();
        if t.nl_before || !can_begin_expr(&t.tok) {
            return Ok(None);
        }
        Ok(Some(Box::new(self.expr()?)))
    }

    fn fstring(&mut self, pieces: Vec<FStrPiece>, span: Span) -> PResult<Expr> {
        let mut parts = Vec::new();
        for piece in pieces {
            match piece {
                FStrPiece::Lit(s) => parts.push(FStrPart::Lit(s)),
                FStrPiece::Expr { src, offset, spec } => {
                    let (expr, errors) = super::parse_expr_source(&src, offset);
                    let failed = !errors.is_empty();
                    self.errors.extend(errors);
                    if failed {
                        return Err(());
                    }
                    parts.push(FStrPart::Expr {
                        expr: Box::new(expr),
                        spec,
                    });
                }
            }
        }
        Ok(Expr::new(ExprKind::FString(parts), span))
    }

    /// Identifiers, paths `A::b`, struct literals `Name { … }` and macros `name!(…)`.
    fn name_expr(&mut self) -> PResult<Expr> {
        let first = self.bump();
        let name = match &first.tok {
            Tok::Ident(n) => n.clone(),
            _ => "Self".to_string(),
        };
        if let Tok::Ident(_) = first.tok {
            if self.at(&Tok::Bang) && !self.cur().nl_before && MACROS.contains(&name.as_str()) {
                if let Tok::LParen | Tok::LBracket = self.nth(1).tok {
                    self.bump();
                    return self.macro_call(name, first.span);
                }
            }
        }
        let mut path = vec![Ident {
            name,
            span: first.span,
        }];
        while self.at(&Tok::ColonColon) {
            self.bump();
            if self.at(&Tok::Lt) {
                self.skip_generic_args()?;
                continue;
            }
            let seg = self.member_name("a name after '::'")?;
            path.push(seg);
        }
        let span = first.span.to(self.prev_span());
        let last_upper = path
            .last()
            .is_some_and(|s| s.name.starts_with(|c: char| c.is_ascii_uppercase()));
        if last_upper && self.at(&Tok::LBrace) && !self.no_struct && !self.cur().nl_before {
            return self.struct_lit(path, span);
        }
        if path.len() == 1 {
            let id = path.pop().map(|i| i.name).unwrap_or_default();
            if id == "Self" {
                return Ok(Expr::new(
                    ExprKind::Path(vec![Ident { name: id, span }]),
                    span,
                ));
            }
            return Ok(Expr::new(ExprKind::Ident(id), span));
        }
        Ok(Expr::new(ExprKind::Path(path), span))
    }

    pub(super) fn skip_generic_args(&mut self) -> PResult<()> {
        self.expect(&Tok::Lt)?;
        loop {
            if self.eat_closing_angle() {
                return Ok(());
            }
            self.type_expr()?;
            if !self.eat(&Tok::Comma) {
                if self.eat_closing_angle() {
                    return Ok(());
                }
                return self.error_here("Expected '>' to close the generic arguments");
            }
        }
    }

    fn macro_call(&mut self, name: String, start: Span) -> PResult<Expr> {
        let bracket = self.at(&Tok::LBracket);
        if name == "df" {
            return self.dataframe(start);
        }
        if name == "vec" {
            let arr = self.array_or_parens(bracket)?;
            return Ok(Expr::new(arr.kind, start.to(arr.span)));
        }
        if name == "matches" && self.at(&Tok::LParen) {
            return self.matches_macro(start);
        }
        let (args, end) = if bracket {
            let e = self.array()?;
            let span = e.span;
            let args = match e.kind {
                ExprKind::Array(items) => items
                    .into_iter()
                    .map(|value| Arg { name: None, value })
                    .collect(),
                other => vec![Arg {
                    name: None,
                    value: Expr::new(other, span),
                }],
            };
            (args, span)
        } else {
            self.call_args()?
        };
        // `format!` keeps its `!`: a macro names the builtin even where a variable or a user
        // function of the same name is in scope (`let format = "json"; format!(…)`)
        let callee = Expr::new(ExprKind::Ident(format!("{name}!")), start);
        Ok(Expr::new(
            ExprKind::Call {
                callee: Box::new(callee),
                args,
            },
            start.to(end),
        ))
    }

    /// `matches!(value, PATTERN [if guard])`: whether the value matches the pattern.
    fn matches_macro(&mut self, start: Span) -> PResult<Expr> {
        self.expect(&Tok::LParen)?;
        let (scrutinee, pat, guard) = self.with_mode(false, false, |p| {
            let scrutinee = p.expr()?;
            p.expect(&Tok::Comma)?;
            let pat = p.pattern()?;
            let guard = if p.eat(&Tok::If) {
                Some(p.expr()?)
            } else {
                None
            };
            p.eat(&Tok::Comma);
            Ok((scrutinee, pat, guard))
        })?;
        let end = self.expect(&Tok::RParen)?;
        let span = start.to(end);
        let arm = |pat: Pattern, guard: Option<Expr>, value: bool| MatchArm {
            pat,
            guard,
            body: Expr::new(ExprKind::Bool(value), span),
            span,
        };
        let wild = Pattern {
            kind: PatKind::Wild,
            span,
        };
        Ok(Expr::new(
            ExprKind::Match {
                scrutinee: Box::new(scrutinee),
                arms: vec![arm(pat, guard, true), arm(wild, None, false)],
            },
            span,
        ))
    }

    fn array_or_parens(&mut self, bracket: bool) -> PResult<Expr> {
        if bracket {
            return self.array();
        }
        let (args, end) = self.call_args()?;
        let items = args.into_iter().map(|a| a.value).collect();
        Ok(Expr::new(ExprKind::Array(items), end))
    }

    fn dataframe(&mut self, start: Span) -> PResult<Expr> {
        let close = if self.eat(&Tok::LBracket) {
            Tok::RBracket
        } else {
            self.expect(&Tok::LParen)?;
            Tok::RParen
        };
        let cols = self.with_mode(false, false, |p| -> PResult<Vec<(Expr, Expr)>> {
            let mut cols = Vec::new();
            while !p.at(&close) {
                let name = p.expr()?;
                p.expect(&Tok::FatArrow)?;
                let values = p.expr()?;
                cols.push((name, values));
                if !p.eat(&Tok::Comma) {
                    break;
                }
            }
            Ok(cols)
        })?;
        let end = self.expect(&close)?;
        Ok(Expr::new(ExprKind::DataFrame(cols), start.to(end)))
    }

    fn struct_lit(&mut self, path: Vec<Ident>, start: Span) -> PResult<Expr> {
        self.bump();
        let mut base = None;
        let fields = self.with_mode(false, false, |p| -> PResult<Vec<(Ident, Expr)>> {
            let mut fields = Vec::new();
            let mut seen = std::collections::HashSet::new();
            while !p.at(&Tok::RBrace) {
                if p.eat(&Tok::DotDot) {
                    // `..base`: the remaining fields come from `base`
                    base = Some(p.expr()?);
                    p.eat(&Tok::Comma);
                    break;
                }
                let name = p.ident("a field name")?;
                if !seen.insert(name.name.clone()) {
                    let msg = format!("Field '{}' is given twice", name.name);
                    p.errors
                        .push(crate::diag::Diagnostic::syntax(name.span, msg));
                }
                let value = if p.eat(&Tok::Colon) {
                    p.expr()?
                } else {
                    Expr::new(ExprKind::Ident(name.name.clone()), name.span)
                };
                fields.push((name, value));
                if !p.eat(&Tok::Comma) {
                    break;
                }
            }
            Ok(fields)
        })?;
        let end = self.expect(&Tok::RBrace)?;
        let span = start.to(end);
        match base {
            Some(base) => Ok(struct_update(base, fields, span)),
            None => Ok(Expr::new(ExprKind::StructLit { path, fields }, span)),
        }
    }

    /// `()`, `(e)`, `(a, b)`, `(a,)`.
    fn paren(&mut self) -> PResult<Expr> {
        let open = self.bump().span;
        let (items, trailing_comma) =
            self.with_mode(false, false, |p| -> PResult<(Vec<Expr>, bool)> {
                let mut items = Vec::new();
                let mut trailing = false;
                while !p.at(&Tok::RParen) {
                    items.push(p.expr()?);
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
            0 => Expr::new(ExprKind::Nil, span),
            1 if !trailing_comma => {
                let mut e = items.into_iter().next().ok_or(())?;
                e.span = span;
                self.last_paren = Some(span);
                e
            }
            _ => Expr::new(ExprKind::Tuple(items), span),
        })
    }

    /// `[a, b]`, `[v; n]`, `[e for x in xs if c]`.
    fn array(&mut self) -> PResult<Expr> {
        let open = self.bump().span;
        let kind = self.with_mode(false, false, |p| -> PResult<ExprKind> {
            if p.at(&Tok::RBracket) {
                return Ok(ExprKind::Array(Vec::new()));
            }
            let first = p.expr()?;
            if p.eat(&Tok::Semi) {
                let count = p.expr()?;
                return Ok(ExprKind::ArrayRepeat(Box::new(first), Box::new(count)));
            }
            if p.eat(&Tok::For) {
                let pat = p.pattern_no_alt()?;
                p.expect(&Tok::In)?;
                let iter = p.expr_no_struct_until_if()?;
                let cond = if p.eat(&Tok::If) {
                    Some(Box::new(p.expr()?))
                } else {
                    None
                };
                return Ok(ExprKind::Comprehension {
                    elem: Box::new(first),
                    pat,
                    iter: Box::new(iter),
                    cond,
                });
            }
            let mut items = vec![first];
            while p.eat(&Tok::Comma) {
                if p.at(&Tok::RBracket) {
                    break;
                }
                items.push(p.expr()?);
            }
            Ok(ExprKind::Array(items))
        })?;
        let close = self.expect(&Tok::RBracket)?;
        Ok(Expr::new(kind, open.to(close)))
    }

    fn expr_no_struct_until_if(&mut self) -> PResult<Expr> {
        self.expr()
    }

    /// `{` starts a map literal when it is `{}` or `{ key: …`; otherwise a block.
    fn brace_expr(&mut self) -> PResult<Expr> {
        let is_map = matches!(self.nth(1).tok, Tok::RBrace)
            || (matches!(self.nth(1).tok, Tok::Ident(_) | Tok::Str(_) | Tok::Int(_))
                && self.nth(2).tok == Tok::Colon);
        if !is_map {
            let b = self.bare_block()?;
            let span = b.span;
            return Ok(Expr::new(ExprKind::Block(b), span));
        }
        let open = self.bump().span;
        let entries = self.with_mode(false, false, |p| -> PResult<Vec<(MapKey, Expr)>> {
            let mut entries = Vec::new();
            while !p.at(&Tok::RBrace) {
                let key = match p.cur().tok.clone() {
                    Tok::Ident(s) | Tok::Str(s) => MapKey::Str(s),
                    Tok::Int(n) => MapKey::Int(n),
                    other => {
                        p.error_here(format!("Expected a map key but found {}", other.quoted()))?;
                        return Err(());
                    }
                };
                p.bump();
                p.expect(&Tok::Colon)?;
                entries.push((key, p.expr()?));
                if !p.eat(&Tok::Comma) {
                    break;
                }
            }
            Ok(entries)
        })?;
        let close = self.expect(&Tok::RBrace)?;
        Ok(Expr::new(ExprKind::Map(entries), open.to(close)))
    }

    /// A body that may be `{}` (an empty block, not a map) or any expression.
    pub(super) fn body_expr(&mut self) -> PResult<Expr> {
        if self.at(&Tok::LBrace) && self.nth(1).tok == Tok::RBrace {
            let b = self.block()?;
            let span = b.span;
            return Ok(Expr::new(ExprKind::Block(b), span));
        }
        self.expr()
    }

    fn block_expr(&mut self) -> PResult<Expr> {
        let b = self.block()?;
        let span = b.span;
        Ok(Expr::new(ExprKind::Block(b), span))
    }

    pub(super) fn call_args(&mut self) -> PResult<(Vec<Arg>, Span)> {
        self.bump();
        let args = self.with_mode(false, false, |p| -> PResult<Vec<Arg>> {
            let mut args = Vec::new();
            let mut seen_named = false;
            while !p.at(&Tok::RParen) {
                let named = matches!(p.peek(), Tok::Ident(_)) && p.nth(1).tok == Tok::Eq;
                let name = if named {
                    let n = p.ident("an argument name")?;
                    p.bump();
                    Some(n)
                } else {
                    None
                };
                // §6.2: positional arguments come first
                seen_named |= name.is_some();
                if name.is_none() && seen_named {
                    let t = p.cur().clone();
                    p.error_at(&t, "Positional argument after a named argument");
                    return Err(());
                }
                let value = p.expr()?;
                args.push(Arg { name, value });
                if !p.eat(&Tok::Comma) {
                    break;
                }
            }
            Ok(args)
        })?;
        let close = self.expect(&Tok::RParen)?;
        Ok((args, close))
    }

    fn index(&mut self, recv: Expr) -> PResult<Expr> {
        self.bump();
        let kind = self.with_mode(false, false, |p| -> PResult<ExprKind> {
            let recv = Box::new(recv);
            if p.at(&Tok::DotDot) || p.at(&Tok::DotDotEq) {
                let inclusive = p.bump().tok == Tok::DotDotEq;
                let end = if p.at(&Tok::RBracket) {
                    None
                } else {
                    Some(Box::new(p.expr_bp(18)?))
                };
                return Ok(ExprKind::Slice {
                    recv,
                    start: None,
                    end,
                    inclusive,
                });
            }
            let idx = p.expr()?;
            if p.at(&Tok::DotDot) || p.at(&Tok::DotDotEq) {
                let inclusive = p.bump().tok == Tok::DotDotEq;
                let end = if p.at(&Tok::RBracket) {
                    None
                } else {
                    Some(Box::new(p.expr_bp(18)?))
                };
                return Ok(ExprKind::Slice {
                    recv,
                    start: Some(Box::new(idx)),
                    end,
                    inclusive,
                });
            }
            if let ExprKind::Range {
                start,
                end,
                inclusive,
            } = idx.kind
            {
                return Ok(ExprKind::Slice {
                    recv,
                    start: Some(start),
                    end: Some(end),
                    inclusive,
                });
            }
            Ok(ExprKind::Index(recv, Box::new(idx)))
        })?;
        let close = self.expect(&Tok::RBracket)?;
        let span = match &kind {
            ExprKind::Slice { recv, .. } | ExprKind::Index(recv, _) => recv.span.to(close),
            _ => close,
        };
        Ok(Expr::new(kind, span))
    }

    fn dot(&mut self, recv: Expr) -> PResult<Expr> {
        self.bump();
        let t = self.cur().clone();
        match t.tok {
            Tok::Int(n) => {
                self.bump();
                let span = recv.span.to(t.span);
                Ok(Expr::new(
                    ExprKind::TupleIndex(Box::new(recv), n as u32, t.span),
                    span,
                ))
            }
            Tok::Await => {
                self.bump();
                Ok(recv)
            }
            Tok::Ident(_) | Tok::Reserved(_) => {
                let mut method = self.member_name("a method name")?;
                // `collect::<String>()` joins the pieces into a string
                let mut collect_string = false;
                if self.at(&Tok::ColonColon) && self.nth(1).tok == Tok::Lt {
                    collect_string = method.name == "collect"
                        && self.nth(2).tok == Tok::Ident("String".into())
                        && self.nth(3).tok == Tok::Gt;
                    // `parse::<f64>()` reads a float ("3" gives 3.0, as in Rust)
                    if method.name == "parse"
                        && matches!(&self.nth(2).tok, Tok::Ident(t) if t == "f64" || t == "f32")
                        && self.nth(3).tok == Tok::Gt
                    {
                        method.name = "to_float".into();
                    }
                    self.bump();
                    self.skip_generic_args()?;
                }
                if self.at(&Tok::LParen) && !self.cur().nl_before {
                    let (mut args, end) = self.call_args()?;
                    if collect_string && args.is_empty() {
                        method.name = "join".into();
                        args.push(Arg {
                            name: None,
                            value: Expr::new(ExprKind::Str(String::new()), method.span),
                        });
                    }
                    let span = recv.span.to(end);
                    if let Some(e) = entry_method_call(&recv, &method, &args, span) {
                        return Ok(e);
                    }
                    return Ok(Expr::new(
                        ExprKind::MethodCall {
                            recv: Box::new(recv),
                            method,
                            args,
                        },
                        span,
                    ));
                }
                let span = recv.span.to(t.span);
                Ok(Expr::new(ExprKind::Field(Box::new(recv), method), span))
            }
            ref other => {
                let msg = format!(
                    "Expected a field or method name after '.' but found {}",
                    other.quoted()
                );
                self.error_at(&t, msg);
                Err(())
            }
        }
    }

    fn closure(&mut self) -> PResult<Expr> {
        let open = self.bump();
        let mut params = Vec::new();
        if open.tok == Tok::Pipe {
            self.with_mode(false, false, |p| -> PResult<()> {
                while !p.at(&Tok::Pipe) {
                    // `|&x|`, `|&(a, b)|`: a reference pattern binds the value itself
                    p.eat(&Tok::Amp);
                    p.eat(&Tok::Mut);
                    let param = if matches!(p.peek(), Tok::LParen | Tok::LBracket) {
                        let pat = p.pattern_no_alt()?;
                        let name = Ident {
                            name: format!("$arg{}", params.len()),
                            span: pat.span,
                        };
                        Param {
                            name,
                            pattern: Some(pat),
                            ty: None,
                            default: None,
                        }
                    } else {
                        let name = p.ident("a parameter name")?;
                        Param {
                            name,
                            pattern: None,
                            ty: None,
                            default: None,
                        }
                    };
                    let ty = if p.eat(&Tok::Colon) {
                        Some(p.type_expr()?)
                    } else {
                        None
                    };
                    params.push(Param { ty, ..param });
                    if !p.eat(&Tok::Comma) {
                        break;
                    }
                }
                Ok(())
            })?;
            self.expect(&Tok::Pipe)?;
        }
        let ret = if self.eat(&Tok::Arrow) {
            Some(self.type_expr()?)
        } else {
            None
        };
        self.mark_body_brace();
        let body = if ret.is_some() {
            self.block_expr()?
        } else {
            self.body_expr()?
        };
        let span = open.span.to(body.span);
        let f = FunDecl {
            name: None,
            generics: Vec::new(),
            self_kind: SelfKind::None,
            params,
            ret,
            body,
            span,
            is_signature: false,
        };
        Ok(Expr::new(ExprKind::Closure(Rc::new(f)), span))
    }

    fn anon_fun(&mut self) -> PResult<Expr> {
        let start = self.bump().span;
        let (self_kind, params) = self.params()?;
        let ret = if self.eat(&Tok::Arrow) {
            Some(self.type_expr()?)
        } else {
            None
        };
        let body = self.block_expr()?;
        let span = start.to(body.span);
        let f = FunDecl {
            name: None,
            generics: Vec::new(),
            self_kind,
            params,
            ret,
            body,
            span,
            is_signature: false,
        };
        Ok(Expr::new(ExprKind::Closure(Rc::new(f)), span))
    }

    /// A header expression (`if`/`while`/`for`/`match`): line breaks are whitespace and
    /// `Name {` does not start a struct literal.
    fn header<T>(&mut self, f: impl FnOnce(&mut Parser) -> PResult<T>) -> PResult<T> {
        self.with_mode(false, true, f)
    }

    fn if_expr(&mut self) -> PResult<Expr> {
        let start = self.bump().span;
        if self.eat(&Tok::Let) {
            let pat = self.pattern()?;
            self.expect(&Tok::Eq)?;
            let value = self.header(|p| p.expr())?;
            let then = self.block()?;
            let else_ = self.else_branch()?;
            let end = else_.as_ref().map(|e| e.span).unwrap_or(then.span);
            return Ok(Expr::new(
                ExprKind::IfLet {
                    pat,
                    value: Box::new(value),
                    then,
                    else_,
                },
                start.to(end),
            ));
        }
        let cond = self.header(|p| p.expr())?;
        let then = self.block()?;
        let else_ = self.else_branch()?;
        let end = else_.as_ref().map(|e| e.span).unwrap_or(then.span);
        Ok(Expr::new(
            ExprKind::If {
                cond: Box::new(cond),
                then,
                else_,
            },
            start.to(end),
        ))
    }

    fn else_branch(&mut self) -> PResult<Option<Box<Expr>>> {
        if !self.eat(&Tok::Else) {
            return Ok(None);
        }
        if self.at(&Tok::If) {
            // (a chain of `else if`s nests like an operator chain: counted the same way)
            self.grow_spine()?;
            let link = self.if_expr();
            self.spine -= 1;
            return Ok(Some(Box::new(link?)));
        }
        Ok(Some(Box::new(self.block_expr()?)))
    }

    /// After a block-like arm body, at `(`, `[` or `-`: whether the next arm starts here.
    fn next_arm_follows(&self) -> bool {
        crate::token::arrow_before_arm_end(self.toks[self.pos..].iter().map(|t| &t.tok))
    }

    fn match_expr(&mut self) -> PResult<Expr> {
        let start = self.bump().span;
        let scrutinee = self.header(|p| p.expr())?;
        self.mark_body_brace();
        self.expect(&Tok::LBrace)?;
        let mut arms = Vec::new();
        while !self.at(&Tok::RBrace) {
            if self.at(&Tok::Eof) {
                self.expect(&Tok::RBrace)?;
            }
            let pat = self.with_mode(false, false, |p| p.pattern())?;
            let guard = if self.eat(&Tok::If) {
                Some(self.header(|p| p.expr())?)
            } else {
                None
            };
            self.expect(&Tok::FatArrow)?;
            let body = self.with_mode(true, false, |p| {
                p.arm_start = true;
                let body = p.body_expr();
                // (`=> {}` is parsed without the Pratt loop, which takes the flag)
                p.arm_start = false;
                body
            })?;
            let span = pat.span.to(body.span);
            let block_body = body.is_block_like();
            arms.push(MatchArm {
                pat,
                guard,
                body,
                span,
            });
            if self.eat(&Tok::Comma) || self.at(&Tok::RBrace) || block_body || self.cur().nl_before
            {
                continue;
            }
            let t = self.cur().clone();
            self.error_at(
                &t,
                format!(
                    "Expected ',' or '}}' after a match arm but found {}",
                    t.tok.quoted()
                ),
            );
            return Err(());
        }
        let end = self.bump().span;
        Ok(Expr::new(
            ExprKind::Match {
                scrutinee: Box::new(scrutinee),
                arms,
            },
            start.to(end),
        ))
    }

    fn labeled_loop(&mut self, label: String) -> PResult<Expr> {
        match self.peek() {
            Tok::While => self.while_expr(Some(label)),
            Tok::For => self.for_expr(Some(label)),
            Tok::Loop => self.loop_expr(Some(label)),
            _ => {
                self.error_here("Expected 'for', 'while' or 'loop' after a loop label")?;
                Err(())
            }
        }
    }

    fn while_expr(&mut self, label: Option<String>) -> PResult<Expr> {
        let start = self.bump().span;
        if self.eat(&Tok::Let) {
            let pat = self.pattern()?;
            self.expect(&Tok::Eq)?;
            let value = self.header(|p| p.expr())?;
            let body = self.block()?;
            let span = start.to(body.span);
            return Ok(Expr::new(
                ExprKind::WhileLet {
                    label,
                    pat,
                    value: Box::new(value),
                    body,
                },
                span,
            ));
        }
        let cond = self.header(|p| p.expr())?;
        let body = self.block()?;
        let span = start.to(body.span);
        Ok(Expr::new(
            ExprKind::While {
                label,
                cond: Box::new(cond),
                body,
            },
            span,
        ))
    }

    fn for_expr(&mut self, label: Option<String>) -> PResult<Expr> {
        let start = self.bump().span;
        let pat = self.header(|p| p.pattern_no_alt())?;
        self.expect(&Tok::In)?;
        let iter = self.header(|p| p.expr())?;
        let body = self.block()?;
        let span = start.to(body.span);
        Ok(Expr::new(
            ExprKind::For {
                label,
                pat,
                iter: Box::new(iter),
                body,
            },
            span,
        ))
    }

    fn loop_expr(&mut self, label: Option<String>) -> PResult<Expr> {
        let start = self.bump().span;
        let body = self.block()?;
        let span = start.to(body.span);
        Ok(Expr::new(ExprKind::Loop { label, body }, span))
    }

    fn try_expr(&mut self) -> PResult<Expr> {
        let start = self.bump().span;
        let body = self.block()?;
        let mut end = body.span;
        let catch = if self.eat(&Tok::Catch) {
            let binding = if self.at(&Tok::LBrace) {
                None
            } else if self.eat(&Tok::LParen) {
                let pat = self.pattern_no_alt()?;
                if self.eat(&Tok::Colon) {
                    self.type_expr()?;
                }
                self.expect(&Tok::RParen)?;
                Some(pat)
            } else {
                let pat = self.pattern_no_alt()?;
                if self.eat(&Tok::Colon) {
                    self.type_expr()?;
                }
                Some(pat)
            };
            let body = self.block()?;
            end = body.span;
            Some(CatchClause { binding, body })
        } else {
            None
        };
        let finally = if self.eat(&Tok::Finally) {
            let b = self.block()?;
            end = b.span;
            Some(b)
        } else {
            None
        };
        if catch.is_none() && finally.is_none() {
            self.error_here("Expected 'catch' or 'finally' after a try block")?;
        }
        Ok(Expr::new(
            ExprKind::TryCatch {
                body,
                catch,
                finally,
            },
            start.to(end),
        ))
    }
}
