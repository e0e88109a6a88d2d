//! Generic traversal: the direct children of every node kind, in source order.

use crate::ast::*;

#[derive(Clone, Copy)]
pub enum Node<'a> {
    Expr(&'a Expr),
    Stmt(&'a Stmt),
    Pat(&'a Pattern),
    /// A function, closure or method body with its parameters.
    Fun(&'a FunDecl),
    Block(&'a Block),
}

fn fun_items<'a>(item: &'a Item, f: &mut dyn FnMut(Node<'a>)) {
    match item {
        Item::Fun(d) => f(Node::Fun(d)),
        Item::Struct(s) => {
            for fd in &s.fields {
                if let Some(d) = &fd.default {
                    f(Node::Expr(d));
                }
            }
            s.methods.iter().for_each(|m| f(Node::Fun(m)));
        }
        Item::Enum(_) | Item::Use(_) => {}
        Item::Impl(i) => i.methods.iter().for_each(|m| f(Node::Fun(m))),
        Item::Trait(t) => t
            .methods
            .iter()
            .filter(|m| !m.is_signature)
            .for_each(|m| f(Node::Fun(m))),
        Item::Class(c) => {
            for fd in &c.fields {
                if let Some(d) = &fd.default {
                    f(Node::Expr(d));
                }
            }
            c.ctor.iter().for_each(|m| f(Node::Fun(m)));
            c.methods.iter().for_each(|m| f(Node::Fun(m)));
        }
        Item::Mod(m) => m.items.iter().for_each(|s| f(Node::Stmt(s))),
    }
}

/// Call `f` on each direct child of `node`.
pub fn children<'a>(node: Node<'a>, f: &mut dyn FnMut(Node<'a>)) {
    match node {
        Node::Stmt(s) => match s {
            Stmt::Let(l) => {
                f(Node::Pat(&l.pat));
                f(Node::Expr(&l.value));
            }
            Stmt::Item(item) => fun_items(item, f),
            Stmt::Expr(e) => f(Node::Expr(e)),
        },
        Node::Block(b) => b.stmts.iter().for_each(|s| f(Node::Stmt(s))),
        Node::Fun(d) => {
            for p in &d.params {
                if let Some(pat) = &p.pattern {
                    f(Node::Pat(pat));
                }
                if let Some(def) = &p.default {
                    f(Node::Expr(def));
                }
            }
            f(Node::Expr(&d.body));
        }
        Node::Pat(p) => match &p.kind {
            PatKind::Or(ps) | PatKind::Tuple(ps) => ps.iter().for_each(|p| f(Node::Pat(p))),
            PatKind::At(_, inner) => f(Node::Pat(inner)),
            PatKind::Array { before, after, .. } => before
                .iter()
                .chain(after.iter())
                .for_each(|p| f(Node::Pat(p))),
            PatKind::Struct { fields, .. } => fields.iter().for_each(|(_, p)| f(Node::Pat(p))),
            PatKind::Variant {
                args: Some(args), ..
            } => args.iter().for_each(|p| f(Node::Pat(p))),
            _ => {}
        },
        Node::Expr(e) => expr_children(e, f),
    }
}

fn expr_children<'a>(e: &'a Expr, f: &mut dyn FnMut(Node<'a>)) {
    let mut ex = |x: &'a Expr| f(Node::Expr(x));
    match &e.kind {
        ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Str(_)
        | ExprKind::Bool(_)
        | ExprKind::Nil
        | ExprKind::Ident(_)
        | ExprKind::SelfValue
        | ExprKind::Path(_)
        | ExprKind::Continue { .. }
        | ExprKind::Error => {}
        ExprKind::FString(parts) => {
            for p in parts {
                if let FStrPart::Expr { expr, .. } = p {
                    ex(expr);
                }
            }
        }
        ExprKind::Array(items) | ExprKind::Tuple(items) => items.iter().for_each(ex),
        ExprKind::ArrayRepeat(a, b)
        | ExprKind::Binary(_, a, b)
        | ExprKind::Index(a, b)
        | ExprKind::Pipe(a, b) => {
            ex(a);
            ex(b);
        }
        ExprKind::Range { start, end, .. } => {
            ex(start);
            ex(end);
        }
        ExprKind::Comprehension {
            elem,
            pat,
            iter,
            cond,
        } => {
            f(Node::Expr(iter));
            f(Node::Pat(pat));
            if let Some(c) = cond {
                f(Node::Expr(c));
            }
            f(Node::Expr(elem));
        }
        ExprKind::Map(entries) => entries.iter().for_each(|(_, v)| ex(v)),
        ExprKind::StructLit { fields, .. } => fields.iter().for_each(|(_, v)| ex(v)),
        ExprKind::DataFrame(cols) => cols.iter().for_each(|(a, b)| {
            ex(a);
            ex(b);
        }),
        ExprKind::Unary(_, x) | ExprKind::Cast(x, _) | ExprKind::Try(x) | ExprKind::Throw(x) => {
            ex(x)
        }
        ExprKind::Field(x, _) | ExprKind::TupleIndex(x, _, _) => ex(x),
        ExprKind::Assign { target, value, .. } => {
            ex(target);
            ex(value);
        }
        ExprKind::Call { callee, args } => {
            ex(callee);
            args.iter().for_each(|a| ex(&a.value));
        }
        ExprKind::MethodCall { recv, args, .. } => {
            ex(recv);
            args.iter().for_each(|a| ex(&a.value));
        }
        ExprKind::Slice {
            recv, start, end, ..
        } => {
            ex(recv);
            if let Some(s) = start {
                ex(s);
            }
            if let Some(s) = end {
                ex(s);
            }
        }
        ExprKind::Ternary(a, b, c) => {
            ex(a);
            ex(b);
            ex(c);
        }
        ExprKind::Closure(d) => f(Node::Fun(d)),
        ExprKind::Block(b) => f(Node::Block(b)),
        ExprKind::If { cond, then, else_ } => {
            f(Node::Expr(cond));
            f(Node::Block(then));
            if let Some(e) = else_ {
                f(Node::Expr(e));
            }
        }
        ExprKind::IfLet {
            pat,
            value,
            then,
            else_,
        } => {
            f(Node::Expr(value));
            f(Node::Pat(pat));
            f(Node::Block(then));
            if let Some(e) = else_ {
                f(Node::Expr(e));
            }
        }
        ExprKind::Match { scrutinee, arms } => {
            f(Node::Expr(scrutinee));
            for arm in arms {
                f(Node::Pat(&arm.pat));
                if let Some(g) = &arm.guard {
                    f(Node::Expr(g));
                }
                f(Node::Expr(&arm.body));
            }
        }
        ExprKind::While { cond, body, .. } => {
            f(Node::Expr(cond));
            f(Node::Block(body));
        }
        ExprKind::WhileLet {
            pat, value, body, ..
        } => {
            f(Node::Expr(value));
            f(Node::Pat(pat));
            f(Node::Block(body));
        }
        ExprKind::For {
            pat, iter, body, ..
        } => {
            f(Node::Expr(iter));
            f(Node::Pat(pat));
            f(Node::Block(body));
        }
        ExprKind::Loop { body, .. } => f(Node::Block(body)),
        ExprKind::Break { value, .. } | ExprKind::Return(value) => {
            if let Some(v) = value {
                ex(v);
            }
        }
        ExprKind::TryCatch {
            body,
            catch,
            finally,
        } => {
            f(Node::Block(body));
            if let Some(c) = catch {
                if let Some(p) = &c.binding {
                    f(Node::Pat(p));
                }
                f(Node::Block(&c.body));
            }
            if let Some(b) = finally {
                f(Node::Block(b));
            }
        }
    }
}

/// Names bound by a pattern, in order.
pub fn pattern_bindings(p: &Pattern, out: &mut Vec<Ident>) {
    match &p.kind {
        PatKind::Bind(id) => out.push(id.clone()),
        PatKind::At(id, inner) => {
            out.push(id.clone());
            pattern_bindings(inner, out);
        }
        PatKind::Or(alts) => {
            if let Some(first) = alts.first() {
                pattern_bindings(first, out);
            }
        }
        PatKind::Array {
            before,
            rest,
            after,
        } => {
            before.iter().for_each(|p| pattern_bindings(p, out));
            if let Some(Some(id)) = rest {
                out.push(id.clone());
            }
            after.iter().for_each(|p| pattern_bindings(p, out));
        }
        _ => children(Node::Pat(p), &mut |n| {
            if let Node::Pat(q) = n {
                pattern_bindings(q, out)
            }
        }),
    }
}
