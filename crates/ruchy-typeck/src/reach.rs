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
    /// Whether code at `span` runs whenever the program does (up to an earlier failure): the
    /// innermost region around it is one that certainly runs (a function called for certain
    /// may sit inside a hole, e.g. a nested `fun` item).
    pub fn certain(&self, span: Span) -> bool {
        let inside = |s: &&Span| s.start <= span.start && span.start < s.end.max(s.start + 1);
        let len = |s: &&Span| s.end.saturating_sub(s.start);
        let root = self.roots.iter().filter(inside).map(|s| len(&s)).min();
        let hole = self.holes.iter().filter(inside).map(|s| len(&s)).min();
        match (root, hole) {
            (Some(r), Some(h)) => r < h,
            (Some(_), None) => true,
            (None, _) => false,
        }
    }
}

/// Compute the regions of `program` that certainly run.
pub fn reach(program: &Program) -> Reach {
    let mut funs = HashMap::new();
    let mut ambiguous = HashSet::new();
    collect_funs(&program.stmts, "", &mut funs, &mut ambiguous);
    // a top-level `let` may rebind a function's name (`let f = || 2`): calls of that name
    // are not certain to reach the function
    let mut global_lets = HashSet::new();
    for s in &program.stmts {
        if let Stmt::Let(l) = s {
            global_lets.extend(bound_names(Node::Pat(&l.pat)));
        }
    }
    let mut w = Walker {
        funs,
        ambiguous,
        reach: Reach::default(),
        done: HashSet::new(),
        todo: Vec::new(),
        module: String::new(),
        shadowed: global_lets.clone(),
    };
    let main_is_fun = program.stmts.iter().any(|s| {
        matches!(s, Stmt::Item(Item::Fun(d)) if d.name.as_ref().is_some_and(|n| n.name == "main"))
    });
    let mut main_called = false;
    for s in &program.stmts {
        main_called |= calls(Node::Stmt(s), "main");
        let span = match s {
            Stmt::Let(l) => l.span,
            Stmt::Expr(e) => e.span,
            Stmt::Item(_) => continue,
        };
        w.reach.roots.push(span);
        w.node(Node::Stmt(s));
        if may_leave(s) {
            // the program may end here (`exit(0)`, a `?` on an error, a `throw`)
            break;
        }
    }
    // the main rule: a top-level `fun main` runs after the top level unless the program
    // called it itself (anywhere, even inside `try`)
    if main_is_fun && !main_called {
        w.call("main");
    }
    while let Some((d, module)) = w.todo.pop() {
        w.module = module;
        w.shadowed = &global_lets | &bound_names(Node::Fun(d));
        w.reach.roots.push(d.body.span);
        w.node(Node::Expr(&d.body));
    }
    w.reach
}

fn item_span(item: &Item) -> Option<Span> {
    Some(match item {
        Item::Fun(d) => d.span,
        Item::Struct(s) => s.span,
        Item::Enum(e) => e.span,
        Item::Impl(i) => i.span,
        Item::Trait(t) => t.span,
        Item::Class(c) => c.span,
        Item::Mod(m) => m.span,
        Item::Use(_) => return None,
    })
}

/// Whether `n` calls `name` by its bare name anywhere (closures and nested functions too).
fn calls(n: Node, name: &str) -> bool {
    if let Node::Expr(Expr {
        kind: ExprKind::Call { callee, .. },
        ..
    }) = n
    {
        if matches!(&callee.kind, ExprKind::Ident(f) if f == name) {
            return true;
        }
    }
    let mut found = false;
    children(n, &mut |c| found = found || calls(c, name));
    found
}

/// Every name a parameter or pattern binds inside `n` (which may shadow a function's name).
fn bound_names(n: Node) -> HashSet<String> {
    fn go(n: Node, out: &mut HashSet<String>) {
        match n {
            Node::Pat(p) => {
                let mut ids = Vec::new();
                ruchy_parser::visit::pattern_bindings(p, &mut ids);
                out.extend(ids.into_iter().map(|i| i.name));
                return;
            }
            Node::Fun(d) => out.extend(d.params.iter().map(|p| p.name.name.clone())),
            _ => {}
        }
        children(n, &mut |c| go(c, out));
    }
    let mut out = HashSet::new();
    go(n, &mut out);
    out
}

/// A named function and the module path it is declared in (`""` or `"geo::"`).
type Funs<'a> = HashMap<String, (&'a FunDecl, String)>;

