//! Declarations: types, impls, traits, classes and modules are registered before a block
//! runs; functions are hoisted (globals) or created in place (nested functions).

use super::{capture, Compiler};
use crate::bytecode::*;
use crate::env::{StructExtra, TypeDef};
use crate::value::{Closure, EnumType, StructType, Value, VariantInfo};
use ruchy_parser::ast::*;
use std::collections::HashSet;
use std::rc::Rc;

/// Nested functions that are created where they appear (they use later `let`s).
pub(crate) struct Hoisted {
    textual: HashSet<*const FunDecl>,
}

/// What `predeclare_lets` decided: the cells it made, and the names it could not.
#[derive(Default)]
struct LateLets {
    hidden: HashSet<Reg>,
    textual: HashSet<String>,
}

const STD_ROOTS: &[&str] = &[
    "std",
    "core",
    "alloc",
    "crate",
    "self",
    "super",
    "collections",
];

/// The name a type declaration (`struct`, `class`, `enum`) binds.
pub(crate) fn declared_type(item: &Item) -> Option<&str> {
    match item {
        Item::Struct(d) => Some(&d.name.name),
        Item::Class(d) => Some(&d.name.name),
        Item::Enum(d) => Some(&d.name.name),
        _ => None,
    }
}

impl<'e> Compiler<'e> {
    pub(crate) fn declare_items(&mut self, stmts: &[Stmt], top_level: bool) -> Hoisted {
        let mut hoisted = Hoisted {
            textual: HashSet::new(),
        };
        let items: Vec<&Item> = stmts
            .iter()
            .filter_map(|s| if let Stmt::Item(i) = s { Some(i) } else { None })
            .collect();
        if items.is_empty() {
            return hoisted;
        }
        // 1. types and traits
        for item in &items {
            self.register_type(item);
        }
        // 2. modules (their own items, recursively); first every module's names and types,
        // so that a module's functions can use a module declared after it
        for item in &items {
            if let Item::Mod(m) = item {
                self.preregister_module(m);
            }
        }
        for item in &items {
            if let Item::Mod(m) = item {
                self.declare_module(m);
            }
        }
        // 3. associated constants (methods may read them), then methods
        for item in &items {
            if let Item::Impl(im) = item {
                for m in im.methods.iter().filter(|m| m.is_assoc_const()) {
                    self.compile_method(&im.type_name.name, m, false);
                }
            }
        }
        for item in &items {
            self.compile_methods(item);
        }
        // 4. functions
        let funs: Vec<&Rc<FunDecl>> = items
            .iter()
            .filter_map(|i| if let Item::Fun(f) = i { Some(f) } else { None })
            .collect();
        if top_level {
            for d in funs {
                self.define_global_fun(d);
            }
            return hoisted;
        }
        let mut regs = Vec::new();
        for d in &funs {
            let name = d.name.as_ref().map(|n| n.name.clone()).unwrap_or_default();
            let r = self.alloc();
            self.emit(Op::Nil(r));
            self.add_local(&name, r);
            regs.push(name);
        }
        let free: Vec<HashSet<String>> = funs.iter().map(|d| capture::free_vars(d)).collect();
        let late = self.predeclare_lets(stmts, &free);
        for ((d, name), free) in funs.iter().zip(regs).zip(&free) {
            if free.iter().any(|n| late.textual.contains(n)) {
                hoisted.textual.insert(Rc::as_ptr(d));
            } else {
                self.create_local_fun(d, &name);
            }
        }
        // the cells stay out of sight until their `let` runs
        let f = self.f();
        for l in f.locals.iter_mut().filter(|l| late.hidden.contains(&l.reg)) {
            l.name = Rc::from("");
        }
        hoisted
    }

