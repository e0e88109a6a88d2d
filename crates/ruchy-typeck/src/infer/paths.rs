//! Paths and constructors: `A::b(args)` (enum variants, associated functions, module
//! functions, builtins like `String::from`), paths as values, and struct literals.

use super::call::ArgTy;
use super::Infer;
use crate::decls::{DeclKind, Decls, Shape};
use crate::env::BindKind;
use crate::error::{ErrorKind, TypeError};
use crate::ty::Ty;
use ruchy_parser::ast::*;
use ruchy_parser::Span;
use std::rc::Rc;

impl Infer<'_> {
    /// `A::b(args)`: an enum variant, an associated function or method, a module function
    /// or a builtin like `String::from`.
    pub(super) fn call_path(&mut self, p: &[Ident], at: Span, args: Vec<ArgTy>, span: Span) -> Ty {
        let full = self.path_text(p);
        // a user type shadows a builtin path of the same name (`class Box` and `Box::new`)
        let user_type = p.len() >= 2 && {
            let owner = self.self_name(&p[p.len() - 2].name);
            self.decls.get(&owner).is_some()
        };
        if !user_type {
            if let Some(t) = crate::builtins::funcs::call(self, &full, &args, span) {
                return t;
            }
        }
        if p.len() >= 2 {
            let owner = self.self_name(&p[p.len() - 2].name);
            let last = &p[p.len() - 1];
            if let Some(decl) = self.decls.get(&owner).cloned() {
                if let DeclKind::Enum { variants } = &decl.kind {
                    if let Some(v) = variants.iter().find(|v| v.name == last.name) {
                        let shape = v.shape.clone();
                        return self.construct(&decl, &last.name, &shape, args, span);
                    }
                }
            }
        }
        let f = self.path_value(p, at);
        self.call_value(&f, args, span, Some(&full), 0)
    }

    /// A tuple variant applied to its values.
    fn construct(
        &mut self,
        decl: &Rc<crate::decls::TypeDecl>,
        variant: &str,
        shape: &Shape,
        args: Vec<ArgTy>,
        span: Span,
    ) -> Ty {
        let Shape::Tuple(payload) = shape else {
            return self.escape_args(&args);
        };
        if payload.len() != args.len() {
            self.error(
                TypeError::new(
                    ErrorKind::Operands {
                        message: format!(
                            "Variant {}::{variant} expects {} values, got {}",
                            decl.name,
                            payload.len(),
                            args.len()
                        ),
                    },
                    span,
                )
                .label("wrong number of values"),
            );
            return self.escape_args(&args);
        }
        let tys: Vec<Ty> = payload.iter().map(|p| p.ty.clone()).collect();
        let (inst, parts) = Decls::instantiate(&mut self.store, decl, &tys, self.unit, span);
        for (i, a) in args.iter().enumerate() {
            if decl.params.is_empty() {
                let what = format!("value {} of {}::{variant}", i + 1, decl.name);
                let check = payload[i].check.clone();
                self.check_ann(&check, payload[i].ann, &a.ty, a.span, &what);
            } else {
                self.sink(&parts[i], &a.ty);
            }
        }
        inst
    }

    fn path_text(&self, p: &[Ident]) -> String {
        let mut segs: Vec<String> = p.iter().map(|i| i.name.clone()).collect();
        if let Some(first) = segs.first_mut() {
            *first = self.self_name(first);
        }
        segs.join("::")
    }

    /// A path used as a value: a constant, an enum variant, a method, a module item.
    pub(super) fn path_value(&mut self, p: &[Ident], span: Span) -> Ty {
        let full = self.path_text(p);
        if let Some(t) = crate::builtins::funcs::constant(&full) {
            return t;
        }
        if p.len() < 2 {
            return Ty::Dyn;
        }
        let owner = self.self_name(&p[p.len() - 2].name);
        let last = &p[p.len() - 1];
        if let Some(decl) = self.decls.get(&owner).cloned() {
            if let DeclKind::Enum { variants } = &decl.kind {
                if let Some(v) = variants.iter().find(|v| v.name == last.name) {
                    return match &v.shape {
                        Shape::Unit => {
                            Decls::instantiate(&mut self.store, &decl, &[], self.unit, span).0
                        }
                        Shape::Tuple(payload) => {
                            let tys: Vec<Ty> = payload.iter().map(|p| p.ty.clone()).collect();
                            let (inst, parts) =
                                Decls::instantiate(&mut self.store, &decl, &tys, self.unit, span);
                            Ty::func(parts, inst)
                        }
                        Shape::Struct(_) => Ty::Dyn,
                    };
                }
            }
        }
        let key = (owner.clone(), last.name.clone());
        if self.decls.consts.contains(&key) {
            return Ty::Dyn;
        }
        if let Some(entry) = self.decls.methods.get(&key).cloned() {
            let t = self.method_type(&entry);
            return self.store.instantiate(&t, self.unit, span);
        }
        if let Some(b) = self.scopes.lookup(&full).cloned() {
            if !matches!(b.kind, BindKind::Module) {
                return self.lookup(&full, span, false);
            }
        }
        let known_type = self.decls.get(&owner).is_some();
        let declared = self.decls.declared_methods.contains(&key);
        // (a user type named like a builtin one still reaches the builtin: `Vec::new()`)
        let builtin = crate::builtins::funcs::call(self, &full, &[], span).is_some();
        if known_type && !declared && !builtin && p.len() == 2 {
            let is_class = matches!(
                self.decls.get(&owner).map(|d| &d.kind),
                Some(DeclKind::Struct { class: true, .. })
            );
            let is_enum = matches!(
                self.decls.get(&owner).map(|d| &d.kind),
                Some(DeclKind::Enum { .. })
            );
            if is_enum {
                self.error(
                    TypeError::new(ErrorKind::UnknownVariant { path: full.clone() }, last.span)
                        .label(format!(
                            "{owner} has no variant or function '{}'",
                            last.name
                        )),
                );
            } else if !is_class {
                self.error(
                    TypeError::new(
                        ErrorKind::UndefinedName {
                            name: full.clone(),
                            call: true,
                        },
                        last.span,
                    )
                    .label(format!("{owner} has no function '{}'", last.name)),
                );
            }
        }
        Ty::Dyn
    }

    pub(super) fn struct_lit(
        &mut self,
        path: &[Ident],
        fields: &[(Ident, Expr)],
        span: Span,
    ) -> Ty {
        let vals: Vec<Ty> = fields.iter().map(|(_, e)| self.infer_expr(e)).collect();
        let (name, variant) = match path {
            [one] => (self.self_name(&one.name), None),
            [.., e, v] => {
                let e = self.self_name(&e.name);
                match self.decls.get(&e).map(|d| &d.kind) {
                    Some(DeclKind::Enum { .. }) => (e, Some(v.name.clone())),
                    _ => (v.name.clone(), None),
                }
            }
            [] => return Ty::Dyn,
        };
        let Some(decl) = self.decls.get(&name).cloned() else {
            if path.len() == 1 && !self.info.bound.contains(&name) && name != "Self" {
                self.error(
                    TypeError::new(
                        ErrorKind::UndefinedStruct { name: name.clone() },
                        path[0].span,
                    )
                    .label("no struct of this name is declared"),
                );
            }
            vals.iter().for_each(|t| self.store.escape_to_dyn(t));
            return Ty::Dyn;
        };
        let (declared, class) = match (&decl.kind, &variant) {
            (DeclKind::Struct { fields, class }, None) => (fields.clone(), *class),
            (DeclKind::Enum { variants }, Some(v)) => {
                match variants.iter().find(|x| &x.name == v).map(|x| &x.shape) {
                    Some(Shape::Struct(fs)) => (fs.clone(), false),
                    _ => return Ty::Dyn,
                }
            }
            _ => return Ty::Dyn,
        };
        let tys: Vec<Ty> = declared.iter().map(|f| f.ty.clone()).collect();
        let (inst, ftys) = Decls::instantiate(&mut self.store, &decl, &tys, self.unit, span);
        for ((id, e), vt) in fields.iter().zip(&vals) {
            let Some(i) = declared.iter().position(|f| f.name == id.name) else {
                self.error(
                    TypeError::new(
                        ErrorKind::NoSuchField {
                            owner: decl.name.clone(),
                            field: id.name.clone(),
                        },
                        id.span,
                    )
                    .label(format!("{} has no field '{}'", decl.name, id.name)),
                );
                self.store.escape_to_dyn(vt);
                continue;
            };
            match declared[i].ann {
                Some(a) if decl.params.is_empty() => {
                    let what = format!("field '{}'", id.name);
                    let check = declared[i].check.clone();
                    self.check_ann(&check, a, vt, e.span, &what);
                }
                _ => self.sink(&ftys[i], vt),
            }
        }
        if !class {
            for f in declared.iter().filter(|f| !f.has_default) {
                if !fields.iter().any(|(id, _)| id.name == f.name) {
                    self.error(
                        TypeError::new(
                            ErrorKind::MissingField {
                                owner: decl.name.clone(),
                                field: f.name.clone(),
                            },
                            span,
                        )
                        .label(format!("'{}' is not given and has no default", f.name)),
                    );
                }
            }
        }
        inst
    }
}
