//! Scheduling function inference: the dependency graph of a block's items, and inferring a
//! strongly connected component (dependencies first) on first use, then generalising it.

use super::items::{FnNode, NodeKind};
use super::Infer;
use crate::decls::MethodEntry;
use crate::env::BindKind;
use crate::scan::references;
use crate::ty::Ty;
use rustc_hash::{FxHashMap, FxHashSet};

/// Component states: not inferred yet, being inferred, inferred and generalised.
pub(super) const TODO: u8 = 0;
const BUSY: u8 = 1;
const DONE: u8 = 2;

impl Infer<'_> {
    pub(super) fn table_index(&self, id: u32) -> Option<usize> {
        self.tables.iter().rposition(|t| t.id == id)
    }

    /// The (generalised, once inferred) type of a function node.
    pub(super) fn fun_type(&mut self, table: u32, node: u32) -> Ty {
        self.ensure(table, node);
        match self.table_index(table) {
            Some(ti) => self.tables[ti].nodes[node as usize].ty.clone(),
            None => Ty::Dyn,
        }
    }

    /// The type of a method entry (inferring it first if needed).
    pub(super) fn method_type(&mut self, entry: &MethodEntry) -> Ty {
        if let Some(t) = &entry.ty {
            return t.clone();
        }
        self.fun_type(entry.loc.0, entry.loc.1)
    }

    /// Infer the component of `node` and, first, every component it depends on.
    pub(super) fn ensure(&mut self, table: u32, node: u32) {
        let Some(ti) = self.table_index(table) else {
            return;
        };
        let c = self.tables[ti].comp_of[node as usize];
        if self.tables[ti].state[c as usize] != TODO {
            return;
        }
        let mut seen = FxHashSet::default();
        seen.insert(c);
        let mut stack: Vec<(u32, usize)> = vec![(c, 0)];
        while let Some(&(x, i)) = stack.last() {
            let next = self.tables[ti].comp_deps[x as usize].get(i).copied();
            if let Some(d) = next {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                if self.tables[ti].state[d as usize] == TODO && seen.insert(d) {
                    stack.push((d, 0));
                }
                continue;
            }
            stack.pop();
            if self.tables[ti].state[x as usize] == TODO {
                self.infer_component(ti, x);
            }
        }
    }

    fn infer_component(&mut self, ti: usize, c: u32) {
        self.tables[ti].state[c as usize] = BUSY;
        let members = self.tables[ti].comps[c as usize].clone();
        let lo = if self.tables[ti].top {
            1
        } else {
            self.tables[ti].depth + 1
        };
        let hi = self.scopes.depth();
        let saved_hidden = self.scopes.take_hidden();
        if lo <= hi {
            self.scopes.hide(lo, hi);
        }
        // the function's context is where it is declared, not where it is first used
        let saved = (self.fns.len(), std::mem::take(&mut self.loops));
        let saved_ctx = (
            std::mem::take(&mut self.generics),
            self.self_ty.take(),
            std::mem::take(&mut self.silent),
        );
        self.store.level += 1;
        let mut prepared = Vec::new();
        for &m in &members {
            let node = &self.tables[ti].nodes[m as usize];
            let decl = node.decl.clone();
            let owner = match &node.kind {
                NodeKind::Method { ty_name, .. } => Some(ty_name.clone()),
                _ => None,
            };
            let trait_default = matches!(node.kind, NodeKind::TraitDefault { .. });
            let ctor = node.ctor;
            let p = self.prepare_fn(&decl, owner.as_deref(), trait_default, ctor);
            self.tables[ti].nodes[m as usize].ty = p.fn_ty.clone();
            prepared.push((m, decl, p));
        }
        for (m, decl, p) in &prepared {
            let siblings = self.module_siblings(ti, *m);
            self.scopes.push();
            for (short, node) in siblings {
                let id = self.tables[ti].id;
                self.scopes
                    .bind(&short, BindKind::Fun { table: id, node }, None);
            }
            self.infer_fn_body(decl, p);
            self.scopes.pop();
        }
        self.store.level -= 1;
        let level = self.store.level;
        for (_, _, p) in &prepared {
            self.store.generalize(&p.fn_ty, level);
        }
        self.fns.truncate(saved.0);
        self.loops = saved.1;
        (self.generics, self.self_ty, self.silent) = saved_ctx;
        self.scopes.restore_hidden(saved_hidden);
        self.tables[ti].state[c as usize] = DONE;
        let id = self.tables[ti].id;
        for &m in &members {
            if let NodeKind::Method { ty_name, name } = &self.tables[ti].nodes[m as usize].kind {
                let key = (ty_name.clone(), name.clone());
                let ty = self.tables[ti].nodes[m as usize].ty.clone();
                if let Some(e) = self.decls.methods.get_mut(&key) {
                    if e.loc == (id, m) {
                        e.ty = Some(ty);
                    }
                }
            }
        }
    }

    fn module_siblings(&self, ti: usize, m: u32) -> Vec<(String, u32)> {
        let t = &self.tables[ti];
        match &t.nodes[m as usize].module {
            Some(module) => t.modules.get(module).cloned().unwrap_or_default(),
            None => Vec::new(),
        }
    }
}

/// The dependency graph of a table's nodes, its components (dependencies first) and the
/// components each component depends on.
type Graph = (Vec<u32>, Vec<Vec<u32>>, Vec<Vec<u32>>);

pub(super) fn graph(nodes: &[FnNode]) -> Graph {
    let mut by_key: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    for (i, n) in nodes.iter().enumerate() {
        let i = i as u32;
        let mut add = |k: String| by_key.entry(k).or_default().push(i);
        match &n.kind {
            NodeKind::Free { name, .. } => {
                if let Some((_, short)) = name.rsplit_once("::") {
                    add(short.to_string());
                }
                add(name.clone());
            }
            NodeKind::Method { ty_name, name } => {
                add(format!("{ty_name}::{name}"));
                add(format!(".{name}"));
            }
            NodeKind::TraitDefault { name } => add(format!(".{name}")),
        }
    }
    let edges: Vec<Vec<u32>> = nodes
        .iter()
        .map(|n| {
            let self_ty = match &n.kind {
                NodeKind::Method { ty_name, .. } => Some(ty_name.as_str()),
                _ => None,
            };
            let mut refs = FxHashSet::default();
            references(&n.decl, self_ty, &mut refs);
            let mut out: Vec<u32> = refs
                .iter()
                .filter_map(|r| by_key.get(r))
                .flatten()
                .copied()
                .collect();
            ruchy_parser::sort::sort_unstable(&mut out);
            out.dedup();
            out
        })
        .collect();
    let (comp_of, comps) = crate::scc::components(&edges);
    let mut deps: Vec<Vec<u32>> = vec![Vec::new(); comps.len()];
    for (i, es) in edges.iter().enumerate() {
        let ci = comp_of[i];
        for &e in es {
            let ce = comp_of[e as usize];
            if ce != ci && !deps[ci as usize].contains(&ce) {
                deps[ci as usize].push(ce);
            }
        }
    }
    (comp_of, comps, deps)
}