    /// The block's `let`s that its nested functions use. A plain `let NAME`, the block's
    /// only binding of NAME, gets its cell now, so the functions exist from the block's
    /// start (§1, §6.1) and see the value once the `let` has run; the functions using a
    /// name the block binds twice are created where they appear.
    fn predeclare_lets(&mut self, stmts: &[Stmt], free: &[HashSet<String>]) -> LateLets {
        let mut late = LateLets::default();
        let mut lets: Vec<(String, &LetStmt)> = Vec::new();
        for s in stmts {
            let Stmt::Let(l) = s else { continue };
            let mut names = Vec::new();
            ruchy_parser::visit::pattern_bindings(&l.pat, &mut names);
            lets.extend(names.into_iter().map(|id| (id.name, l)));
        }
        let used: HashSet<&String> = free.iter().flatten().collect();
        for (name, l) in &lets {
            if !used.contains(name) {
                continue;
            }
            if lets.iter().filter(|(n, _)| n == name).count() > 1 {
                late.textual.insert(name.clone());
                continue;
            }
            // (read before its `let` has run, the variable is undefined, not nil)
            let r = self.alloc();
            let k = self.konst(Value::Undefined);
            self.emit(Op::Const(r, k));
            self.emit(Op::NewCell(r));
            self.add_cell_local(name, r);
            let key = *l as *const LetStmt;
            self.f()
                .predeclared
                .entry(key)
                .or_default()
                .push((name.clone(), r));
            late.hidden.insert(r);
        }
        late
    }

    /// Items at their place in the block: nested functions created late, `mod` statements,
    /// `use` imports. The statement's value (for `-e` / REPL echo) goes to `dst`.
    pub(crate) fn item_at_position(
        &mut self,
        item: &Item,
        top_level: bool,
        hoisted: &Hoisted,
        dst: Option<Reg>,
    ) {
        match item {
            Item::Fun(d) => {
                let name = d.name.as_ref().map(|n| n.name.clone()).unwrap_or_default();
                if !top_level && hoisted.textual.contains(&Rc::as_ptr(d)) {
                    self.create_local_fun(d, &name);
                }
                if let Some(r) = dst {
                    let var = if top_level {
                        super::Var::Global(self.env.global_slot(&self.qualified(&name)))
                    } else {
                        self.resolve(&name)
                    };
                    self.load_var(var, r);
                }
                return;
            }
            Item::Mod(m) => {
                let saved = self.module.replace(Rc::from(self.qualified(&m.name.name)));
                let lets: Vec<Stmt> = m
                    .items
                    .iter()
                    .filter(|s| !matches!(s, Stmt::Item(Item::Fun(_))))
                    .cloned()
                    .collect();
                let stmts: Vec<Stmt> = lets
                    .into_iter()
                    .filter(|s| {
                        !matches!(
                            s,
                            Stmt::Item(
                                Item::Struct(_)
                                    | Item::Enum(_)
                                    | Item::Impl(_)
                                    | Item::Trait(_)
                                    | Item::Class(_)
                                    | Item::Mod(_)
                            )
                        )
                    })
                    .collect();
                let mark = self.top();
                for s in &stmts {
                    match s {
                        Stmt::Let(l) => self.let_stmt(l, true, None),
                        Stmt::Item(i) => self.item_at_position(i, true, hoisted, None),
                        Stmt::Expr(e) => self.expr_effect(e),
                    }
                }
                self.free_to(mark);
                self.module = saved;
            }
            Item::Use(u) => self.use_decl(u),
            _ => {}
        }
        if let Some(r) = dst {
            self.emit(Op::Nil(r));
        }
    }

