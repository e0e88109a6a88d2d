//! Which code certainly runs: the top level, `main`, and the functions they call on every
//! path, minus branches and guards, loop bodies, closures, `try` bodies, the right side of
//! `&&`/`||`/`??`, ternary branches, comprehension bodies, and whatever follows a statement
//! that may leave early (`return`, `throw`, `break`, `continue`, `?`, `exit`, `panic`).
//! `ruchy check` reports errors there as errors; anywhere else the program may still run
//! cleanly (the code is guarded, caught or never called), so they are only warnings.

use ruchy_parser::ast::*;
use ruchy_parser::visit::{children, Node};
use ruchy_parser::Span;
use std::collections::{HashMap, HashSet};

/// Source regions that certainly run, with the holes inside them that may not.
#[derive(Debug, Default)]
pub struct Reach {
    roots: Vec<Span>,
    holes: Vec<Span>,
}

impl Reach {
    /// Whether code at `span` runs whenever the program does (up to an earlier failure).
    pub fn certain(&self, span: Span) -> bool {
        let inside = |s: &Span| s.start <= span.start && span.start < s.end.max(s.start + 1);
        self.roots.iter().any(inside) && !self.holes.iter().any(inside)
    }
}

/// Compute the regions of `program` that certainly run.
pub fn reach(program: &Program) -> Reach {
    let mut funs = HashMap::new();
    collect_funs(&program.stmts, "", &mut funs);
    let mut w = Walker {
        funs,
        reach: Reach::default(),
        done: HashSet::new(),
        todo: Vec::new(),
        module: String::new(),
    };
    let mut main_called = false;
    for s in &program.stmts {
        let span = match s {
            Stmt::Let(l) => l.span,
            Stmt::Expr(e) => e.span,
            Stmt::Item(_) => continue,
        };
        main_called |= matches!(s, Stmt::Expr(e) if calls_main(e));
        w.reach.roots.push(span);
        w.node(Node::Stmt(s));
        if may_leave(s) {
            // the program may end here (`exit(0)`, a `?` on an error, a `throw`)
            break;
        }
    }
    // the main rule: `main` runs after the top level unless the top level called it
    if !main_called {
        w.call("main");
    }
    while let Some((d, module)) = w.todo.pop() {
        w.module = module;
        w.reach.roots.push(d.body.span);
        w.node(Node::Expr(&d.body));
    }
    w.reach
}

fn calls_main(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Call { callee, .. } if matches!(&callee.kind, ExprKind::Ident(n) if n == "main"))
}

/// A named function and the module path it is declared in (`""` or `"geo::"`).
type Funs<'a> = HashMap<String, (&'a FunDecl, String)>;

/// Named functions by their full path (`area`, `geo::area`); functions nested in function
/// bodies by their name.
fn collect_funs<'a>(stmts: &'a [Stmt], prefix: &str, out: &mut Funs<'a>) {
    for s in stmts {
        match s {
            Stmt::Item(Item::Fun(d)) => {
                if let Some(n) = &d.name {
                    out.entry(format!("{prefix}{}", n.name))
                        .or_insert((d, prefix.to_string()));
                }
                collect_nested(&d.body, prefix, out);
            }
            Stmt::Item(Item::Mod(m)) => {
                collect_funs(&m.items, &format!("{prefix}{}::", m.name.name), out)
            }
            Stmt::Let(l) => collect_nested(&l.value, prefix, out),
            Stmt::Expr(e) => collect_nested(e, prefix, out),
            Stmt::Item(_) => {}
        }
    }
}

fn collect_nested<'a>(e: &'a Expr, prefix: &str, out: &mut Funs<'a>) {
    fn go<'a>(n: Node<'a>, prefix: &str, out: &mut Funs<'a>) {
        if let Node::Stmt(Stmt::Item(Item::Fun(d))) = n {
            if let Some(name) = &d.name {
                out.entry(name.name.clone())
                    .or_insert((d, prefix.to_string()));
            }
        }
        children(n, &mut |c| go(c, prefix, out));
    }
    go(Node::Expr(e), prefix, out);
}

