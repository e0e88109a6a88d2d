//! Control flow: `if`, `match`, loops with `break` values, `return`, `throw`, `try`/`catch`,
//! the `?` operator, iteration and comprehensions.

use super::{Infer, LoopCtx};
use crate::error::{ErrorKind, TypeError};
use crate::ty::{Tag, Ty};
use ruchy_parser::ast::*;
use ruchy_parser::Span;

/// `type_of(x) == "kind"` → (x, kind, true); `!=` or `!` negate; `is_nil(x)` and `x == nil`
/// test for `nil`.
fn type_test(cond: &Expr) -> Option<(String, String, bool)> {
    let ident = |e: &Expr| match &e.kind {
        ExprKind::Ident(n) => Some(n.clone()),
        _ => None,
    };
    let call_of = |e: &Expr, f: &str| match &e.kind {
        ExprKind::Call { callee, args } if args.len() == 1 => match &callee.kind {
            ExprKind::Ident(n) if n == f => ident(&args[0].value),
            _ => None,
        },
        _ => None,
    };
    match &cond.kind {
        ExprKind::Unary(UnOp::Not, inner) => type_test(inner).map(|(n, k, p)| (n, k, !p)),
        ExprKind::Call { .. } => call_of(cond, "is_nil").map(|n| (n, "nil".to_string(), true)),
        ExprKind::Binary(op @ (BinOp::Eq | BinOp::Ne), a, b) => {
            let positive = *op == BinOp::Eq;
            let (x, lit) = match (&a.kind, &b.kind) {
                (_, ExprKind::Str(s)) => (a, s.clone()),
                (ExprKind::Str(s), _) => (b, s.clone()),
                (_, ExprKind::Nil) => return ident(a).map(|n| (n, "nil".into(), positive)),
                (ExprKind::Nil, _) => return ident(b).map(|n| (n, "nil".into(), positive)),
                _ => return None,
            };
            call_of(x, "type_of").map(|n| (n, lit, positive))
        }
        _ => None,
    }
}

