//! Blocks and statements: the top level of an input, nested blocks, `let` (with
//! let-polymorphism for closures and the global variable every top-level `let` feeds).

use super::{Infer, TopBinding};
use crate::annot::AnnCtx;
use crate::env::BindKind;
use crate::ty::{Tag, Ty};
use ruchy_parser::ast::*;
use ruchy_parser::visit::pattern_bindings;
use rustc_hash::FxHashSet;

impl Infer<'_> {
    /// The statements of one input, in the global scope.
    pub(super) fn top_level(&mut self, prog: &Program) {
        self.build_table(&prog.stmts, true, &FxHashSet::default());
        let mut last = Ty::Nil;
        for s in &prog.stmts {
            last = self.stmt(s, true, None);
        }
        self.finish_table();
        self.last_value = Some(last);
    }

    /// A block in its own scope; its value is that of its last statement.
    pub(super) fn infer_block(&mut self, b: &Block) -> Ty {
        self.scopes.push();
        let has_items = b.stmts.iter().any(|s| matches!(s, Stmt::Item(_)));
        let mut lets = FxHashSet::default();
        if has_items {
            for s in &b.stmts {
                if let Stmt::Let(l) = s {
                    let mut ids = Vec::new();
                    pattern_bindings(&l.pat, &mut ids);
                    lets.extend(ids.into_iter().map(|i| i.name));
                }
            }
            self.build_table(&b.stmts, false, &lets);
        }
        let mut last = Ty::Nil;
        let mut never = false;
        for s in &b.stmts {
            last = self.stmt(s, false, Some(&lets));
            never |= matches!(last, Ty::Never);
        }
        if has_items {
            self.finish_table();
        }
        self.scopes.pop();
        // a block that certainly returns, breaks or throws midway never yields a value
        if never {
            Ty::Never
        } else {
            last
        }
    }

    fn stmt(&mut self, s: &Stmt, top: bool, lets: Option<&FxHashSet<String>>) -> Ty {
        match s {
            Stmt::Expr(e) => self.infer_expr(e),
            Stmt::Let(l) => self.let_stmt(l, top),
            Stmt::Item(Item::Fun(d)) => match lets {
                Some(lets) if self.is_textual(d, lets) => self.textual_fun(d),
                _ => Ty::Dyn,
            },
            Stmt::Item(item) => {
                self.field_defaults(item);
                Ty::Nil
            }
        }
    }

    /// The default values of a struct's or class's fields flow into the fields (checked
    /// against their annotations).
    fn field_defaults(&mut self, item: &Item) {
        let (name, fields) = match item {
            Item::Struct(s) => (&s.name.name, &s.fields),
            Item::Class(c) => (&c.name.name, &c.fields),
            Item::Mod(m) => {
                for s in &m.items {
                    if let Stmt::Item(i) = s {
                        self.field_defaults(i);
                    }
                }
                return;
            }
            _ => return,
        };
        let declared = match self.decls.get(name).map(|d| &d.kind) {
            Some(crate::decls::DeclKind::Struct { fields, .. }) => fields.clone(),
            _ => Vec::new(),
        };
        for f in fields {
            let Some(def) = &f.default else { continue };
            let t = self.infer_expr(def);
            match declared.iter().find(|d| d.name == f.name.name) {
                Some(d) => match d.ann {
                    Some(a) => {
                        let what = format!("the default value of field '{}'", d.name);
                        self.check_ann(&d.check, a, &t, def.span, &what)
                    }
                    None => self.sink(&d.ty, &t),
                },
                None => self.store.escape_to_dyn(&t),
            }
        }
    }

    fn let_stmt(&mut self, l: &LetStmt, top: bool) -> Ty {
        let single = match &l.pat.kind {
            PatKind::Bind(id) => Some(id.clone()),
            _ => None,
        };
        // let-polymorphism for functions that are never reassigned (the value restriction)
        let poly = matches!(l.value.kind, ExprKind::Closure(_) | ExprKind::Ident(_))
            && single
                .as_ref()
                .is_some_and(|id| !self.info.assigned.contains(&id.name));
        if poly {
            self.store.level += 1;
        }
        let value = self.infer_expr(&l.value);
        if poly {
            self.store.level -= 1;
            let level = self.store.level;
            self.store.generalize(&value, level);
        }
        let ann = l.ty.as_ref().map(|te| {
            let cx = AnnCtx {
                decls: &self.decls,
                generics: &self.generics,
                self_ty: self.self_ty.as_ref(),
            };
            let t = cx.convert(te);
            let (check, read) = self.annot_place(t.clone(), te.span, false);
            (t, check, read, te.span)
        });
        if let Some((_, check, _, span)) = &ann {
            self.check_ann(check, *span, &value, l.value.span, "this value");
        }
        match (&single, ann) {
            (Some(id), Some((_, check, read, span))) => {
                if top {
                    self.feed_global(&id.name, &read);
                    // a function assigned the global a value of another or unknown type
                    if let Some(g) = self.globals.get(&id.name) {
                        if matches!(self.store.resolve(g), Ty::Dyn) {
                            self.store.doubt(&check);
                        }
                    }
                    self.record(&id.name, read.clone(), id.span);
                }
                self.scopes
                    .bind(&id.name, BindKind::Var(read), Some((span, check)));
            }
            (Some(id), None) if poly => {
                if top {
                    self.feed_global(&id.name, &value);
                    self.record(&id.name, value.clone(), id.span);
                }
                self.scopes
                    .bind(&id.name, BindKind::Var(value.clone()), None);
            }
            _ => self.bind_pattern(&l.pat, &value, top),
        }
        value
    }

    /// Bind one variable of a pattern (a `let`, parameter, `for`, `match` arm …).
    pub(super) fn bind_var(&mut self, id: &Ident, t: &Ty, top: bool) {
        if top && self.info.assigned_in_fn.contains(&id.name) {
            // assigned inside some function: every use shares the global's type
            if let Some(g) = self.globals.get(&id.name).cloned() {
                self.sink(&g, t);
                self.record(&id.name, g.clone(), id.span);
                self.scopes.bind(&id.name, BindKind::Var(g), None);
                return;
            }
        }
        let v = self.fresh(id.span, Tag::Binding);
        self.sink(&v, t);
        if top {
            self.feed_global(&id.name, t);
            self.record(&id.name, v.clone(), id.span);
        }
        self.scopes.bind(&id.name, BindKind::Var(v), None);
    }

    fn feed_global(&mut self, name: &str, t: &Ty) {
        if let Some(g) = self.globals.get(name).cloned() {
            self.sink(&g, t);
        }
    }

    fn record(&mut self, name: &str, ty: Ty, span: ruchy_parser::Span) {
        self.top.push(TopBinding {
            unit: self.unit,
            name: name.to_string(),
            ty,
            span,
        });
    }
}