/// Whether running `s` may leave its block early: a `return`, `throw`, `break`, `continue`,
/// `?`, or a call of `exit`/`panic` outside nested functions and closures.
fn may_leave(s: &Stmt) -> bool {
    fn go(n: Node) -> bool {
        match n {
            Node::Fun(_) | Node::Stmt(Stmt::Item(_)) => false,
            Node::Expr(e) => match &e.kind {
                ExprKind::Closure(_) => false,
                ExprKind::Return(_)
                | ExprKind::Throw(_)
                | ExprKind::Break { .. }
                | ExprKind::Continue { .. }
                | ExprKind::Try(_) => true,
                ExprKind::Call { callee, .. } if stops(callee) => true,
                _ => any_child(n),
            },
            _ => any_child(n),
        }
    }
    /// `exit(…)`, `std::process::exit(…)`, `panic!(…)` and friends end the program.
    fn stops(callee: &Expr) -> bool {
        let name = match &callee.kind {
            ExprKind::Ident(f) => f.as_str(),
            ExprKind::Path(p) => p.last().map_or("", |i| i.name.as_str()),
            _ => "",
        };
        matches!(name, "exit" | "panic" | "panic!" | "unreachable!" | "todo!")
    }
    fn any_child(n: Node) -> bool {
        let mut found = false;
        children(n, &mut |c| found = found || go(c));
        found
    }
    go(Node::Stmt(s))
}

struct Walker<'a> {
    funs: Funs<'a>,
    reach: Reach,
    done: HashSet<*const FunDecl>,
    todo: Vec<(&'a FunDecl, String)>,
    /// The module path of the function being walked (`""` at the top level).
    module: String,
}

impl<'a> Walker<'a> {
    /// A call of `name` from the current module: its own items first, then the enclosing
    /// modules', as the compiler resolves them.
    fn call(&mut self, name: &str) {
        let mut prefix = self.module.as_str();
        let found = loop {
            if let Some(f) = self.funs.get(&format!("{prefix}{name}")) {
                break Some(f.clone());
            }
            if prefix.is_empty() {
                break None;
            }
            let inner = &prefix[..prefix.len() - 2];
            prefix = inner.rfind("::").map_or("", |i| &inner[..i + 2]);
        };
        if let Some((d, module)) = found {
            if self.done.insert(d as *const FunDecl) {
                self.todo.push((d, module));
            }
        }
    }

    fn hole(&mut self, span: Span) {
        self.reach.holes.push(span);
    }

