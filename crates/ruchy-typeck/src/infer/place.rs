//! Assignments: the new value flows into the variable, field or element (widening it when it
//! disagrees), or is checked against the variable's or field's annotation.

use super::Infer;
use crate::decls::{DeclKind, Decls};
use crate::env::BindKind;
use crate::error::{ErrorKind, TypeError};
use crate::ty::Ty;
use ruchy_parser::ast::*;
use ruchy_parser::Span;

impl Infer<'_> {
    pub(super) fn assign(
        &mut self,
        target: &Expr,
        op: Option<BinOp>,
        value: &Expr,
        span: Span,
    ) -> Ty {
        let v = self.infer_expr(value);
        let new = match op {
            Some(op) => {
                let cur = self.infer_expr(target);
                let lit = match &value.kind {
                    ExprKind::Int(n) => Some(*n),
                    _ => None,
                };
                self.arith(op, &cur, &v, span, lit)
            }
            None => v,
        };
        match &target.kind {
            ExprKind::Tuple(items) => {
                // `(a, b) = value`: nothing is tracked about the elements
                self.store.escape_to_dyn(&new);
                for item in items {
                    match &item.kind {
                        ExprKind::Ident(name) if name == "_" => {}
                        ExprKind::Ident(name) => {
                            self.assign_var(name, &Ty::Dyn, item.span, item.span)
                        }
                        _ => {
                            self.infer_expr(item);
                        }
                    }
                }
            }
            ExprKind::Ident(name) => self.assign_var(name, &new, target.span, value.span),
            ExprKind::SelfValue => {
                if let Some(b) = self.scopes.lookup("self").cloned() {
                    if let BindKind::Var(t) = b.kind {
                        self.sink(&t, &new);
                    }
                }
            }
            ExprKind::Field(obj, field) => {
                let o = self.infer_expr(obj);
                self.mutated(obj, &o);
                self.assign_field(&o, field, &new, value.span);
            }
            ExprKind::Index(obj, idx) => {
                let o = self.infer_expr(obj);
                self.mutated(obj, &o);
                let i = self.infer_expr(idx);
                match self.store.resolve(&o) {
                    Ty::Array(e) => self.sink_elem(&o, &e, &new, value.span),
                    Ty::Map(kv) => {
                        self.sink_elem(&o, &kv.0, &i, idx.span);
                        self.sink_elem(&o, &kv.1, &new, value.span);
                    }
                    _ => self.store.escape_to_dyn(&new),
                }
            }
            _ => {
                self.infer_expr(target);
                self.store.escape_to_dyn(&new);
            }
        }
        new
    }

    /// The value of `obj` (of type `t`) is changed in place (a field or element assigned, a
    /// mutating method called). If its type is unknown, nothing is learnt about the change:
    /// its variable, and the variable of the place it belongs to, widen (a generic parameter
    /// changed in place would otherwise come back with the caller's type).
    pub(super) fn mutated(&mut self, obj: &Expr, t: &Ty) {
        let unknown = match self.store.resolve(t) {
            Ty::Var(v) if self.store.is_unbound(v) => {
                self.store.poison_var(v);
                true
            }
            Ty::Dyn => true,
            _ => false,
        };
        if !unknown {
            return;
        }
        let mut root = obj;
        while let ExprKind::Field(o, _) | ExprKind::Index(o, _) | ExprKind::TupleIndex(o, _, _) =
            &root.kind
        {
            root = o;
        }
        let name = match &root.kind {
            ExprKind::Ident(name) => name.as_str(),
            ExprKind::SelfValue => "self",
            _ => return,
        };
        if let Some(BindKind::Var(rt)) = self.scopes.lookup(name).map(|b| b.kind.clone()) {
            if let Ty::Var(v) = self.store.resolve(&rt) {
                if self.store.is_unbound(v) {
                    self.store.poison_var(v);
                }
            }
        }
    }

    fn assign_var(&mut self, name: &str, new: &Ty, at: Span, value_span: Span) {
        match self.scopes.lookup(name).cloned() {
            Some(b) => match b.kind {
                BindKind::Var(t) => {
                    match b.ann {
                        Some((a, check)) => {
                            self.check_ann(&check, a, new, value_span, "the assigned value")
                        }
                        None => self.sink(&t, new),
                    }
                    // functions see the global every top-level `let` of the name feeds
                    if b.depth == 1 {
                        if let Some(g) = self.globals.get(name).cloned() {
                            self.sink(&g, new);
                        }
                    }
                }
                _ => self.store.escape_to_dyn(new),
            },
            None => {
                self.store.escape_to_dyn(new);
                if !self.info.bound.contains(name) {
                    self.error(
                        TypeError::new(
                            ErrorKind::UndefinedName {
                                name: name.to_string(),
                                call: false,
                            },
                            at,
                        )
                        .label(format!("'{name}' is not defined anywhere")),
                    );
                }
            }
        }
    }

    fn assign_field(&mut self, obj: &Ty, field: &Ident, new: &Ty, value_span: Span) {
        match self.known(obj) {
            Ty::Named(n) => {
                let Some(decl) = self.decls.get(&n.name).cloned() else {
                    return self.store.escape_to_dyn(new);
                };
                let DeclKind::Struct { fields, .. } = &decl.kind else {
                    return self.store.escape_to_dyn(new);
                };
                let Some(pos) = fields.iter().position(|f| f.name == field.name) else {
                    self.error(
                        TypeError::new(
                            ErrorKind::UnknownField {
                                owner: decl.name.clone(),
                                field: field.name.clone(),
                            },
                            field.span,
                        )
                        .label(format!(
                            "struct {} has no field '{}'",
                            decl.name, field.name
                        )),
                    );
                    return self.store.escape_to_dyn(new);
                };
                let tys: Vec<Ty> = fields.iter().map(|f| f.ty.clone()).collect();
                let ftys =
                    Decls::parts_of(&mut self.store, &decl, obj, &tys, self.unit, field.span);
                match fields[pos].ann {
                    Some(a) if decl.params.is_empty() => {
                        let check = fields[pos].check.clone();
                        self.check_ann(&check, a, new, value_span, "the assigned value")
                    }
                    _ => self.sink(&ftys[pos], new),
                }
            }
            Ty::Map(kv) => self.sink_elem(obj, &kv.1, new, value_span),
            _ => match self.store.resolve(obj) {
                Ty::Map(kv) => self.sink_elem(obj, &kv.1, new, value_span),
                _ => self.store.escape_to_dyn(new),
            },
        }
    }
}