impl Infer<'_> {
    pub(super) fn control(&mut self, e: &Expr) -> Ty {
        use ExprKind as K;
        let span = e.span;
        match &e.kind {
            K::If { cond, then, else_ } => {
                self.infer_expr(cond);
                let (then_dead, else_dead) = self.dead_branches(cond);
                self.silent += then_dead as u32;
                let a = self.infer_block(then);
                self.silent -= then_dead as u32;
                self.silent += else_dead as u32;
                let b = match else_ {
                    Some(x) => self.infer_expr(x),
                    None => Ty::Nil,
                };
                self.silent -= else_dead as u32;
                self.join(span, Tag::Join, &[a, b])
            }
            K::IfLet {
                pat,
                value,
                then,
                else_,
            } => {
                let v = self.infer_expr(value);
                self.scopes.push();
                self.bind_pattern(pat, &v, false);
                let a = self.infer_block(then);
                self.scopes.pop();
                let b = match else_ {
                    Some(x) => self.infer_expr(x),
                    None => Ty::Nil,
                };
                self.join(span, Tag::Join, &[a, b])
            }
            K::Match { scrutinee, arms } => {
                let s = self.infer_expr(scrutinee);
                let mut tys = Vec::new();
                for arm in arms {
                    self.scopes.push();
                    self.bind_pattern(&arm.pat, &s, false);
                    if let Some(g) = &arm.guard {
                        self.infer_expr(g);
                    }
                    tys.push(self.infer_expr(&arm.body));
                    self.scopes.pop();
                }
                if tys.is_empty() {
                    return Ty::Never;
                }
                self.join(span, Tag::Join, &tys)
            }
            K::While { label, cond, body } => {
                self.infer_expr(cond);
                let forever = matches!(cond.kind, ExprKind::Bool(true));
                self.in_loop(label, span, forever, |s| {
                    s.infer_block(body);
                })
            }
            K::WhileLet {
                label,
                pat,
                value,
                body,
            } => {
                let v = self.infer_expr(value);
                self.in_loop(label, span, false, |s| {
                    s.scopes.push();
                    s.bind_pattern(pat, &v, false);
                    s.infer_block(body);
                    s.scopes.pop();
                })
            }
            K::For {
                label,
                pat,
                iter,
                body,
            } => {
                let it = self.infer_expr(iter);
                let elem = self.iter_elem(&it, iter.span);
                self.in_loop(label, span, false, |s| {
                    s.scopes.push();
                    s.bind_pattern(pat, &elem, false);
                    s.infer_block(body);
                    s.scopes.pop();
                })
            }
            K::Loop { label, body } => self.in_loop(label, span, true, |s| {
                s.infer_block(body);
            }),
            K::Break { label, value } => {
                let v = match value {
                    Some(x) => self.infer_expr(x),
                    None => Ty::Nil,
                };
                let target = match label {
                    Some(l) => self
                        .loops
                        .iter_mut()
                        .rev()
                        .find(|c| c.label.as_deref() == Some(l)),
                    None => self.loops.last_mut(),
                };
                if let Some(c) = target {
                    c.breaks.push(v);
                }
                Ty::Never
            }
            K::Continue { .. } => Ty::Never,
            K::Return(value) => {
                let v = match value {
                    Some(x) => self.infer_expr(x),
                    None => Ty::Nil,
                };
                if let Some((ret, ann)) = self.fns.last().map(|f| (f.ret.clone(), f.ret_ann)) {
                    self.return_value(&ret, ann, &v, span, false);
                }
                Ty::Never
            }
            K::Throw(x) => {
                let t = self.infer_expr(x);
                self.store.escape_to_dyn(&t);
                Ty::Never
            }
            K::TryCatch {
                body,
                catch,
                finally,
            } => {
                // an error in the body is caught at run time: not a definite error
                self.silent += 1;
                let a = self.infer_block(body);
                self.silent -= 1;
                let mut tys = vec![a];
                if let Some(c) = catch {
                    self.scopes.push();
                    if let Some(p) = &c.binding {
                        self.bind_pattern(p, &Ty::Dyn, false);
                    }
                    tys.push(self.infer_block(&c.body));
                    self.scopes.pop();
                }
                if let Some(f) = finally {
                    self.infer_block(f);
                }
                self.join(span, Tag::Join, &tys)
            }
            _ => Ty::Dyn,
        }
    }

    /// Which branches of `if cond` a type test proves unreachable: `type_of(x) == "string"`,
    /// `is_nil(x)`, `x == nil` (and `!=`, `!`) on a variable whose type is known.
    fn dead_branches(&mut self, cond: &Expr) -> (bool, bool) {
        let Some((name, kind, positive)) = type_test(cond) else {
            return (false, false);
        };
        let Some(b) = self.scopes.lookup(&name).cloned() else {
            return (false, false);
        };
        let crate::env::BindKind::Var(t) = b.kind else {
            return (false, false);
        };
        let k = self.known(&t);
        if matches!(k, Ty::Dyn) {
            return (false, false);
        }
        let holds = self.kind_of(&k) == kind;
        // the test's outcome is certain: the branch it rules out never runs
        if holds == positive {
            (false, true)
        } else {
            (true, false)
        }
    }

    /// Infer a loop body; the loop's value joins its `break` values (and `nil` when the
    /// loop can end by its condition).
    fn in_loop(
        &mut self,
        label: &Option<String>,
        span: Span,
        forever: bool,
        body: impl FnOnce(&mut Self),
    ) -> Ty {
        self.loops.push(LoopCtx {
            label: label.clone(),
            breaks: Vec::new(),
        });
        body(self);
        let mut breaks = self.loops.pop().map(|c| c.breaks).unwrap_or_default();
        if !forever {
            breaks.push(Ty::Nil);
        }
        if breaks.is_empty() {
            return Ty::Never;
        }
        self.join(span, Tag::Break, &breaks)
    }

    /// The type of the elements a `for` loop visits (reporting values that are never
    /// iterable).
    pub(crate) fn iter_elem(&mut self, t: &Ty, span: Span) -> Ty {
        match self.known(t) {
            Ty::Range => Ty::Int,
            Ty::Array(e) | Ty::Set(e) => (*e).clone(),
            Ty::Map(kv) => Ty::tuple(vec![kv.0.clone(), kv.1.clone()]),
            Ty::DataFrame => Ty::map(Ty::Str, Ty::Dyn),
            Ty::Dyn => Ty::Dyn,
            other => {
                let kind = self.kind_of(&other);
                let mut err = TypeError::new(ErrorKind::NotIterable { kind: kind.clone() }, span)
                    .label(format!("this is {}", self.show(&other)));
                if kind == "string" {
                    err = err.note("iterate over the characters with `.chars()`");
                }
                self.error(err);
                Ty::Dyn
            }
        }
    }

    /// `x?`: the payload of `Some`/`Ok`; `None`/`Err` return from the function.
    pub(super) fn try_op(&mut self, x: &Expr, span: Span) -> Ty {
        let t = self.infer_expr(x);
        let (early, value) = match self.known(&t) {
            Ty::Named(n) if &*n.name == "Option" => {
                let none = Ty::option(self.fresh(span, Tag::Payload));
                (none, n.arg(0))
            }
            Ty::Named(n) if &*n.name == "Result" => {
                let err = Ty::result(self.fresh(span, Tag::Payload), n.arg(1));
                (err, n.arg(0))
            }
            Ty::Dyn => (Ty::Dyn, Ty::Dyn),
            other => {
                let kind = self.kind_of(&other);
                self.error(
                    TypeError::new(ErrorKind::BadTry { kind }, span)
                        .label(format!("this is {}", self.show(&other)))
                        .note("`?` applies to Option and Result values"),
                );
                return Ty::Dyn;
            }
        };
        if let Some((ret, ann)) = self.fns.last().map(|f| (f.ret.clone(), f.ret_ann)) {
            self.return_value(&ret, ann, &early, span, false);
        }
        value
    }

    pub(super) fn comprehension(
        &mut self,
        elem: &Expr,
        pat: &Pattern,
        iter: &Expr,
        cond: Option<&Expr>,
        span: Span,
    ) -> Ty {
        let it = self.infer_expr(iter);
        let e = self.iter_elem(&it, iter.span);
        self.scopes.push();
        self.bind_pattern(pat, &e, false);
        if let Some(c) = cond {
            self.infer_expr(c);
        }
        let t = self.infer_expr(elem);
        self.scopes.pop();
        Ty::array(self.elements(span, Tag::Elem, &[t]))
    }
}
