//! Which code certainly runs: the top level, `main`, and the functions they call on every
//! path, minus branches, loop bodies, closures, `try` bodies and the right side of `&&`/`||`.
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
    };
    let mut main_called = false;
    for s in &program.stmts {
        match s {
            Stmt::Let(l) => {
                w.reach.roots.push(l.span);
                w.node(Node::Stmt(s));
            }
            Stmt::Expr(e) => {
                w.reach.roots.push(e.span);
                main_called |= calls_main(e);
                w.node(Node::Stmt(s));
            }
            Stmt::Item(_) => {}
        }
    }
    // the main rule: `main` runs after the top level unless the top level called it
    if !main_called {
        w.call("main");
    }
    while let Some(d) = w.todo.pop() {
        w.reach.roots.push(d.body.span);
        w.node(Node::Expr(&d.body));
    }
    w.reach
}

fn calls_main(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Call { callee, .. } if matches!(&callee.kind, ExprKind::Ident(n) if n == "main"))
}

/// Named functions at any depth, by name and by module path (`geo::area`).
fn collect_funs<'a>(stmts: &'a [Stmt], prefix: &str, out: &mut HashMap<String, &'a FunDecl>) {
    for s in stmts {
        match s {
            Stmt::Item(Item::Fun(d)) => {
                if let Some(n) = &d.name {
                    out.entry(format!("{prefix}{}", n.name)).or_insert(d);
                    out.entry(n.name.clone()).or_insert(d);
                }
                collect_nested(&d.body, out);
            }
            Stmt::Item(Item::Mod(m)) => {
                collect_funs(&m.items, &format!("{prefix}{}::", m.name.name), out)
            }
            Stmt::Let(l) => collect_nested(&l.value, out),
            Stmt::Expr(e) => collect_nested(e, out),
            Stmt::Item(_) => {}
        }
    }
}

fn collect_nested<'a>(e: &'a Expr, out: &mut HashMap<String, &'a FunDecl>) {
    fn go<'a>(n: Node<'a>, out: &mut HashMap<String, &'a FunDecl>) {
        if let Node::Stmt(Stmt::Item(Item::Fun(d))) = n {
            if let Some(name) = &d.name {
                out.entry(name.name.clone()).or_insert(d);
            }
        }
        children(n, &mut |c| go(c, out));
    }
    go(Node::Expr(e), out);
}

struct Walker<'a> {
    funs: HashMap<String, &'a FunDecl>,
    reach: Reach,
    done: HashSet<*const FunDecl>,
    todo: Vec<&'a FunDecl>,
}

impl<'a> Walker<'a> {
    fn call(&mut self, name: &str) {
        if let Some(&d) = self.funs.get(name) {
            if self.done.insert(d as *const FunDecl) {
                self.todo.push(d);
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
    fn main_runs_unless_called() {
        let src = "fun helper() { 1 + nil }\nfun main() { helper() }\n";
        assert!(certain_at(src, "1 + nil"));
        let src = "fun main() { if false { 2 + nil } }\n";
        assert!(!certain_at(src, "2 + nil"));
    }
}
