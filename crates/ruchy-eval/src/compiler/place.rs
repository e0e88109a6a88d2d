//! Places (a variable plus a chain of fields and indexes): assignment targets and the
//! receivers that `&mut self` methods and `push`/`insert` write back into.

use super::expr::writes_dst_last;
use super::{Compiler, Var};
use crate::bytecode::*;
use ruchy_parser::ast::*;
use ruchy_parser::visit::{children, Node};

enum Step<'a> {
    Field(&'a str),
    Elem(u32),
    Index(&'a Expr),
}

impl<'e> Compiler<'e> {
    /// Describe `e` as a place, compiling its index expressions into registers.
    pub(crate) fn place_site(&mut self, e: &Expr) -> Option<PlaceSite> {
        let mut steps = Vec::new();
        let mut cur = e;
        let root_name = loop {
            match &cur.kind {
                ExprKind::Ident(name) => break name.as_str(),
                ExprKind::SelfValue => break "self",
                ExprKind::Field(inner, name) => {
                    steps.push(Step::Field(&name.name));
                    cur = inner;
                }
                ExprKind::TupleIndex(inner, i, _) => {
                    steps.push(Step::Elem(*i));
                    cur = inner;
                }
                ExprKind::Index(inner, idx) => {
                    steps.push(Step::Index(idx));
                    cur = inner;
                }
                _ => return None,
            }
        };
        if root_name == "None" && !self.is_local_name("None") {
            return None;
        }
        if let Some(Step::Field(member)) = steps.last() {
            if let ExprKind::Ident(m) = &cur.kind {
                if !self.is_local_name(m) && self.env.modules.contains_key(m.as_str()) {
                    let _ = member;
                    return None;
                }
            }
        }
        let name = self.sym(root_name);
        let root = match self.resolve(root_name) {
            Var::Local(r) => Root::Local(r),
            Var::Cell(r) => Root::Cell(r),
            Var::Upval(u) => Root::Upval(u),
            Var::Global(g) => Root::Global(g),
        };
        let mut path = Vec::new();
        for step in steps.into_iter().rev() {
            path.push(match step {
                Step::Field(f) => PathElem::Field(self.sym(f)),
                Step::Elem(i) => PathElem::Elem(i),
                Step::Index(idx) => PathElem::Index(self.expr_reg(idx)),
            });
        }
        Some(PlaceSite {
            root,
            path,
            op: None,
            name,
        })
    }

    pub(crate) fn assign(
        &mut self,
        target: &Expr,
        op: Option<BinOp>,
        value: &Expr,
        dst: Option<Reg>,
    ) {
        if let (ExprKind::Tuple(items), None) = (&target.kind, op) {
            return self.assign_tuple(items, value, dst, target.span);
        }
        let mark = self.top();
        match &target.kind {
            ExprKind::Ident(_) | ExprKind::SelfValue => {
                let name = match &target.kind {
                    ExprKind::Ident(n) => n.as_str(),
                    _ => "self",
                };
                let var = self.resolve(name);
                let shadow = match var {
                    Var::Global(g) => self.shadow_slots(name, g).map(|s| (g, s)),
                    _ => None,
                };
                match (var, op) {
                    // a top-level closure assigning the binding it captured (`shadow.rs`)
                    (_, op) if shadow.is_some() => {
                        let Some((g, slots)) = shadow else { return };
                        let t = self.alloc();
                        match op {
                            Some(o) => {
                                self.shadow_load(g, slots, t);
                                self.compound(o, t, t, value);
                            }
                            None => self.expr(value, t),
                        }
                        if let Some(d) = dst {
                            self.emit(Op::Move(d, t));
                        }
                        self.shadow_store(g, slots, t);
                    }
                    (Var::Local(r), None) => {
                        // `x = f(.., x, ..)` or `x = x.m(..)` with no other use of `x` in the
                        // value: the argument (receiver) takes the value instead of copying
                        // it, so `f` can update it in place (value semantics without a copy
                        // per call). Only for a direct operand of the call, in a value that
                        // cannot leave early, outside `try` bodies: a failing or skipped
                        // call must leave `x` as it was.
                        let is_x = |e: &Expr| matches!(&e.kind, ExprKind::Ident(n) if n == name);
                        if self.f().tries.is_empty()
                            && direct_operand(value, &is_x)
                            && uses_of(value, name) == 1
                            && !leaves_early(value)
                        {
                            self.move_arg = Some((self.fns.len(), r));
                        }
                        if writes_dst_last(value) {
                            self.expr(value, r);
                        } else {
                            let t = self.alloc();
                            self.expr(value, t);
                            self.emit(Op::Take(r, t));
                        }
                        self.move_arg = None;
                        if let Some(d) = dst {
                            if d != r {
                                self.emit(Op::Move(d, r));
                            }
                        }
                    }
                    (Var::Local(r), Some(o)) if may_write(value, name, &self.user_names) => {
                        // read first (§5.3: read, operate, write): `y += { y = 10; 1 }`
                        let t = self.alloc();
                        self.emit(Op::Move(t, r));
                        self.compound(o, r, t, value);
                        self.emit(Op::Nil(t));
                        if let Some(d) = dst {
                            self.emit(Op::Move(d, r));
                        }
                    }
                    (Var::Local(r), Some(o)) => {
                        self.compound(o, r, r, value);
                        if let Some(d) = dst {
                            self.emit(Op::Move(d, r));
                        }
                    }
                    (Var::Global(g), op) if Self::is_self_append(name, op, value) => {
                        let r = self.expr_reg(Self::appended(op, value));
                        self.emit(Op::AddGlobal(g, r));
                        if let Some(d) = dst {
                            self.emit(Op::GetGlobal(d, g));
                        }
                    }
                    // `s += x` / `s = s + x` on a captured variable: in place in its cell
                    (var @ (Var::Cell(_) | Var::Upval(_)), op)
                        if Self::is_self_append(name, op, value) =>
                    {
                        let r = self.expr_reg(Self::appended(op, value));
                        if let Var::Cell(c) = var {
                            self.emit(Op::AddCell(c, r));
                        } else if let Var::Upval(u) = var {
                            self.emit(Op::AddUpval(u, r));
                        }
                        if let Some(d) = dst {
                            self.load_var(var, d);
                        }
                    }
                    // `s += f(x)` on a global: read first, as §5.3 says, and append in place
                    // if the global still holds that same value, unshared, afterwards
                    (Var::Global(g), op)
                        if u16::try_from(g).is_ok() && Self::is_append_form(name, op, value) =>
                    {
                        let t = self.alloc();
                        self.emit(Op::GetGlobal(t, g));
                        let rb = self.expr_reg(Self::appended(op, value));
                        // (an error of `x = x + e` points at `x + e`, as the addition's own)
                        let saved = self.cur_span;
                        if op.is_none() {
                            self.cur_span = value.span;
                        }
                        self.emit(Op::AddGlobalHeld(g as u16, t, rb));
                        self.cur_span = saved;
                        if let Some(d) = dst {
                            self.emit(Op::GetGlobal(d, g));
                        }
                    }
                    (var, op) => {
                        let t = self.alloc();
                        match op {
                            Some(o) => {
                                self.load_var(var, t);
                                self.compound(o, t, t, value);
                            }
                            None => self.expr(value, t),
                        }
                        if let Some(d) = dst {
                            self.emit(Op::Move(d, t));
                        }
                        self.store_var(var, t);
                    }
                }
            }
            _ => {
                let Some(mut site) = self.place_site(target) else {
                    self.fail("Invalid assignment target");
                    self.free_to(mark);
                    return;
                };
                let src = self.alloc();
                // `s.f = g(.., s.f, ..)` on a variable, with no other use of `s` in the value:
                // the argument takes the field's value instead of copying it, on the
                // conditions of `x = f(x)` above. Not for `self`: a `&mut self` frame writes
                // it back, also when unwound, and its receiver may be read meanwhile.
                if op.is_none()
                    && matches!(value.kind, ExprKind::Call { .. })
                    && self.f().tries.is_empty()
                    && matches!(site.root, Root::Local(_))
                    && site.path.iter().all(|p| matches!(p, PathElem::Field(_)))
                    && root_uses(target, value) == Some(1)
                    && direct_operand(value, &|e| same_path(target, e))
                    && !leaves_early(value)
                {
                    self.move_path = Some((self.fns.len(), target.clone()));
                }
                self.expr(value, src);
                self.move_path = None;
                site.op = op;
                self.cur_span = target.span;
                if let (Some(d), None) = (dst, op) {
                    self.emit(Op::Move(d, src));
                }
                match (&site.root, site.path.as_slice(), op) {
                    (Root::Local(obj), [PathElem::Index(i)], None) => {
                        self.emit(Op::SetIndex(*obj, *i, src));
                    }
                    (Root::Local(obj), [PathElem::Field(f)], None) => {
                        let s = self.field_site(*f);
                        self.emit(Op::SetField(*obj, s, src));
                    }
                    _ => {
                        let idx = self.proto().place_sites.len() as u32;
                        self.proto().place_sites.push(site);
                        self.emit(Op::SetPath(idx, src));
                    }
                }
                if let (Some(d), Some(_)) = (dst, op) {
                    self.expr(target, d);
                }
            }
        }
        self.free_to(mark);
    }

    /// `(a, b) = value`: each place gets the element at its position (`_` skips one).
    fn assign_tuple(
        &mut self,
        items: &[Expr],
        value: &Expr,
        dst: Option<Reg>,
        span: ruchy_parser::span::Span,
    ) {
        const HIDDEN: &str = "(assigned tuple)";
        let mark = self.scope_mark();
        let t = self.alloc();
        self.expr(value, t);
        self.add_local(HIDDEN, t);
        for (i, item) in items.iter().enumerate() {
            if matches!(&item.kind, ExprKind::Ident(n) if n == "_") {
                continue;
            }
            let whole = Expr::new(ExprKind::Ident(HIDDEN.to_string()), span);
            let index = Expr::new(ExprKind::Int(i as i64), span);
            let elem = Expr::new(ExprKind::Index(Box::new(whole), Box::new(index)), span);
            self.assign(item, None, &elem, None);
        }
        if let Some(d) = dst {
            self.emit(Op::Move(d, t));
        }
        self.end_scope(mark);
    }

    /// What `name += e` or `name = name + e` appends: `e`.
    fn appended(op: Option<BinOp>, value: &Expr) -> &Expr {
        match (op, &value.kind) {
            (None, ExprKind::Binary(_, _, rhs)) => rhs,
            _ => value,
        }
    }

    /// `name += e` or `name = name + e`, where `e` runs no code that could change `name`
    /// (so appending after evaluating `e` reads `name` as "read, operate, write" would).
    fn is_self_append(name: &str, op: Option<BinOp>, value: &Expr) -> bool {
        runs_no_code(Self::appended(op, value)) && Self::is_append_form(name, op, value)
    }

    /// `name += e` or `name = name + e`.
    fn is_append_form(name: &str, op: Option<BinOp>, value: &Expr) -> bool {
        match (op, &value.kind) {
            (Some(BinOp::Add), _) => true,
            (None, ExprKind::Binary(BinOp::Add, lhs, _)) => {
                matches!(&lhs.kind, ExprKind::Ident(n) if n == name)
            }
            _ => false,
        }
    }

    /// `dst = a OP value`, with the immediate form for `+= n` / `-= n`.
    fn compound(&mut self, op: BinOp, dst: Reg, a: Reg, value: &Expr) {
        // (`x -= 0` stays a subtraction: AddI's sign tells its slow path add from subtract)
        if let (BinOp::Add | BinOp::Sub, ExprKind::Int(n)) = (op, &value.kind) {
            let imm = if op == BinOp::Add { *n } else { -*n };
            if let Some(i) = imm24(imm).filter(|&i| op == BinOp::Add || i != 0) {
                self.emit(Op::AddI(dst, a, i));
                return;
            }
        }
        let m = self.top();
        let rb = self.expr_reg(value);
        self.emit_binop(op, dst, a, rb);
        self.free_to(m);
    }
}

/// Whether two places are the same variable with the same chain of fields (the places a
/// move takes: no `self`, no indexes).
pub(crate) fn same_path(a: &Expr, b: &Expr) -> bool {
    match (&a.kind, &b.kind) {
        (ExprKind::Ident(x), ExprKind::Ident(y)) => x == y,
        (ExprKind::Field(a, x), ExprKind::Field(b, y)) => x.name == y.name && same_path(a, b),
        _ => false,
    }
}

/// Whether `value` is a call with an argument (or a method call with a receiver or an
/// argument) of which `is` holds: the operand a move takes is evaluated exactly once, right
/// before the call.
fn direct_operand(value: &Expr, is: &dyn Fn(&Expr) -> bool) -> bool {
    match &value.kind {
        ExprKind::Call { args, .. } => args.iter().any(|a| is(&a.value)),
        ExprKind::MethodCall { recv, args, .. } => is(recv) || args.iter().any(|a| is(&a.value)),
        _ => false,
    }
}

/// Whether evaluating `e` may leave it without finishing (`break`, `continue`, `return`,
/// `?`), which would skip the assignment that refills a moved value. Closures and nested
/// functions are not entered.
fn leaves_early(e: &Expr) -> bool {
    fn walk(node: Node, found: &mut bool) {
        match node {
            Node::Fun(_) => return,
            Node::Expr(e) => match &e.kind {
                ExprKind::Closure(_) => return,
                ExprKind::Break { .. }
                | ExprKind::Continue { .. }
                | ExprKind::Return(_)
                | ExprKind::Try(_) => {
                    *found = true;
                    return;
                }
                _ => {}
            },
            _ => {}
        }
        children(node, &mut |c| walk(c, found));
    }
    let mut found = false;
    walk(Node::Expr(e), &mut found);
    found
}

/// How often `value` mentions the variable at the root of the field chain `target`
/// (`None`: the chain is not rooted at a variable, e.g. at `self`).
fn root_uses(target: &Expr, value: &Expr) -> Option<usize> {
    let mut root = target;
    while let ExprKind::Field(inner, _) = &root.kind {
        root = inner;
    }
    match &root.kind {
        ExprKind::Ident(name) => Some(uses_of(value, name)),
        _ => None,
    }
}

/// How many times `name` is mentioned in `e` (anywhere, nested functions included).
pub(crate) fn uses_of(e: &Expr, name: &str) -> usize {
    fn walk(node: Node, name: &str, n: &mut usize) {
        if let Node::Expr(Expr {
            kind: ExprKind::Ident(id),
            ..
        }) = node
        {
            if id == name {
                *n += 1;
            }
        }
        children(node, &mut |c| walk(c, name, n));
    }
    let mut n = 0;
    walk(Node::Expr(e), name, &mut n);
    n
}

/// Whether the place `e` is the variable `name` or reached from it (`name.f[i].g`; `self`
/// for `self`), or a tuple or array of places one of which is (`(a, b) = …`).
pub(crate) fn rooted_at(e: &Expr, name: &str) -> bool {
    match &e.kind {
        ExprKind::Ident(n) => n == name,
        ExprKind::SelfValue => name == "self",
        ExprKind::Field(inner, _)
        | ExprKind::TupleIndex(inner, _, _)
        | ExprKind::Index(inner, _) => rooted_at(inner, name),
        ExprKind::Tuple(items) | ExprKind::Array(items) => items.iter().any(|i| rooted_at(i, name)),
        _ => false,
    }
}

/// Whether evaluating `e` may assign the local `name` (`self` for `self`) or call a method
/// on it that may change it: then an operand read of `name` before `e` must copy it first
/// (`y + { y = 10; 1 }` adds the old `y`). `user`: the program's function and method names.
pub(crate) fn may_write(e: &Expr, name: &str, user: &super::throws::Declared) -> bool {
    fn walk(node: Node<'_>, name: &str, user: &super::throws::Declared, hit: &mut bool) {
        if *hit {
            return;
        }
        if let Node::Expr(e) = node {
            *hit = match &e.kind {
                ExprKind::Assign { target, .. } => rooted_at(target, name),
                ExprKind::MethodCall { recv, method, .. } => {
                    rooted_at(recv, name) && !super::throws::reads_only(&method.name, user)
                }
                _ => false,
            };
        }
        children(node, &mut |c| walk(c, name, user, hit));
    }
    if runs_no_code(e) {
        return false;
    }
    let mut hit = false;
    walk(Node::Expr(e), name, user, &mut hit);
    hit
}

/// Whether evaluating `e` calls no function (so it cannot assign any variable): literals,
/// names, and operators, fields, indexes, arrays and tuples of such.
fn runs_no_code(e: &Expr) -> bool {
    let simple = matches!(
        e.kind,
        ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::Nil
            | ExprKind::Ident(_)
            | ExprKind::SelfValue
            | ExprKind::Unary(..)
            | ExprKind::Field(..)
            | ExprKind::TupleIndex(..)
            | ExprKind::Binary(..)
            | ExprKind::Index(..)
            | ExprKind::Array(_)
            | ExprKind::Tuple(_)
    );
    let mut all = simple;
    if simple {
        children(Node::Expr(e), &mut |c| {
            all &= matches!(c, Node::Expr(x) if runs_no_code(x));
        });
    }
    all
}