    fn use_decl(&mut self, u: &UseDecl) {
        // `use crate::m::f` / `use self::m::f` / `use super::m::f`: the path from the module;
        // `use super::f` of a plain item needs nothing (enclosing modules are searched)
        let rel = u
            .path
            .iter()
            .take_while(|i| matches!(i.name.as_str(), "crate" | "self" | "super"))
            .count();
        if rel > 0 {
            if let Some(root) = u.path.get(rel) {
                if self.env.modules.contains_key(root.name.as_str()) {
                    let mut inner = u.clone();
                    inner.path.drain(..rel);
                    self.use_decl(&inner);
                }
            }
            return;
        }
        let Some(root) = u.path.first() else { return };
        if STD_ROOTS.contains(&root.name.as_str())
            || self.env.type_names.contains_key(root.name.as_str())
        {
            return;
        }
        let segs: Vec<&str> = u.path.iter().map(|i| i.name.as_str()).collect();
        let last = segs.last().copied().unwrap_or_default().to_string();
        let full = segs.join("::");
        if segs.len() > 1 {
            if let Some(items) = self.env.modules.get(full.as_str()).cloned() {
                // `use a::b` (`as c`) of a nested module: `b::f` (`c::f`) names `a::b::f`
                let local = u.alias.as_ref().map_or(last.as_str(), |a| a.name.as_str());
                let alias = self.env.module_aliases.contains_key(local);
                if self.env.modules.contains_key(local) && !alias {
                    // (a module of that name exists: `a::b::f` stays the way in)
                    return;
                }
                let local: Rc<str> = Rc::from(local);
                let old_items = self.env.modules.insert(local.clone(), items.clone());
                let old_alias = self
                    .env
                    .module_aliases
                    .insert(local.clone(), Rc::from(full.as_str()));
                if !self.f().proto.is_chunk {
                    // inside a function: the alias ends with it (`scoped_uses`)
                    self.f()
                        .scoped_uses
                        .push((local.clone(), old_items, old_alias));
                }
                let pairs = items
                    .iter()
                    .map(|name| (format!("{full}::{name}"), format!("{local}::{name}")));
                self.copy_globals(pairs.collect());
                return;
            }
        }
        // the module is every segment but the last (`use a::b::f`), or the whole path
        // (`use m`)
        let module_len = if segs.len() == 1 { 1 } else { segs.len() - 1 };
        let module: Rc<str> = Rc::from(segs[..module_len].join("::").as_str());
        let Some(items) = self.env.modules.get(&module).cloned() else {
            self.cur_span = root.span;
            self.fail(format!("Cannot resolve module '{}'", root.name));
            return;
        };
        if self.env.type_names.contains_key(last.as_str()) {
            // `use m::Type`: types are global by name already
            return;
        }
        let single = !(last == "*" || u.path.len() == 1);
        let names: Vec<Rc<str>> = if single {
            vec![Rc::from(last.as_str())]
        } else {
            items
        };
        let pairs = names
            .into_iter()
            .map(|name| {
                let alias = match (&u.alias, single) {
                    (Some(a), true) => a.name.clone(),
                    _ => name.to_string(),
                };
                (format!("{module}::{name}"), alias)
            })
            .collect();
        self.copy_globals(pairs);
    }

    /// Bind each `(source, alias)` global name pair: the alias gets the source's value.
    fn copy_globals(&mut self, pairs: Vec<(String, String)>) {
        let mark = self.top();
        let r = self.alloc();
        for (src, alias) in pairs {
            let src = self.env.global_slot(&src);
            let dst = self.env.global_slot(&alias);
            self.emit(Op::GetGlobal(r, src));
            self.emit(Op::DefGlobal(dst, r));
        }
        self.free_to(mark);
    }

    fn register_type(&mut self, item: &Item) {
        // (a module's types are registered ahead, by `preregister_module`; a block compiled
        // twice, like `finally`, binds its type's name again, as its first pass ended it)
        if let Some(bound) = self.registered.get(&(item as *const Item)) {
            if let Some((name, id)) = bound.clone() {
                self.env.type_names.insert(name, id);
            }
            return;
        }
        match item {
            Item::Struct(s) => self.register_struct(&s.name.name, &s.fields, false),
            Item::Class(c) => self.register_struct(&c.name.name, &c.fields, true),
            Item::Enum(e) => self.register_enum(e),
            Item::Trait(t) => {
                self.env
                    .traits
                    .insert(Rc::from(t.name.name.as_str()), t.methods.clone());
            }
            _ => {}
        }
        let bound = declared_type(item).and_then(|n| {
            let id = *self.env.type_names.get(n)?;
            Some((Rc::from(n), id))
        });
        self.registered.insert(item as *const Item, bound);
    }

    fn register_struct(&mut self, name: &str, fields: &[FieldDecl], is_class: bool) {
        let id = self.env.next_type_id();
        let syms = fields.iter().map(|f| self.env.sym(&f.name.name)).collect();
        let names = fields
            .iter()
            .map(|f| Rc::from(f.name.name.as_str()))
            .collect();
        let ty = StructType {
            id,
            name: Rc::from(name),
            fields: syms,
            field_names: names,
            is_class,
        };
        self.env
            .types
            .push(TypeDef::Struct(Box::leak(Box::new(ty))));
        self.env.type_names.insert(Rc::from(name), id);
        let defaults = fields.iter().map(|f| f.default.clone()).collect();
        self.env
            .struct_extra
            .insert(id, StructExtra { defaults, is_class });
    }

