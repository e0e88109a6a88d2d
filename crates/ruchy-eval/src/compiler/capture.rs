//! Capture analysis: which local names are used by nested closures, so they live in cells.

use ruchy_parser::ast::*;
use ruchy_parser::visit::{children, Node};
use std::collections::HashSet;

#[derive(Default)]
struct Scan {
    used: HashSet<String>,
    bound: HashSet<String>,
    nested: HashSet<String>,
}

impl Scan {
    fn node(&mut self, node: Node) {
        match node {
            Node::Fun(d) => {
                let fv = free_vars(d);
                self.used.extend(fv.iter().cloned());
                self.nested.extend(fv);
                return;
            }
            Node::Expr(e) => match &e.kind {
                ExprKind::Ident(n) => {
                    self.used.insert(n.clone());
                }
                ExprKind::SelfValue => {
                    self.used.insert("self".into());
                }
                _ => {}
            },
            Node::Pat(p) => match &p.kind {
                PatKind::Bind(id) | PatKind::At(id, _) => {
                    self.bound.insert(id.name.clone());
                }
                PatKind::Array {
                    rest: Some(Some(id)),
                    ..
                } => {
                    self.bound.insert(id.name.clone());
                }
                _ => {}
            },
            Node::Stmt(Stmt::Item(Item::Fun(d))) => {
                if let Some(n) = &d.name {
                    self.bound.insert(n.name.clone());
                }
            }
            Node::Stmt(_) | Node::Block(_) => {}
        }
        children(node, &mut |c| self.node(c));
    }
}

/// Names a function uses from enclosing scopes (an over-approximation is harmless).
pub fn free_vars(d: &FunDecl) -> HashSet<String> {
    let mut scan = Scan::default();
    for p in &d.params {
        scan.bound.insert(p.name.name.clone());
    }
    if d.self_kind != SelfKind::None {
        scan.bound.insert("self".into());
    }
    children(Node::Fun(d), &mut |c| scan.node(c));
    scan.used.retain(|n| !scan.bound.contains(n));
    scan.used
}

/// Names that closures nested directly in this function body use from outside themselves.
pub fn captured_in_fun(d: &FunDecl) -> HashSet<String> {
    let mut scan = Scan::default();
    children(Node::Fun(d), &mut |c| scan.node(c));
    scan.nested
}

/// The same for a top-level chunk; top-level functions are hoisted and only see globals.
pub fn captured_in_chunk(stmts: &[Stmt]) -> HashSet<String> {
    let mut scan = Scan::default();
    for s in stmts {
        match s {
            Stmt::Item(_) => {}
            other => scan.node(Node::Stmt(other)),
        }
    }
    scan.nested
}
