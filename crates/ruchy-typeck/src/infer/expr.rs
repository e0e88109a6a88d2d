//! Expressions: literals and collections here; everything else is dispatched to the module
//! for its kind of expression.

use super::Infer;
use crate::ty::{Tag, Ty};
use ruchy_parser::ast::*;
use ruchy_parser::Span;

impl Infer<'_> {
    pub(crate) fn infer_expr(&mut self, e: &Expr) -> Ty {
        if !self.enter() {
            self.leave();
            return Ty::Dyn;
        }
        let t = self.expr_kind(e);
        self.leave();
        if self.record {
            self.recorded.push((self.unit, e.span, t.clone()));
        }
        t
    }

    fn expr_kind(&mut self, e: &Expr) -> Ty {
        use ExprKind as K;
        let span = e.span;
        match &e.kind {
            K::Int(_) => Ty::Int,
            K::Float(_) => Ty::Float,
            K::Str(_) => Ty::Str,
            K::Bool(_) => Ty::Bool,
            K::Nil => Ty::Nil,
            K::FString(parts) => {
                for p in parts {
                    if let FStrPart::Expr { expr, .. } = p {
                        self.infer_expr(expr);
                    }
                }
                Ty::Str
            }
            K::Ident(name) => self.lookup(name, span, false),
            K::SelfValue => match self.scopes.lookup("self") {
                Some(_) => self.lookup("self", span, false),
                None => Ty::Dyn,
            },
            K::Path(p) => self.path_value(p, span),
            K::Array(items) => {
                let tys: Vec<Ty> = items.iter().map(|x| self.infer_expr(x)).collect();
                Ty::array(self.elements(span, Tag::Elem, &tys))
            }
            K::ArrayRepeat(v, n) => {
                let t = self.infer_expr(v);
                self.infer_expr(n);
                Ty::array(self.elements(span, Tag::Elem, &[t]))
            }
            K::Tuple(items) => Ty::tuple(items.iter().map(|x| self.infer_expr(x)).collect()),
            K::Map(entries) => {
                let keys: Vec<Ty> = entries
                    .iter()
                    .map(|(k, _)| match k {
                        MapKey::Str(_) => Ty::Str,
                        MapKey::Int(_) => Ty::Int,
                    })
                    .collect();
                let vals: Vec<Ty> = entries.iter().map(|(_, v)| self.infer_expr(v)).collect();
                let k = self.elements(span, Tag::Key, &keys);
                let v = self.elements(span, Tag::Value, &vals);
                Ty::map(k, v)
            }
            K::StructLit { path, fields } => self.struct_lit(path, fields, span),
            K::DataFrame(cols) => {
                for (a, b) in cols {
                    self.infer_expr(a);
                    self.infer_expr(b);
                }
                Ty::DataFrame
            }
            K::Unary(op, x) => self.unary(*op, x, span),
            K::Binary(op, a, b) => self.binary(*op, a, b, span),
            K::Assign { target, op, value } => self.assign(target, *op, value, span),
            K::Call { callee, args } => self.call(callee, args, span),
            K::MethodCall { recv, method, args } => self.method_call(recv, method, args, span),
            K::Field(x, name) => self.field(x, name),
            K::TupleIndex(x, i, ispan) => self.tuple_index(x, *i, *ispan),
            K::Index(x, i) => self.index(x, i, span),
            K::Slice {
                recv, start, end, ..
            } => {
                let r = self.infer_expr(recv);
                for x in [start, end].into_iter().flatten() {
                    self.infer_expr(x);
                }
                match self.store.resolve(&r) {
                    t @ (Ty::Array(_) | Ty::Str) => t,
                    _ => Ty::Dyn,
                }
            }
            K::Range { start, end, .. } => {
                self.infer_expr(start);
                self.infer_expr(end);
                Ty::Range
            }
            K::Pipe(a, f) => self.pipe(a, f, span),
            K::Ternary(c, a, b) => {
                self.infer_expr(c);
                let ta = self.infer_expr(a);
                let tb = self.infer_expr(b);
                self.join(span, Tag::Join, &[ta, tb])
            }
            K::Cast(x, te) => self.cast(x, te, span),
            K::Try(x) => self.try_op(x, span),
            K::Closure(d) => self.infer_closure(d),
            K::Block(b) => self.infer_block(b),
            K::Comprehension {
                elem,
                pat,
                iter,
                cond,
            } => self.comprehension(elem, pat, iter, cond.as_deref(), span),
            K::If { .. }
            | K::IfLet { .. }
            | K::Match { .. }
            | K::While { .. }
            | K::WhileLet { .. }
            | K::For { .. }
            | K::Loop { .. }
            | K::Break { .. }
            | K::Continue { .. }
            | K::Return(_)
            | K::Throw(_)
            | K::TryCatch { .. } => self.control(e),
            K::Error => Ty::Dyn,
        }
    }

    /// The element type of a new collection: a variable (so later insertions can widen it)
    /// holding the common type of the initial elements.
    pub(crate) fn elements(&mut self, span: Span, tag: Tag, tys: &[Ty]) -> Ty {
        let v = self.fresh(span, tag);
        if !tys.is_empty() {
            let j = self.join(span, Tag::Join, tys);
            self.sink(&v, &j);
        }
        v
    }
}
