//! One inference pass over a session's inputs: the pass state, name lookup, joins and error
//! reporting. Expressions, statements, items, calls and patterns live in the submodules.

mod call;
mod check;
mod control;
mod expr;
mod func;
mod items;
mod method;
mod ops;
mod paths;
mod pattern;
mod place;
mod schedule;
mod stmt;

use crate::decls::Decls;
use crate::env::{BindKind, Scopes};
use crate::error::{ErrorKind, TypeError};
use crate::scan::ScanInfo;
use crate::store::Store;
use crate::ty::{Origin, Tag, Ty};
use crate::unify::Mode;
pub(crate) use call::ArgTy;
use items::ItemTable;
use ruchy_parser::ast::Program;
use ruchy_parser::Span;
use rustc_hash::{FxHashMap, FxHashSet};
use std::rc::Rc;

/// Expressions nested deeper than this are not inspected (their type is `any`).
const MAX_EXPR_DEPTH: u32 = 160;

/// The function whose body is being inferred.
pub(crate) struct FnCtx {
    pub ret: Ty,
    /// The return annotation's type and span.
    pub ret_ann: Option<Span>,
}

/// A loop being inferred: its label and the types of its `break` values.
pub(crate) struct LoopCtx {
    pub label: Option<String>,
    pub breaks: Vec<Ty>,
}

/// A top-level binding, reported by `ruchy check --types`.
pub struct TopBinding {
    pub unit: u32,
    pub name: String,
    pub ty: Ty,
    pub span: Span,
}

pub(crate) struct Infer<'a> {
    pub store: Store,
    pub scopes: Scopes,
    pub decls: Decls,
    pub errors: Vec<TypeError>,
    pub info: &'a ScanInfo,
    pub unit: u32,
    pub tables: Vec<ItemTable>,
    pub next_table: u32,
    pub fns: Vec<FnCtx>,
    pub loops: Vec<LoopCtx>,
    /// The type `Self` stands for in the impl being inferred.
    pub self_ty: Option<Ty>,
    /// Generic parameters in scope.
    pub generics: Vec<(String, Ty)>,
    pub depth: u32,
    /// The variable every top-level `let` of a name flows into (what functions read).
    pub globals: FxHashMap<String, Ty>,
    pub top: Vec<TopBinding>,
    /// The type of the last top-level statement of the last input.
    pub last_value: Option<Ty>,
    /// Inside code that a type test proves unreachable: errors are not reported.
    pub silent: u32,
    /// Record the type of every expression (for tools).
    pub record: bool,
    pub recorded: Vec<(u32, Span, Ty)>,
    reported: FxHashSet<(u32, u32)>,
}

impl<'a> Infer<'a> {
    pub fn new(info: &'a ScanInfo, poisoned: Rc<FxHashSet<Origin>>) -> Infer<'a> {
        Infer {
            store: Store::new(poisoned),
            scopes: Scopes::new(),
            decls: Decls::default(),
            errors: Vec::new(),
            info,
            unit: 0,
            tables: Vec::new(),
            next_table: 0,
            fns: Vec::new(),
            loops: Vec::new(),
            self_ty: None,
            generics: Vec::new(),
            depth: 0,
            globals: FxHashMap::default(),
            top: Vec::new(),
            last_value: None,
            silent: 0,
            record: false,
            recorded: Vec::new(),
            reported: FxHashSet::default(),
        }
    }

    /// Infer every input in order, as one session: globals are shared, items are hoisted
    /// within their own input.
    pub fn run(&mut self, inputs: &[&Program]) {
        for (name, unit, span) in &self.info.global_lets {
            let v = self.store.fresh(Origin::new(*unit, *span, Tag::Global));
            self.globals.insert(name.clone(), v.clone());
            self.scopes.bind_at(name, BindKind::Var(v), None, 0);
        }
        self.scopes.push(); // depth 1: top-level statements, in order
        for (unit, prog) in inputs.iter().enumerate() {
            self.unit = unit as u32;
            let mut decls = std::mem::take(&mut self.decls);
            decls.register_input(&mut self.store, prog, self.unit);
            self.decls = decls;
            self.last_value = None;
            self.top_level(prog);
        }
    }

    pub fn fresh(&mut self, span: Span, tag: Tag) -> Ty {
        self.store.fresh(Origin::new(self.unit, span, tag))
    }

    /// An annotated place (see `Store::annot_place`) whose annotation is at `span`.
    pub fn annot_place(&mut self, ty: Ty, span: Span, shown: bool) -> (Ty, Ty) {
        let origin = Origin::new(self.unit, span, Tag::Annot);
        self.store.annot_place(ty, origin, shown)
    }

    pub fn error(&mut self, mut e: TypeError) {
        if self.silent > 0 {
            return;
        }
        e.unit = self.unit;
        if self.reported.insert((self.unit, e.span.start)) {
            self.errors.push(e);
        }
    }

    /// The representative type if it is certain enough to report an error about.
    pub fn known(&self, t: &Ty) -> Ty {
        self.store.known(t)
    }

    pub fn show(&self, t: &Ty) -> String {
        self.store.show(t)
    }

    /// A value flows into a place without annotation (contradictions poison the place).
    pub fn sink(&mut self, place: &Ty, value: &Ty) {
        self.store.flow_or_poison(place, value);
    }

    /// The common type of several values (branches of an `if`, elements of an array): their
    /// unified type, or `any` when they disagree. `Never` values are ignored.
    pub fn join(&mut self, span: Span, tag: Tag, tys: &[Ty]) -> Ty {
        let live: Vec<&Ty> = tys.iter().filter(|t| !matches!(t, Ty::Never)).collect();
        match live.len() {
            0 => return if tys.is_empty() { Ty::Nil } else { Ty::Never },
            1 => return live[0].clone(),
            _ => {}
        }
        let v = self.fresh(span, tag);
        let mark = self.store.begin_trial();
        let ok = live.iter().all(|t| self.store.flow(&v, t, Mode::Sink));
        self.store.path.clear();
        self.store.end_trial(mark, ok);
        if ok {
            return v;
        }
        for t in live {
            self.store.escape_to_dyn(t);
        }
        Ty::Dyn
    }

    /// Look a name up as a value (instantiating polymorphic types); report it if it is bound
    /// nowhere at all.
    pub fn lookup(&mut self, name: &str, span: Span, call: bool) -> Ty {
        match self.scopes.lookup(name).cloned() {
            Some(b) => match b.kind {
                BindKind::Var(t) => self.store.instantiate(&t, self.unit, span),
                // a function item that some assignment replaces has no static type
                BindKind::Fun { .. } if self.info.assigned.contains(name) => Ty::Dyn,
                BindKind::Fun { table, node } => {
                    let t = self.fun_type(table, node);
                    self.store.instantiate(&t, self.unit, span)
                }
                BindKind::Module => Ty::Dyn,
            },
            None => {
                if let Some(t) = crate::builtins::funcs::value_type(self, name, span) {
                    return t;
                }
                if !self.info.bound.contains(name) {
                    self.error(
                        TypeError::new(
                            ErrorKind::UndefinedName {
                                name: name.to_string(),
                                call,
                            },
                            span,
                        )
                        .label(format!("'{name}' is not defined anywhere")),
                    );
                }
                Ty::Dyn
            }
        }
    }

    /// Enter an expression level; `false` when nesting is too deep to inspect.
    pub fn enter(&mut self) -> bool {
        self.depth += 1;
        self.depth <= MAX_EXPR_DEPTH
    }

    pub fn leave(&mut self) {
        self.depth -= 1;
    }
}
