//! Items of a block: functions, methods and trait defaults become nodes of a dependency graph;
//! each strongly connected component is inferred (on first use, dependencies first) and then
//! generalised, which gives let-polymorphism to recursive and mutually recursive functions.

use super::Infer;
use crate::decls::MethodEntry;
use crate::env::BindKind;
use crate::scan::references;
use crate::ty::Ty;
use ruchy_parser::ast::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::rc::Rc;

use super::schedule::{graph, TODO};

pub(crate) enum NodeKind {
    /// A function bound by name (`f`, or `m::f` inside module `m`) in the scope at `depth`.
    Free { name: String, depth: u32 },
    /// A method (with `self`) or associated function of the named type.
    Method { ty_name: String, name: String },
    /// A default method of a trait (its `self` is of any implementing type).
    TraitDefault { name: String },
}

pub(crate) struct FnNode {
    pub decl: Rc<FunDecl>,
    pub kind: NodeKind,
    pub ty: Ty,
    /// Sibling functions visible by their short name (inside a module).
    pub module: Option<String>,
    /// A class constructor (`new(…) { … }`).
    pub ctor: bool,
}

pub(crate) struct ItemTable {
    pub id: u32,
    pub depth: u32,
    pub top: bool,
    pub nodes: Vec<FnNode>,
    pub comp_of: Vec<u32>,
    pub comps: Vec<Vec<u32>>,
    pub comp_deps: Vec<Vec<u32>>,
    pub state: Vec<u8>,
    pub modules: FxHashMap<String, Vec<(String, u32)>>,
}

