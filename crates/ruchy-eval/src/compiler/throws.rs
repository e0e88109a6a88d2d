//! Whether a `&mut self` method may raise an exception on purpose: a `throw`, a `?`, an
//! assertion, `unwrap`/`expect`, or a call of another function or of a method of `self`
//! (which may throw in turn). Such a method gets a copy of its receiver where a handler
//! could show the place again, so the exception leaves the receiver as it was (§10.1);
//! others move it (no copy: appending to `self.items` stays linear).

use ruchy_parser::ast::*;
use ruchy_parser::visit::{children, Node};

/// Builtin functions that raise exceptions only for broken arguments.
const QUIET_FUNCS: &[&str] = &[
    "print", "println", "eprint", "eprintln", "len", "str", "int", "float", "type_of", "min",
    "max", "abs", "range", "format", "sqrt", "pow", "round", "floor", "ceil",
];

/// Builtin methods of the collections a struct holds (`self.items.push(v)`).
const QUIET_METHODS: &[&str] = &[
    "push",
    "pop",
    "insert",
    "remove",
    "len",
    "contains",
    "contains_key",
    "get",
    "keys",
    "values",
    "items",
    "clear",
    "extend",
    "append",
    "is_empty",
    "clone",
    "to_string",
    "join",
    "sort",
    "reverse",
    "push_str",
    "add",
    "first",
    "last",
    "map",
    "filter",
    "sum",
    "trim",
];

/// `self`, `self.f`, `self.f[i].g`: a value reached from `self`.
fn rooted_in_self(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::SelfValue => true,
        ExprKind::Field(inner, _) | ExprKind::TupleIndex(inner, _, _) => rooted_in_self(inner),
        ExprKind::Index(inner, _) => rooted_in_self(inner),
        _ => false,
    }
}

pub(crate) fn may_throw(d: &FunDecl) -> bool {
    let mut found = false;
    walk(Node::Expr(&d.body), &mut found);
    found
}

fn walk(node: Node<'_>, found: &mut bool) {
    if *found {
        return;
    }
    if let Node::Expr(e) = node {
        *found = match &e.kind {
            ExprKind::Throw(_) | ExprKind::Try(_) => true,
            ExprKind::Call { callee, .. } => match &callee.kind {
                ExprKind::Ident(name) => !QUIET_FUNCS.contains(&name.as_str()),
                _ => true,
            },
            ExprKind::MethodCall { recv, method, .. } => {
                let name = method.name.as_str();
                matches!(name, "unwrap" | "expect")
                    || (rooted_in_self(recv) && !QUIET_METHODS.contains(&name))
            }
            _ => false,
        };
    }
    children(node, &mut |c| walk(c, found));
}
