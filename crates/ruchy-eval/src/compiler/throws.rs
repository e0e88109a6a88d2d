//! Whether a `&mut self` method may raise an exception on purpose after it has changed
//! `self`: then an exception leaving it must leave the receiver as it was (§10.1), so the
//! method gets a copy of its receiver wherever a handler could show the place again.
//! Other methods move the receiver (no copy: appending to `self.items` stays linear); for
//! them an exception before any change, the usual validate-then-update shape, has
//! nothing to undo.
//!
//! "On purpose" means a `throw`, an assertion, `unwrap`/`expect`, or a call of a user
//! function or method (which may do any of these). Runtime errors of builtins and
//! operators (an index out of bounds) are not counted; `?` returns (and writes back).

use ruchy_parser::ast::*;
use ruchy_parser::visit::{children, Node};
use std::collections::HashSet;

/// Builtin functions that raise exceptions only for broken arguments.
const QUIET_FUNCS: &[&str] = &[
    "Some", "Ok", "Err", "print", "println", "eprint", "eprintln", "len", "str", "int", "float",
    "type_of", "min", "max", "abs", "range", "format", "sqrt", "pow", "round", "floor", "ceil",
];

/// A builtin method that changes its receiver in place (`push`, `pop`, `insert` …).
fn builtin_mutator(name: &str) -> bool {
    crate::builtins::may_mutate(crate::builtins::method_id(name))
}

/// Whether calling the method `name` only reads its receiver: a builtin that does not
/// change it, and no user method has that name (which might be a `&mut self` one).
pub(crate) fn reads_only(name: &str, user: &Declared) -> bool {
    let id = crate::builtins::method_id(name);
    id != crate::builtins::NO_METHOD
        && !crate::builtins::may_mutate(id)
        && !user.methods.contains(name)
}

/// Builtin methods that call a function they are given (which may throw).
const CALLBACKS: &[&str] = &[
    "map",
    "filter",
    "reduce",
    "fold",
    "any",
    "all",
    "find",
    "position",
    "for_each",
    "flat_map",
    "filter_map",
    "find_map",
    "sort_by",
    "sort_by_key",
    "max_by",
    "min_by",
    "max_by_key",
    "min_by_key",
    "count",
    "unwrap_or_else",
    "and_then",
    "map_err",
    "or_else",
];

/// The functions and methods a program (and earlier REPL inputs) declare, by name.
#[derive(Default)]
pub(crate) struct Declared {
    pub funcs: HashSet<String>,
    pub methods: HashSet<String>,
    /// Methods taking `&mut self`, which may change their receiver.
    pub mut_methods: HashSet<String>,
}

impl Declared {
    pub(crate) fn scan(program: &Program) -> Declared {
        fn walk(node: Node<'_>, out: &mut Declared) {
            if let Node::Fun(d) = node {
                if let Some(n) = &d.name {
                    let name = n.name.clone();
                    match d.self_kind {
                        SelfKind::None => out.funcs.insert(name),
                        SelfKind::RefMut => {
                            out.methods.insert(name.clone());
                            out.mut_methods.insert(name)
                        }
                        _ => out.methods.insert(name),
                    };
                }
            }
            children(node, &mut |c| walk(c, out));
        }
        let mut out = Declared::default();
        for s in &program.stmts {
            walk(Node::Stmt(s), &mut out);
        }
        out
    }
}

#[derive(Default)]
struct Scan<'n> {
    /// User function and method names (a call of one may throw).
    user: Option<&'n Declared>,
    /// `self` has been changed on some path so far.
    changed: bool,
    /// A closure that may throw exists (it may run after any later change).
    closure_throws: bool,
    throws: bool,
    changes: bool,
    needed: bool,
}