/// Named functions by their full path (`area`, `geo::area`); functions nested in function
/// bodies by their name.
/// Names defined more than once (`fun f` twice, or in two places) are `ambiguous`: a call
/// of such a name is not certain to reach any one of them.
fn collect_funs<'a>(
    stmts: &'a [Stmt],
    prefix: &str,
    out: &mut Funs<'a>,
    ambiguous: &mut HashSet<String>,
) {
    for s in stmts {
        match s {
            Stmt::Item(Item::Fun(d)) => {
                if let Some(n) = &d.name {
                    add(format!("{prefix}{}", n.name), d, prefix, out, ambiguous);
                }
                collect_nested(&d.body, prefix, out, ambiguous);
            }
            Stmt::Item(Item::Mod(m)) => {
                let inner = format!("{prefix}{}::", m.name.name);
                collect_funs(&m.items, &inner, out, ambiguous)
            }
            Stmt::Let(l) => collect_nested(&l.value, prefix, out, ambiguous),
            Stmt::Expr(e) => collect_nested(e, prefix, out, ambiguous),
            Stmt::Item(_) => {}
        }
    }
}

fn add<'a>(
    key: String,
    d: &'a FunDecl,
    prefix: &str,
    out: &mut Funs<'a>,
    ambiguous: &mut HashSet<String>,
) {
    match out.entry(key) {
        std::collections::hash_map::Entry::Occupied(e) => {
            ambiguous.insert(e.key().clone());
        }
        std::collections::hash_map::Entry::Vacant(e) => {
            e.insert((d, prefix.to_string()));
        }
    }
}

fn collect_nested<'a>(
    e: &'a Expr,
    prefix: &str,
    out: &mut Funs<'a>,
    ambiguous: &mut HashSet<String>,
) {
    fn go<'a>(n: Node<'a>, prefix: &str, out: &mut Funs<'a>, ambiguous: &mut HashSet<String>) {
        if let Node::Stmt(Stmt::Item(Item::Fun(d))) = n {
            if let Some(name) = &d.name {
                add(name.name.clone(), d, prefix, out, ambiguous);
            }
        }
        children(n, &mut |c| go(c, prefix, out, ambiguous));
    }
    go(Node::Expr(e), prefix, out, ambiguous);
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
    ambiguous: HashSet<String>,
    /// Names a parameter or `let` binds where the walk is (they may hide a function).
    shadowed: HashSet<String>,
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
        if self.shadowed.contains(name) {
            return;
        }
        let mut prefix = self.module.as_str();
        let found = loop {
            let key = format!("{prefix}{name}");
            if let Some(f) = self.funs.get(&key) {
                // a name defined twice: which one a call reaches is not certain
                break (!self.ambiguous.contains(&key)).then(|| f.clone());
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
                Node::Stmt(Stmt::Item(item)) => {
                    if let Some(span) = item_span(item) {
                        self.hole(span);
                    }
                }
                Node::Fun(d) => self.hole(d.span),
                Node::Block(b) => {
                    let mut left = false;
                    for s in &b.stmts {
                        match (left, s) {
                            (_, Stmt::Item(_)) => self.node(Node::Stmt(s)),
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
    fn calls_reaching_another_binding_are_uncertain() {
        for src in [
            "fun f() { 1 + nil }\nfun run(f) { f() }\nprintln(run(|| 4))\n",
            "fun f() { 1 + nil }\nfun run() {\n    let f = || 3\n    f()\n}\nprintln(run())\n",
            "fun f() { 1 + nil }\nlet f = || 2\nprintln(f())\n",
            "fun f() { 1 + nil }\nfun f() { 1 }\nprintln(f())\n",
            "fun main() { 1 + nil }\ntry { main() } catch (e) { println(e) }\n",
            "fun outer() {\n    fun main() { 1 + nil }\n    5\n}\nprintln(outer())\n",
            "fun main() { 1 + nil }\nlet main = 5\n",
        ] {
            assert!(!certain_at(src, "1 + nil"), "{src}");
        }
    }

    #[test]
    fn main_runs_unless_called() {
        let src = "fun helper() { 1 + nil }\nfun main() { helper() }\n";
        assert!(certain_at(src, "1 + nil"));
        let src = "fun main() { if false { 2 + nil } }\n";
        assert!(!certain_at(src, "2 + nil"));
    }
}