    fn register_enum(&mut self, e: &EnumDecl) {
        let id = self.env.next_type_id();
        let mut next = Some(0i64);
        let mut variants = Vec::new();
        for v in &e.variants {
            let disc = match v.discriminant.or(next) {
                Some(d) => d,
                None => {
                    self.cur_span = v.name.span;
                    self.fail(format!(
                        "Integer overflow: the discriminant of {}::{} would be i64::MAX + 1",
                        e.name.name, v.name.name
                    ));
                    0
                }
            };
            next = disc.checked_add(1);
            let (arity, fields, field_names) = match &v.shape {
                VariantShape::Unit => (None, None, Vec::new()),
                VariantShape::Tuple(ts) => (Some(ts.len()), None, Vec::new()),
                VariantShape::Struct(fs) => {
                    let syms = fs.iter().map(|f| self.env.sym(&f.name.name)).collect();
                    let names = fs.iter().map(|f| Rc::from(f.name.name.as_str())).collect();
                    (Some(fs.len()), Some(syms), names)
                }
            };
            variants.push(VariantInfo {
                name: Rc::from(v.name.name.as_str()),
                arity,
                fields,
                field_names,
                discriminant: disc,
            });
        }
        let ty = EnumType {
            id,
            name: Rc::from(e.name.name.as_str()),
            variants,
        };
        self.env.types.push(TypeDef::Enum(Box::leak(Box::new(ty))));
        self.env
            .type_names
            .insert(Rc::from(e.name.name.as_str()), id);
    }

    /// Register a module's item names and types (and its nested modules'), before any
    /// module's functions are compiled.
    fn preregister_module(&mut self, m: &ModDecl) {
        let qname = self.qualified(&m.name.name);
        let saved = self.module.replace(Rc::from(qname.as_str()));
        self.module_names(m, &qname, saved.is_none());
        for s in &m.items {
            if let Stmt::Item(item) = s {
                self.register_type(item);
                if let Item::Mod(inner) = item {
                    self.preregister_module(inner);
                }
            }
        }
        self.module = saved;
    }

    fn declare_module(&mut self, m: &ModDecl) {
        let qname = self.qualified(&m.name.name);
        let saved = self.module.replace(Rc::from(qname.as_str()));
        self.module_names(m, &qname, saved.is_none());
        self.declare_items(&m.items, true);
        self.module = saved;
    }