impl Scan<'_> {
    fn throw(&mut self) {
        self.throws = true;
        if self.changed {
            self.needed = true;
        }
    }

    fn change(&mut self) {
        self.changed = true;
        self.changes = true;
        if self.closure_throws {
            self.needed = true;
        }
    }

    fn is_user_fn(&self, name: &str) -> bool {
        self.user.is_some_and(|u| u.funcs.contains(name))
    }

    fn is_user_method(&self, name: &str) -> bool {
        self.user.is_some_and(|u| u.methods.contains(name))
    }

    fn is_mut_method(&self, name: &str) -> bool {
        self.user.is_some_and(|u| u.mut_methods.contains(name))
    }

    /// A part that may run repeatedly or at any time (a loop, a closure): its throws may
    /// follow its own changes.
    fn part(&mut self, node: Node<'_>) -> (bool, bool) {
        let mut sub = Scan {
            user: self.user,
            changed: self.changed,
            closure_throws: self.closure_throws,
            ..Scan::default()
        };
        children(node, &mut |c| sub.walk(c));
        if sub.throws && (sub.changes || self.changed) {
            self.needed = true;
        }
        self.needed |= sub.needed;
        self.throws |= sub.throws;
        (sub.throws, sub.changes)
    }

    fn walk(&mut self, node: Node<'_>) {
        if self.needed {
            return;
        }
        let Node::Expr(e) = node else {
            return children(node, &mut |c| self.walk(c));
        };
        match &e.kind {
            ExprKind::While { .. }
            | ExprKind::WhileLet { .. }
            | ExprKind::For { .. }
            | ExprKind::Loop { .. } => {
                if self.part(node).1 {
                    self.change();
                }
            }
            ExprKind::Closure(_) => {
                let (throws, changes) = self.part(node);
                if changes {
                    self.change();
                }
                if throws {
                    self.closure_throws = true;
                    if self.changes {
                        self.needed = true;
                    }
                }
            }
            ExprKind::Assign { target, .. } => {
                children(node, &mut |c| self.walk(c));
                if rooted_in_self(target) {
                    self.change();
                }
            }
            ExprKind::Throw(_) | ExprKind::Pipe(..) => {
                children(node, &mut |c| self.walk(c));
                self.throw();
            }
            ExprKind::Call { callee, .. } => {
                children(node, &mut |c| self.walk(c));
                let quiet = match &callee.kind {
                    ExprKind::Ident(n) => QUIET_FUNCS.contains(&n.as_str()) && !self.is_user_fn(n),
                    // `Shape::Circle(r)`: a variant, not a call
                    ExprKind::Path(p) => p
                        .last()
                        .is_some_and(|i| i.name.starts_with(|c: char| c.is_ascii_uppercase())),
                    _ => false,
                };
                if !quiet {
                    self.throw();
                }
            }
            ExprKind::MethodCall { recv, method, args } => {
                children(node, &mut |c| self.walk(c));
                let name = method.name.as_str();
                let direct = matches!(recv.kind, ExprKind::SelfValue);
                let on_self = rooted_in_self(recv);
                if on_self && !direct && builtin_mutator(name) {
                    // `self.items.push(x)`: the builtin (a user method of that name on a
                    // field is taken for it)
                    self.change();
                    return;
                }
                let user = direct
                    || self.is_user_method(name)
                    || crate::builtins::method_id(name) == crate::builtins::NO_METHOD;
                if on_self && self.is_mut_method(name) {
                    // a `&mut self` method on `self` or a field of it may change it, then throw
                    self.change();
                }
                let callback = CALLBACKS.contains(&name)
                    && args
                        .iter()
                        .any(|a| !matches!(a.value.kind, ExprKind::Closure(_)));
                if user || callback || matches!(name, "unwrap" | "expect") {
                    self.throw();
                }
            }
            _ => children(node, &mut |c| self.walk(c)),
        }
    }
}

/// `self`, `self.f`, `self.f[i].g`: a value reached from `self`.
fn rooted_in_self(e: &Expr) -> bool {
    super::place::rooted_at(e, "self")
}

/// Whether the method `d` may throw on purpose after changing `self`. `user`: the names
/// of the functions and methods the program declares.
pub(crate) fn rollback_needed(d: &FunDecl, user: &Declared) -> bool {
    let mut scan = Scan {
        user: Some(user),
        ..Scan::default()
    };
    scan.walk(Node::Expr(&d.body));
    scan.needed
}