    /// Walk code that certainly runs, marking the parts that may not as holes.
    fn node(&mut self, n: Node<'a>) {
        let Node::Expr(e) = n else {
            match n {
                // nested items run only when called
                Node::Stmt(Stmt::Item(_)) | Node::Fun(_) => {}
                Node::Block(b) => {
                    let mut left = false;
                    for s in &b.stmts {
                        match (left, s) {
                            (_, Stmt::Item(_)) => {}
                            (true, Stmt::Let(l)) => self.hole(l.span),
                            (true, Stmt::Expr(x)) => self.hole(x.span),
                            (false, _) => {
                                self.node(Node::Stmt(s));
                                left = may_leave(s);
                            }
                        }
                    }
                }
                _ => children(n, &mut |c| self.node(c)),
            }
            return;
        };
        match &e.kind {
            ExprKind::If { cond, then, else_ } => {
                self.node(Node::Expr(cond));
                self.hole(then.span);
                if let Some(x) = else_ {
                    self.hole(x.span);
                }
            }
            ExprKind::IfLet {
                value, then, else_, ..
            } => {
                self.node(Node::Expr(value));
                self.hole(then.span);
                if let Some(x) = else_ {
                    self.hole(x.span);
                }
            }
            ExprKind::Match { scrutinee, arms } => {
                self.node(Node::Expr(scrutinee));
                for a in arms {
                    self.hole(a.span);
                    if let Some(g) = &a.guard {
                        self.hole(g.span);
                    }
                    self.hole(a.body.span);
                }
            }
            ExprKind::While { cond, body, .. } => {
                self.node(Node::Expr(cond));
                self.hole(body.span);
            }
            ExprKind::WhileLet { value, body, .. } => {
                self.node(Node::Expr(value));
                self.hole(body.span);
            }
            ExprKind::For { iter, body, .. } => {
                self.node(Node::Expr(iter));
                self.hole(body.span);
            }
            ExprKind::Loop { body, .. } => self.hole(body.span),
            ExprKind::TryCatch {
                body,
                catch,
                finally,
            } => {
                self.hole(body.span);
                if let Some(c) = catch {
                    self.hole(c.body.span);
                }
                if let Some(f) = finally {
                    self.node(Node::Block(f));
                }
            }
            ExprKind::Binary(BinOp::And | BinOp::Or | BinOp::Coalesce, a, b) => {
                self.node(Node::Expr(a));
                self.hole(b.span);
            }
            ExprKind::Ternary(c, a, b) => {
                self.node(Node::Expr(c));
                self.hole(a.span);
                self.hole(b.span);
            }
            ExprKind::Closure(d) => self.hole(d.span),
            ExprKind::Comprehension {
                iter, elem, cond, ..
            } => {
                self.node(Node::Expr(iter));
                self.hole(elem.span);
                if let Some(c) = cond {
                    self.hole(c.span);
                }
            }
            ExprKind::Call { callee, .. } => {
                match &callee.kind {
                    ExprKind::Ident(name) => self.call(name),
                    ExprKind::Path(p) => {
                        let full: Vec<&str> = p.iter().map(|i| i.name.as_str()).collect();
                        self.call(&full.join("::"));
                    }
                    _ => {}
                }
                children(n, &mut |c| self.node(c));
            }
            _ => children(n, &mut |c| self.node(c)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn certain_at(src: &str, needle: &str) -> bool {
        let parsed = ruchy_parser::parse(src);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let at = src.find(needle).expect("needle");
        reach(&parsed.program).certain(Span::new(at, at + needle.len()))
    }

    #[test]
    fn guarded_caught_and_uncalled_code_is_uncertain() {
        let src =
            "let x = nil\nif x != nil && x.len() > 3 { x.len() }\nlet n = x == nil ? 1 : x * 2\n\
                   try { bad() } catch (e) { e }\nfun bad() { 1 + nil }\nfun never() { 2 + nil }\n\
                   fun used() { 3 + nil }\nused()\nlet f = |v| v.len()\n4 < \"4\"\n";
        assert!(!certain_at(src, "x.len() > 3"));
        assert!(!certain_at(src, "x * 2"));
        assert!(!certain_at(src, "1 + nil"));
        assert!(!certain_at(src, "2 + nil"));
        assert!(!certain_at(src, "v.len()"));
        assert!(certain_at(src, "3 + nil"));
        assert!(certain_at(src, "4 < \"4\""));
        assert!(certain_at(src, "x != nil"));
    }

    #[test]
    fn code_after_an_early_exit_is_uncertain() {
        let src = "fun f(x) {\n    if x > 0 { return 1 }\n    1 + nil\n}\nprintln(f(1))\n\
                   fun g() { 2 + nil }\ng()\nexit(0)\nlet y = 3 + nil\n";
        assert!(!certain_at(src, "1 + nil"));
        assert!(certain_at(src, "2 + nil"));
        assert!(!certain_at(src, "3 + nil"));
    }

    #[test]
    fn module_functions_do_not_collide_with_top_level_ones() {
        let src = "mod a {\n    pub fun helper() { 1 + nil }\n    pub fun run() { helper() }\n}\n\
                   fun helper() { 2 + nil }\nhelper()\n";
        assert!(!certain_at(src, "1 + nil"));
        assert!(certain_at(src, "2 + nil"));
        let src = "mod a {\n    pub fun helper() { 1 + nil }\n    pub fun run() { helper() }\n}\n\
                   fun helper() { 2 + nil }\na::run()\n";
        assert!(certain_at(src, "1 + nil"));
        assert!(!certain_at(src, "2 + nil"));
    }

    #[test]
    fn main_runs_unless_called() {
        let src = "fun helper() { 1 + nil }\nfun main() { helper() }\n";
        assert!(certain_at(src, "1 + nil"));
        let src = "fun main() { if false { 2 + nil } }\n";
        assert!(!certain_at(src, "2 + nil"));
    }
}
