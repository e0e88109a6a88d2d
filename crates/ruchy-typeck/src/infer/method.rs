//! Member access: method calls (user methods, builtin methods, function-valued fields),
//! field access, tuple fields and indexing.

use super::call::ArgTy;
use super::Infer;
use crate::decls::{DeclKind, Decls};
use crate::env::BindKind;
use crate::error::{ErrorKind, TypeError};
use crate::ty::Ty;
use ruchy_parser::ast::*;
use ruchy_parser::Span;

impl Infer<'_> {
    fn is_module(&self, e: &Expr) -> Option<String> {
        match &e.kind {
            ExprKind::Ident(m) => match self.scopes.lookup(m) {
                Some(b) if matches!(b.kind, BindKind::Module) => Some(m.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    pub(super) fn method_call(
        &mut self,
        recv: &Expr,
        method: &Ident,
        args: &[Arg],
        span: Span,
    ) -> Ty {
        if let Some(m) = self.is_module(recv) {
            let path = [
                Ident {
                    name: m,
                    span: recv.span,
                },
                method.clone(),
            ];
            let args = self.args(args);
            return self.call_path(&path, method.span, args, span);
        }
        let r = self.infer_expr(recv);
        let (k, trusted) = self.store.view(&r);
        let name = method.name.as_str();
        let hints = self.callback_hints(&k, trusted, name, args.len());
        let args = self.args_hinted(args, &hints);
        if matches!(k, Ty::Var(_) | Ty::Dyn | Ty::Never) || !trusted {
            for a in &args {
                self.store.escape_to_dyn(&a.ty);
            }
            if self.may_mutate(name) {
                self.mutated(recv, &r);
            }
            return self.any_receiver_method(name, &r, &args);
        }
        if let Ty::Named(n) = &k {
            let key = (n.name.to_string(), name.to_string());
            if let Some(entry) = self.decls.methods.get(&key).cloned() {
                let t = self.method_type(&entry);
                let t = self.store.instantiate(&t, self.unit, method.span);
                // the receiver is the first argument (also of a function without `self`)
                let mut all = vec![ArgTy {
                    name: None,
                    ty: r.clone(),
                    span: recv.span,
                }];
                all.extend(args);
                return self.call_value(&t, all, span, Some(name), 1);
            }
        }
        match name {
            "to_string" => return Ty::Str,
            "clone" | "to_owned" | "as_str" | "copied" | "into" | "as_slice" => return r,
            _ => {}
        }
        if let Some(t) = crate::builtins::methods::call(self, &k, &r, method, &args, span) {
            return t;
        }
        if let Ty::Map(kv) = &k {
            // a key holding a function
            if !matches!(
                self.known(&kv.1),
                Ty::Int | Ty::Float | Ty::Bool | Ty::Str | Ty::Nil
            ) {
                let f = kv.1.clone();
                return self.call_value(&f, args, span, Some(name), 0);
            }
        }
        if let Ty::Named(n) = &k {
            if let Some(t) = self.field_function(n.name.as_ref(), &r, method, args.clone(), span) {
                return t;
            }
            let key = (n.name.to_string(), name.to_string());
            let builtin = matches!(&*n.name, "Option" | "Result");
            if self.decls.declared_methods.contains(&key)
                || (!builtin && self.decls.get(&n.name).is_none())
            {
                return Ty::Dyn;
            }
        }
        // `impl … for i32`, `impl String { … }`: methods added to builtin kinds are not tracked
        let added = self
            .decls
            .declared_methods
            .iter()
            .any(|(t, m)| m == name && self.decls.get(t).is_none());
        if added {
            for a in &args {
                self.store.escape_to_dyn(&a.ty);
            }
            return Ty::Dyn;
        }
        let kind = self.describe(&k);
        self.error(
            TypeError::new(
                ErrorKind::UnknownMethod {
                    method: name.to_string(),
                    kind: kind.clone(),
                },
                method.span,
            )
            .label(format!("{kind} has no method '{name}'")),
        );
        for a in &args {
            self.store.escape_to_dyn(&a.ty);
        }
        Ty::Dyn
    }

    /// Whether `x.name(…)` may change `x` in place: a builtin mutating method or a method of a
    /// user type (it may take `&mut self`).
    fn may_mutate(&self, name: &str) -> bool {
        matches!(
            name,
            "push" | "insert" | "extend" | "append" | "push_back" | "push_front"
        ) || self.decls.declared_methods.iter().any(|(_, m)| m == name)
    }

    /// The result of `recv.name(args)` on a receiver of unknown type: `to_string` and `clone`
    /// exist for every value, and `len`, `is_empty` and `contains` give the same type for every
    /// builtin kind that has them; unless a user type declares such a method or a field of
    /// that name (it may hold a function).
    fn any_receiver_method(&self, name: &str, r: &Ty, args: &[ArgTy]) -> Ty {
        let user = self.decls.declared_methods.iter().any(|(_, m)| m == name)
            || self.decls.types.values().any(|d| match &d.kind {
                DeclKind::Struct { fields, .. } => fields.iter().any(|f| f.name == name),
                DeclKind::Enum { .. } => false,
            });
        match (name, args.len()) {
            _ if user => Ty::Dyn,
            ("to_string", 0) => Ty::Str,
            ("clone", 0) => r.clone(),
            ("len", 0) => Ty::Int,
            ("is_empty", 0) | ("contains", 1) => Ty::Bool,
            _ => Ty::Dyn,
        }
    }

    /// The function types the arguments of `recv.name(…)` are expected to have (for closures).
    fn callback_hints(&mut self, k: &Ty, trusted: bool, name: &str, n: usize) -> Vec<Ty> {
        if !trusted {
            return Vec::new();
        }
        if let Ty::Named(nt) = k {
            let key = (nt.name.to_string(), name.to_string());
            if let Some(entry) = self.decls.methods.get(&key).cloned() {
                let t = self.method_type(&entry);
                return match self.store.resolve(&t) {
                    Ty::Fn(f) => f.params.iter().skip(1).cloned().collect(),
                    _ => Vec::new(),
                };
            }
        }
        (0..n)
            .map(
                |i| match crate::builtins::methods::callback_params(k, name, i) {
                    Some(ps) => Ty::func(ps, Ty::Dyn),
                    None => Ty::Dyn,
                },
            )
            .collect()
    }

    /// `s.f(args)` where `f` is a field of struct `s` holding a function.
    fn field_function(
        &mut self,
        ty: &str,
        r: &Ty,
        method: &Ident,
        args: Vec<ArgTy>,
        span: Span,
    ) -> Option<Ty> {
        let decl = self.decls.get(ty)?.clone();
        let DeclKind::Struct { fields, .. } = &decl.kind else {
            return None;
        };
        let i = fields.iter().position(|f| f.name == method.name)?;
        let tys: Vec<Ty> = fields.iter().map(|f| f.ty.clone()).collect();
        let parts = Decls::parts_of(&mut self.store, &decl, r, &tys, self.unit, method.span);
        Some(self.call_value(&parts[i], args, span, Some(&method.name), 0))
    }

    /// How a known type is named in messages: `struct Point`, `enum Color`, `integer`, ….
    pub(crate) fn describe(&self, t: &Ty) -> String {
        match self.store.resolve(t) {
            Ty::Named(n) if &*n.name != "Option" && &*n.name != "Result" => {
                match self.decls.get(&n.name).map(|d| &d.kind) {
                    Some(DeclKind::Enum { .. }) => format!("enum {}", n.name),
                    _ => format!("struct {}", n.name),
                }
            }
            Ty::Named(n) => n.name.to_string(),
            other => self.store.kind_name(&other),
        }
    }

    pub(super) fn field(&mut self, x: &Expr, name: &Ident) -> Ty {
        if let Some(m) = self.is_module(x) {
            let full = format!("{m}::{}", name.name);
            if self.scopes.lookup(&full).is_some() {
                return self.lookup(&full, name.span, false);
            }
            return Ty::Dyn;
        }
        let t = self.infer_expr(x);
        let (k, trusted) = self.store.view(&t);
        match &k {
            Ty::Named(n) => {
                let Some(decl) = self.decls.get(&n.name).cloned() else {
                    return Ty::Dyn;
                };
                let DeclKind::Struct { fields, .. } = &decl.kind else {
                    return Ty::Dyn;
                };
                match fields.iter().position(|f| f.name == name.name) {
                    Some(i) => {
                        let tys: Vec<Ty> = fields.iter().map(|f| f.ty.clone()).collect();
                        let parts =
                            Decls::parts_of(&mut self.store, &decl, &t, &tys, self.unit, name.span);
                        let trusted = trusted || decl.params.is_empty();
                        self.taint(parts[i].clone(), trusted)
                    }
                    None => {
                        if trusted {
                            self.error(
                                TypeError::new(
                                    ErrorKind::UnknownField {
                                        owner: decl.name.clone(),
                                        field: name.name.clone(),
                                    },
                                    name.span,
                                )
                                .label(format!(
                                    "struct {} has no field '{}'",
                                    decl.name, name.name
                                )),
                            );
                        }
                        Ty::Dyn
                    }
                }
            }
            Ty::Map(kv) => self.taint(kv.1.clone(), trusted),
            Ty::Var(_) | Ty::Dyn | Ty::Never => Ty::Dyn,
            other if trusted => {
                let kind = self.describe(other);
                self.error(
                    TypeError::new(
                        ErrorKind::Operands {
                            message: format!("Cannot access field '{}' on {kind}", name.name),
                        },
                        name.span,
                    )
                    .label(format!("{kind} has no fields")),
                );
                Ty::Dyn
            }
            _ => Ty::Dyn,
        }
    }

    pub(super) fn tuple_index(&mut self, x: &Expr, i: u32, ispan: Span) -> Ty {
        let t = self.infer_expr(x);
        let (k, trusted) = self.store.view(&t);
        match &k {
            Ty::Tuple(items) => match items.get(i as usize) {
                Some(p) => self.taint(p.clone(), trusted),
                None => {
                    if trusted {
                        self.error(
                            TypeError::new(
                                ErrorKind::TupleIndex {
                                    index: i,
                                    len: items.len(),
                                },
                                ispan,
                            )
                            .label(format!("this tuple is {}", self.show(&k))),
                        );
                    }
                    Ty::Dyn
                }
            },
            Ty::Array(e) => self.taint((**e).clone(), trusted),
            _ => Ty::Dyn,
        }
    }

    pub(super) fn index(&mut self, x: &Expr, i: &Expr, span: Span) -> Ty {
        let t = self.infer_expr(x);
        let it = self.infer_expr(i);
        let (k, trusted) = self.store.view(&t);
        let ik = self.known(&it);
        let part = match &k {
            Ty::Array(e) if !matches!(ik, Ty::Range) => (**e).clone(),
            Ty::Array(_) => k.clone(),
            Ty::Str => Ty::Str,
            Ty::Map(kv) => kv.1.clone(),
            Ty::Range => Ty::Int,
            Ty::Tuple(items) => match &i.kind {
                ExprKind::Int(n) if (*n as usize) < items.len() && *n >= 0 => {
                    items[*n as usize].clone()
                }
                _ => Ty::Dyn,
            },
            Ty::Int | Ty::Float | Ty::Bool | Ty::Nil | Ty::Fn(_) | Ty::Set(_) if trusted => {
                let kind = self.describe(&k);
                self.error(
                    TypeError::new(
                        ErrorKind::Operands {
                            message: format!("Cannot index into {kind}"),
                        },
                        span,
                    )
                    .label(format!("this is {}", self.show(&k))),
                );
                Ty::Dyn
            }
            _ => Ty::Dyn,
        };
        self.taint(part, trusted)
    }
}
