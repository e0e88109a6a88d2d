//! A syntactic pre-pass over every input: names bound anywhere, names assigned inside
//! functions, top-level `let` names, and the names a function body refers to.

use ruchy_parser::ast::*;
use ruchy_parser::visit::{children, Node};
use ruchy_parser::Span;
use rustc_hash::FxHashSet;

#[derive(Default)]
pub struct ScanInfo {
    /// Every name bound anywhere (so a use we cannot resolve lexically is not an error).
    pub bound: FxHashSet<String>,
    /// Names assigned inside some function or closure body.
    pub assigned_in_fn: FxHashSet<String>,
    /// Names assigned anywhere (their `let` bindings are not generalised).
    pub assigned: FxHashSet<String>,
    /// Names bound by top-level `let`s (globals) with the input and span of their first
    /// binding, in first-appearance order.
    pub global_lets: Vec<(String, u32, Span)>,
}

/// Scan the inputs of a session (one input for a file).
pub fn scan(inputs: &[&Program]) -> ScanInfo {
    let mut info = ScanInfo::default();
    let mut seen_globals = FxHashSet::default();
    for (unit, p) in inputs.iter().enumerate() {
        for s in &p.stmts {
            if let Stmt::Let(l) = s {
                let mut ids = Vec::new();
                ruchy_parser::visit::pattern_bindings(&l.pat, &mut ids);
                for id in ids {
                    if seen_globals.insert(id.name.clone()) {
                        info.global_lets.push((id.name, unit as u32, id.span));
                    }
                }
            }
        }
        let mut stack: Vec<(Node, bool)> = p.stmts.iter().map(|s| (Node::Stmt(s), false)).collect();
        while let Some((node, in_fn)) = stack.pop() {
            visit(&mut info, node, in_fn);
            let inner = in_fn || matches!(node, Node::Fun(_));
            children(node, &mut |c| stack.push((c, inner)));
        }
    }
    info
}

fn visit(info: &mut ScanInfo, node: Node, in_fn: bool) {
    match node {
        Node::Fun(d) => {
            if let Some(n) = &d.name {
                info.bound.insert(n.name.clone());
            }
            for p in &d.params {
                info.bound.insert(p.name.name.clone());
            }
        }
        Node::Pat(p) => match &p.kind {
            PatKind::Bind(id) | PatKind::At(id, _) => {
                info.bound.insert(id.name.clone());
            }
            PatKind::Array {
                rest: Some(Some(id)),
                ..
            } => {
                info.bound.insert(id.name.clone());
            }
            _ => {}
        },
        Node::Stmt(Stmt::Item(item)) => match item {
            Item::Struct(s) => {
                info.bound.insert(s.name.name.clone());
            }
            Item::Enum(e) => {
                info.bound.insert(e.name.name.clone());
            }
            Item::Class(c) => {
                info.bound.insert(c.name.name.clone());
            }
            Item::Trait(t) => {
                info.bound.insert(t.name.name.clone());
            }
            Item::Mod(m) => {
                info.bound.insert(m.name.name.clone());
            }
            Item::Use(u) => {
                if let Some(a) = &u.alias {
                    info.bound.insert(a.name.clone());
                }
                if let Some(last) = u.path.last() {
                    info.bound.insert(last.name.clone());
                }
            }
            Item::Fun(_) | Item::Impl(_) => {}
        },
        Node::Expr(e) => {
            if let ExprKind::Assign { target, .. } = &e.kind {
                if let Some(root) = place_root(target) {
                    if in_fn {
                        info.assigned_in_fn.insert(root.to_string());
                    }
                    info.assigned.insert(root.to_string());
                }
            }
        }
        _ => {}
    }
}

/// The variable a place expression (`a.b[c].d`) is rooted at.
pub fn place_root(e: &Expr) -> Option<&str> {
    let mut cur = e;
    loop {
        match &cur.kind {
            ExprKind::Ident(n) => return Some(n),
            ExprKind::Field(inner, _)
            | ExprKind::TupleIndex(inner, _, _)
            | ExprKind::Index(inner, _) => cur = inner,
            ExprKind::Slice { recv, .. } => cur = recv,
            _ => return None,
        }
    }
}

/// The names a function body refers to, as dependency keys: `name` for identifiers,
/// `A::b` for paths (`Self` replaced by `self_ty`), `.m` for method calls.
pub fn references(d: &FunDecl, self_ty: Option<&str>, out: &mut FxHashSet<String>) {
    let mut stack: Vec<Node> = Vec::new();
    children(Node::Fun(d), &mut |c| stack.push(c));
    while let Some(node) = stack.pop() {
        if let Node::Expr(e) = node {
            match &e.kind {
                ExprKind::Ident(n) => {
                    out.insert(n.clone());
                }
                ExprKind::Path(p) => {
                    let mut segs: Vec<&str> = p.iter().map(|i| i.name.as_str()).collect();
                    if segs.first() == Some(&"Self") {
                        if let Some(t) = self_ty {
                            segs[0] = t;
                        }
                    }
                    out.insert(segs.join("::"));
                }
                ExprKind::MethodCall { method, .. } => {
                    out.insert(format!(".{}", method.name));
                }
                ExprKind::StructLit { path, .. } => {
                    if let Some(first) = path.first() {
                        out.insert(first.name.clone());
                    }
                }
                _ => {}
            }
        }
        children(node, &mut |c| stack.push(c));
    }
}