    /// The names a module defines, each with its global slot (`a::f`).
    fn module_names(&mut self, m: &ModDecl, qname: &str, top: bool) {
        let names: Vec<Rc<str>> = m
            .items
            .iter()
            .filter_map(|s| match s {
                Stmt::Item(Item::Fun(f)) => f.name.as_ref().map(|n| Rc::from(n.name.as_str())),
                Stmt::Let(l) => match &l.pat.kind {
                    PatKind::Bind(id) => Some(Rc::from(id.name.as_str())),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        self.env.modules.insert(Rc::from(qname), names.clone());
        if top {
            self.env
                .modules
                .insert(Rc::from(m.name.name.as_str()), names);
        }
        for n in self.env.modules.get(qname).cloned().unwrap_or_default() {
            self.env.global_slot(&format!("{qname}::{n}"));
        }
    }

    /// Compile a function in isolation from enclosing locals (top-level functions and methods).
    fn isolated<T>(&mut self, f: impl FnOnce(&mut Compiler<'e>) -> T) -> T {
        let saved = std::mem::take(&mut self.fns);
        let r = f(self);
        self.fns = saved;
        r
    }

    fn define_global_fun(&mut self, d: &Rc<FunDecl>) {
        let name = d.name.as_ref().map(|n| n.name.clone()).unwrap_or_default();
        let qname = self.qualified(&name);
        let mut proto = self.isolated(|c| c.compile_fun(d, &qname, None));
        proto.is_main = qname == "main";
        if proto.is_main {
            proto.call_nparams = u16::MAX;
        }
        let closure = Value::Func(Rc::new(Closure {
            proto: Rc::new(proto),
            upvals: Default::default(),
        }));
        let g = self.env.global_slot(&qname);
        let k = self.konst(closure);
        let mark = self.top();
        let r = self.alloc();
        self.emit(Op::Const(r, k));
        self.emit(Op::DefGlobal(g, r));
        self.free_to(mark);
    }

    fn create_local_fun(&mut self, d: &Rc<FunDecl>, name: &str) {
        let proto = self.compile_fun(d, name, None);
        let idx = self.proto().protos.len() as u32;
        self.proto().protos.push(Rc::new(proto));
        let var = self.resolve(name);
        let mark = self.top();
        let r = self.alloc();
        self.emit(Op::Closure(r, idx));
        self.store_var(var, r);
        self.free_to(mark);
    }

    fn compile_methods(&mut self, item: &Item) {
        match item {
            Item::Struct(s) => {
                for m in &s.methods {
                    self.compile_method(&s.name.name, m, false);
                }
            }
            Item::Impl(im) => {
                let ty = im.type_name.name.clone();
                let given: HashSet<&str> = im
                    .methods
                    .iter()
                    .filter_map(|m| m.name.as_ref().map(|n| n.name.as_str()))
                    .collect();
                for m in im.methods.iter().filter(|m| !m.is_assoc_const()) {
                    self.compile_method(&ty, m, false);
                }
                if let Some(t) = &im.trait_name {
                    let defaults = self
                        .env
                        .traits
                        .get(t.name.as_str())
                        .cloned()
                        .unwrap_or_default();
                    for m in defaults {
                        let n = m.name.as_ref().map(|n| n.name.as_str()).unwrap_or("");
                        if !m.is_signature && !given.contains(n) {
                            self.compile_method(&ty, &m, true);
                        }
                    }
                }
            }
            Item::Class(c) => {
                for m in &c.methods {
                    self.compile_method(&c.name.name, m, false);
                }
                self.compile_ctor(&c.name.name, c.ctor.as_ref(), &c.fields);
            }
            _ => {}
        }
    }

    fn compile_method(&mut self, ty: &str, d: &Rc<FunDecl>, default: bool) {
        let type_id = self.env.type_names.get(ty).copied();
        let Some(type_id) = type_id.or_else(|| crate::value::kinds::kind_type_id(ty)) else {
            self.error(d.span, format!("impl for unknown type '{ty}'"));
            return;
        };
        let name = d.name.as_ref().map(|n| n.name.clone()).unwrap_or_default();
        let display = if d.is_assoc_const() {
            format!("{CONST_PREFIX}{ty}::{name}")
        } else {
            format!("{ty}::{name}")
        };
        let saved = self.self_type.replace(Rc::from(ty));
        let proto = self.isolated(|c| c.compile_fun(d, &display, None));
        self.self_type = saved;
        let sym = self.env.sym(&name);
        let closure = Rc::new(Closure {
            proto: Rc::new(proto),
            upvals: Default::default(),
        });
        self.env.define_method(type_id, sym, closure, default);
    }

    fn compile_ctor(&mut self, ty: &str, ctor: Option<&Rc<FunDecl>>, fields: &[FieldDecl]) {
        let Some(&type_id) = self.env.type_names.get(ty) else {
            return;
        };
        let span = ctor.map(|c| c.span).unwrap_or_default();
        let d = match ctor {
            Some(c) => (**c).clone(),
            None => FunDecl {
                name: None,
                generics: Vec::new(),
                self_kind: SelfKind::RefMut,
                params: fields
                    .iter()
                    .map(|f| Param {
                        name: f.name.clone(),
                        pattern: None,
                        ty: None,
                        // `Name::new()` without a user `new`: omitted fields keep their defaults
                        default: Some(
                            f.default
                                .clone()
                                .unwrap_or_else(|| Expr::new(ExprKind::Nil, f.name.span)),
                        ),
                    })
                    .collect(),
                ret: None,
                body: Expr::new(ExprKind::Nil, span),
                span,
                is_signature: false,
            },
        };
        let explicit = ctor.is_some();
        let display = format!("{ty}::new");
        let saved = self.self_type.replace(Rc::from(ty));
        let proto = self.isolated(|c| c.compile_fun(&d, &display, Some((type_id, explicit))));
        self.self_type = saved;
        let sym = self.env.sym("new");
        let closure = Rc::new(Closure {
            proto: Rc::new(proto),
            upvals: Default::default(),
        });
        self.env.define_method(type_id, sym, closure, false);
    }

    /// Compile a function body. `ctor`: a class constructor (type id; whether the user wrote
    /// the body — otherwise fields are assigned from same-named parameters).
    pub(crate) fn compile_fun(
        &mut self,
        d: &FunDecl,
        name: &str,
        ctor: Option<(u32, bool)>,
    ) -> Proto {
        let saved_span = self.cur_span;
        self.cur_span = d.span;
        let mut captured = capture::captured_in_fun(d);
        if ctor.is_some() {
            captured.remove("self");
        }
        self.begin_fn(name, captured);
        let is_method = d.self_kind != SelfKind::None && ctor.is_none();
        self.proto().self_kind = if is_method { Some(d.self_kind) } else { None };
        self.proto().may_throw = is_method && super::throws::rollback_needed(d, &self.user_names);
        if is_method {
            let r = self.alloc();
            self.add_local("self", r);
        }
        let first = self.alloc_n(d.params.len());
        let nparams = d.params.len() + usize::from(is_method);
        self.proto().nparams = nparams as u16;
        self.proto().call_nparams = nparams as u16;
        self.proto().nrequired = (d.params.iter().filter(|p| p.default.is_none()).count()
            + usize::from(is_method)) as u16;
        let names: Vec<_> = d
            .params
            .iter()
            .map(|p| self.env.sym(&p.name.name))
            .collect();
        self.proto().param_names = names;
        self.proto().param_defaults = d.params.iter().map(|p| p.default.is_some()).collect();
        for (i, p) in d.params.iter().enumerate() {
            let reg = first + i as u16;
            if let Some(def) = &p.default {
                let skip = self.emit(Op::JumpIfDefined(reg, 0));
                let mark = self.top();
                self.expr(def, reg);
                self.free_to(mark);
                self.patch(skip);
            }
            self.add_local(&p.name.name, reg);
        }
        for (i, p) in d.params.iter().enumerate() {
            if let Some(pat) = &p.pattern {
                let regs = self.declare_pattern_regs(pat);
                let fail = self.pattern_test(pat, first + i as u16, &regs);
                let done = self.emit(Op::Jump(0));
                for at in fail {
                    self.patch(at);
                }
                self.fail("Pattern does not match value");
                self.patch(done);
                self.bind_pattern_locals(&regs);
            }
        }
        if let Some((type_id, explicit)) = ctor {
            let self_reg = self.alloc();
            self.new_struct_with_defaults(type_id, self_reg);
            self.add_local("self", self_reg);
            self.f().ctor = true;
            if explicit {
                let mark = self.top();
                let t = self.alloc();
                self.expr(&d.body, t);
                self.free_to(mark);
            } else {
                for (i, p) in d.params.iter().enumerate() {
                    let sym = self.env.sym(&p.name.name);
                    let site = self.field_site(sym);
                    self.emit(Op::SetField(self_reg, site, first + i as u16));
                }
            }
            let var = self.resolve("self");
            let out = self.alloc();
            self.load_var(var, out);
            self.emit(Op::Return(out));
        } else {
            self.tail(&d.body);
        }
        self.cur_span = saved_span;
        let mut p = self.end_fn();
        p.span = d.span;
        p
    }

    /// A class instance with every field at its default (or nil).
    fn new_struct_with_defaults(&mut self, type_id: u32, dst: Reg) {
        let extra = self
            .env
            .struct_extra
            .get(&type_id)
            .cloned()
            .unwrap_or_default();
        let base = self.top();
        for def in &extra.defaults {
            let r = self.alloc();
            match def {
                Some(e) => self.expr(e, r),
                None => {
                    self.emit(Op::Nil(r));
                }
            }
        }
        self.emit(Op::NewStruct(dst, base, type_id));
        self.free_to(base);
    }

    pub(crate) fn field_site(&mut self, name: u32) -> u32 {
        let p = self.proto();
        p.field_sites.push(FieldSite {
            name,
            ic: Default::default(),
        });
        (p.field_sites.len() - 1) as u32
    }
}

/// Prefix of the function names of associated constants: `Type::NAME` calls them.
pub(crate) const CONST_PREFIX: &str = "const ";