impl Infer<'_> {
    /// Collect the items of a block into a new table and bind their names. `lets` are the
    /// names the block binds with `let` (a nested function using one is not hoisted).
    pub(super) fn build_table(&mut self, stmts: &[Stmt], top: bool, lets: &FxHashSet<String>) {
        let mut nodes: Vec<FnNode> = Vec::new();
        let mut modules: FxHashMap<String, Vec<(String, u32)>> = FxHashMap::default();
        let mut todo: Vec<(&Stmt, Option<String>)> = stmts.iter().map(|s| (s, None)).collect();
        let mut i = 0;
        while i < todo.len() {
            let (stmt, module) = (todo[i].0, todo[i].1.clone());
            i += 1;
            let Stmt::Item(item) = stmt else { continue };
            let method = |ty: &str, m: &Rc<FunDecl>, nodes: &mut Vec<FnNode>| {
                let name = m.name.as_ref().map(|n| n.name.clone()).unwrap_or_default();
                nodes.push(FnNode {
                    decl: m.clone(),
                    kind: NodeKind::Method {
                        ty_name: ty.to_string(),
                        name,
                    },
                    ty: Ty::Dyn,
                    module: None,
                    ctor: false,
                });
            };
            match item {
                Item::Fun(d) => {
                    if !top && module.is_none() && self.is_textual(d, lets) {
                        continue;
                    }
                    let short = d.name.as_ref().map(|n| n.name.clone()).unwrap_or_default();
                    let name = match &module {
                        Some(m) => format!("{m}::{short}"),
                        None => short.clone(),
                    };
                    if let Some(m) = &module {
                        modules
                            .entry(m.clone())
                            .or_default()
                            .push((short, nodes.len() as u32));
                    }
                    nodes.push(FnNode {
                        decl: d.clone(),
                        kind: NodeKind::Free { name, depth: 0 },
                        ty: Ty::Dyn,
                        module: module.clone(),
                        ctor: false,
                    });
                }
                Item::Impl(imp) => {
                    let ty = imp.type_name.name.clone();
                    imp.methods.iter().for_each(|m| method(&ty, m, &mut nodes));
                }
                Item::Struct(s) => s
                    .methods
                    .iter()
                    .for_each(|m| method(&s.name.name, m, &mut nodes)),
                Item::Class(c) => {
                    if let Some(m) = &c.ctor {
                        method(&c.name.name, m, &mut nodes);
                        if let Some(last) = nodes.last_mut() {
                            last.ctor = true;
                        }
                    }
                    c.methods
                        .iter()
                        .for_each(|m| method(&c.name.name, m, &mut nodes));
                }
                Item::Trait(t) => {
                    for m in t.methods.iter().filter(|m| !m.is_signature) {
                        let name = m.name.as_ref().map(|n| n.name.clone()).unwrap_or_default();
                        nodes.push(FnNode {
                            decl: m.clone(),
                            kind: NodeKind::TraitDefault { name },
                            ty: Ty::Dyn,
                            module: None,
                            ctor: false,
                        });
                    }
                }
                Item::Mod(m) => {
                    let name = match &module {
                        Some(outer) => format!("{outer}::{}", m.name.name),
                        None => m.name.name.clone(),
                    };
                    todo.extend(m.items.iter().map(|s| (s, Some(name.clone()))));
                }
                Item::Enum(_) | Item::Use(_) => {}
            }
        }
        let id = self.next_table;
        self.next_table += 1;
        let depth = if top { 0 } else { self.scopes.depth() };
        let (comp_of, comps, comp_deps) = graph(&nodes);
        let state = vec![TODO; comps.len()];
        // bind names and register methods
        for (n, node) in nodes.iter_mut().enumerate() {
            let loc = BindKind::Fun {
                table: id,
                node: n as u32,
            };
            match &mut node.kind {
                NodeKind::Free { name, depth: d } => {
                    *d = depth;
                    self.scopes.bind_at(name, loc, None, depth);
                }
                NodeKind::Method { ty_name, name } => {
                    let entry = MethodEntry {
                        ty: None,
                        loc: (id, n as u32),
                    };
                    self.decls
                        .methods
                        .insert((ty_name.clone(), name.clone()), entry);
                }
                NodeKind::TraitDefault { .. } => {}
            }
        }
        for stmt in stmts {
            if let Stmt::Item(Item::Mod(m)) = stmt {
                self.scopes
                    .bind_at(&m.name.name, BindKind::Module, None, depth);
            }
        }
        self.tables.push(ItemTable {
            id,
            depth: self.scopes.depth(),
            top,
            nodes,
            comp_of,
            comps,
            comp_deps,
            state,
            modules,
        });
        self.attach_trait_defaults(stmts, id);
    }

    /// `impl Trait for T` gives T the trait's default methods it does not define itself.
    fn attach_trait_defaults(&mut self, stmts: &[Stmt], id: u32) {
        let Some(t) = self.tables.iter().find(|t| t.id == id) else {
            return;
        };
        let defaults: FxHashMap<String, u32> = t
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| match &n.kind {
                NodeKind::TraitDefault { name } => Some((name.clone(), i as u32)),
                _ => None,
            })
            .collect();
        for stmt in stmts {
            let Stmt::Item(Item::Impl(imp)) = stmt else {
                continue;
            };
            let Some(tr) = &imp.trait_name else { continue };
            let Some(methods) = self.decls.traits.get(&tr.name).cloned() else {
                continue;
            };
            for m in methods.iter().filter(|m| !m.is_signature) {
                let Some(name) = m.name.as_ref().map(|n| n.name.clone()) else {
                    continue;
                };
                let key = (imp.type_name.name.clone(), name.clone());
                let own = imp
                    .methods
                    .iter()
                    .any(|x| x.name.as_ref().is_some_and(|n| n.name == name));
                if own {
                    continue;
                }
                if let Some(&node) = defaults.get(&name) {
                    let entry = MethodEntry {
                        ty: None,
                        loc: (id, node),
                    };
                    self.decls.methods.insert(key, entry);
                }
            }
        }
    }

    /// A nested function that uses a `let` of its own block is created where it is written.
    pub(super) fn is_textual(&self, d: &FunDecl, lets: &FxHashSet<String>) -> bool {
        if lets.is_empty() {
            return false;
        }
        let mut refs = FxHashSet::default();
        references(d, None, &mut refs);
        refs.iter().any(|r| lets.contains(r))
    }

    /// Infer whatever is left of the innermost table, record top-level types, drop it.
    pub(super) fn finish_table(&mut self) {
        let Some(t) = self.tables.last() else { return };
        let id = t.id;
        let n = t.nodes.len();
        for node in 0..n {
            self.ensure(id, node as u32);
        }
        if let Some(t) = self.tables.pop() {
            for (i, node) in t.nodes.iter().enumerate() {
                if let NodeKind::Free { name, .. } = &node.kind {
                    self.scopes.settle(name, t.id, i as u32, node.ty.clone());
                }
            }
            if t.top {
                for node in t.nodes {
                    let name = match node.kind {
                        NodeKind::Free { name, .. } => name,
                        NodeKind::Method { ty_name, name } => format!("{ty_name}::{name}"),
                        NodeKind::TraitDefault { .. } => continue,
                    };
                    let span = node.decl.span;
                    self.top.push(super::TopBinding {
                        unit: self.unit,
                        name,
                        ty: node.ty,
                        span,
                    });
                }
            }
        }
    }
}
