//! Expressions: literals, names, operators, collections, closures and f-strings.

use super::{Compiler, Var};
use crate::bytecode::*;
use crate::env::TypeDef;
use crate::value::Value;
use ruchy_parser::ast::*;
use std::rc::Rc;

/// Expressions that write their destination only at the very end, so a variable's own
/// register can be the destination of an assignment to it.
pub(crate) fn writes_dst_last(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Binary(op, _, _) => !matches!(op, BinOp::And | BinOp::Or | BinOp::Coalesce),
        ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Str(_)
        | ExprKind::Bool(_)
        | ExprKind::Nil
        | ExprKind::Ident(_)
        | ExprKind::Unary(..)
        | ExprKind::Call { .. }
        | ExprKind::MethodCall { .. }
        | ExprKind::Index(..)
        | ExprKind::Field(..)
        | ExprKind::TupleIndex(..)
        | ExprKind::Array(_)
        | ExprKind::Tuple(_)
        | ExprKind::FString(_)
        | ExprKind::Closure(_) => true,
        _ => false,
    }
}

const CHUNK: usize = 200;

impl<'e> Compiler<'e> {
    /// Compile `e` for its side effects.
    pub(crate) fn expr_effect(&mut self, e: &Expr) {
        let mark = self.top();
        if let ExprKind::Assign { target, op, value } = &e.kind {
            let saved = self.cur_span;
            self.cur_span = e.span;
            self.assign(target, *op, value, None);
            self.cur_span = saved;
            return;
        }
        match &e.kind {
            ExprKind::If { .. } => {
                self.if_chain(e, None);
                return;
            }
            ExprKind::Block(b) => {
                self.block(b, None);
                return;
            }
            ExprKind::Match { scrutinee, arms } => {
                let saved = self.cur_span;
                self.cur_span = e.span;
                self.match_into(scrutinee, arms, None);
                self.cur_span = saved;
                return;
            }
            _ => {}
        }
        let t = self.alloc();
        self.expr(e, t);
        // drop a discarded result now, so it does not keep a value shared (a method ending
        // in `self.items = …` returns the array; the next call would copy it to change it).
        // Builtin methods are left out (`push` gives nil, `pop` an unshared element), unless
        // a user type has a method of that name.
        let discard = match &e.kind {
            ExprKind::Call { .. } | ExprKind::Pipe(..) => true,
            ExprKind::MethodCall { method, .. } => {
                crate::builtins::method_id(&method.name) == crate::builtins::NO_METHOD
                    || self.user_method_named(&method.name)
            }
            _ => false,
        };
        if discard {
            self.emit(Op::Nil(t));
        }
        self.free_to(mark);
    }

    /// A register holding the value of `e`: a local's own register when `e` names one.
    pub(crate) fn expr_reg(&mut self, e: &Expr) -> Reg {
        if let ExprKind::Ident(name) = &e.kind {
            if let Var::Local(r) = self.resolve(name) {
                return r;
            }
        }
        if let ExprKind::SelfValue = &e.kind {
            if let Var::Local(r) = self.resolve("self") {
                return r;
            }
        }
        let t = self.alloc();
        self.expr(e, t);
        t
    }

    /// `expr_reg(a)` for an operand evaluated before `later`: a local that `later` may
    /// assign is copied first, so the operand keeps the value it had when read.
    /// Also says whether it made a copy.
    pub(crate) fn operand_reg(&mut self, a: &Expr, later: &Expr) -> (Reg, bool) {
        let name = match &a.kind {
            ExprKind::Ident(n) => n.as_str(),
            ExprKind::SelfValue => "self",
            _ => return (self.expr_reg(a), false),
        };
        let r = self.expr_reg(a);
        if super::place::may_write(later, name, &self.user_names) && self.is_local_reg(r) {
            let t = self.alloc();
            self.emit(Op::Move(t, r));
            return (t, true);
        }
        (r, false)
    }

    /// The register of `v` and the name `a` when `e` is `v.a` with `v` a plain local
    /// variable or `self`.
    fn field_of_local_field<'x>(&mut self, e: &'x Expr) -> Option<(Reg, &'x str)> {
        let ExprKind::Field(inner, field) = &e.kind else {
            return None;
        };
        let name = match &inner.kind {
            ExprKind::Ident(n) => n.as_str(),
            ExprKind::SelfValue => "self",
            _ => return None,
        };
        match self.resolve(name) {
            Var::Local(r) => Some((r, &field.name)),
            _ => None,
        }
    }

    /// When `e[idx]` is `v[i][idx]` with `v` a plain local variable: `v`'s register, the
    /// first index, and the second as a register plus an offset that `GetIndex2` adds after
    /// reading the row (so errors come in the order of two separate reads). The second index
    /// must be a literal, a plain local, or a local `+`/`-` a literal, which cannot change
    /// `v`.
    fn index_of_local_index<'x>(
        &mut self,
        e: &'x Expr,
        idx: &Expr,
    ) -> Option<(Reg, &'x Expr, Second)> {
        let ExprKind::Index(inner, first) = &e.kind else {
            return None;
        };
        let ExprKind::Ident(name) = &inner.kind else {
            return None;
        };
        let plain_local = |c: &Compiler, e: &Expr| match &e.kind {
            ExprKind::Ident(n) => match c.find_local(c.fns.len() - 1, n) {
                Some((r, false)) => Some(r),
                _ => None,
            },
            _ => None,
        };
        let second = match &idx.kind {
            ExprKind::Int(n) => Second::Lit(*n),
            ExprKind::Ident(_) => Second::Reg(plain_local(self, idx)?, 0),
            ExprKind::Binary(op @ (BinOp::Add | BinOp::Sub), a, b) => {
                let ExprKind::Int(n) = b.kind else {
                    return None;
                };
                // (`j - 0` stays a subtraction, whose errors differ from an addition's)
                let off = match op {
                    BinOp::Add => i32::try_from(n).ok()?,
                    _ => i32::try_from(-n).ok().filter(|&o| o != 0)?,
                };
                Second::Reg(plain_local(self, a)?, off)
            }
            _ => return None,
        };
        match self.resolve(name) {
            Var::Local(r) => Some((r, first, second)),
            _ => None,
        }
    }

    fn load_int(&mut self, n: i64, dst: Reg) {
        match i32::try_from(n) {
            Ok(i) => {
                self.emit(Op::Int(dst, i));
            }
            Err(_) => {
                let k = self.konst(Value::Int(n));
                self.emit(Op::Const(dst, k));
            }
        }
    }

    pub(crate) fn load_const(&mut self, v: Value, dst: Reg) {
        let k = self.konst(v);
        self.emit(Op::Const(dst, k));
    }

    pub(crate) fn expr(&mut self, e: &Expr, dst: Reg) {
        let saved = self.cur_span;
        self.cur_span = e.span;
        self.expr_inner(e, dst);
        self.cur_span = saved;
    }

    fn expr_inner(&mut self, e: &Expr, dst: Reg) {
        match &e.kind {
            ExprKind::Int(n) => self.load_int(*n, dst),
            ExprKind::Float(f) => self.load_const(Value::Float(*f), dst),
            ExprKind::Str(s) => self.load_const(Value::str(s), dst),
            ExprKind::Bool(true) => {
                self.emit(Op::True(dst));
            }
            ExprKind::Bool(false) => {
                self.emit(Op::False(dst));
            }
            ExprKind::Nil => {
                self.emit(Op::Nil(dst));
            }
            ExprKind::FString(parts) => self.fstring(parts, dst),
            ExprKind::Ident(name) => self.ident(name, dst),
            ExprKind::SelfValue => {
                let v = self.resolve("self");
                self.load_var(v, dst);
            }
            ExprKind::Path(path) => self.path_value(path, dst),
            ExprKind::Array(items) => self.array(items, dst),
            ExprKind::ArrayRepeat(v, n) => {
                let mark = self.top();
                let rv = self.expr_reg(v);
                let rn = self.expr_reg(n);
                self.emit(Op::ArrayRepeat(dst, rv, rn));
                self.free_to(mark);
            }
            ExprKind::Comprehension {
                elem,
                pat,
                iter,
                cond,
            } => self.comprehension(elem, pat, iter, cond.as_deref(), dst),
            ExprKind::Tuple(items) => {
                let base = self.top();
                for it in items {
                    let r = self.alloc();
                    self.expr(it, r);
                }
                self.emit(Op::NewTuple(dst, base, items.len() as u16));
                self.free_to(base);
            }
            ExprKind::Map(entries) => {
                let base = self.top();
                for (k, v) in entries {
                    let rk = self.alloc();
                    match k {
                        MapKey::Str(s) => self.load_const(Value::str(s), rk),
                        MapKey::Int(n) => self.load_int(*n, rk),
                    }
                    let rv = self.alloc();
                    self.expr(v, rv);
                }
                self.emit(Op::NewMap(dst, base, entries.len() as u16));
                self.free_to(base);
            }
            ExprKind::StructLit { path, fields } => self.struct_lit(path, fields, dst),
            ExprKind::DataFrame(cols) => {
                let base = self.top();
                for (n, v) in cols {
                    let rn = self.alloc();
                    self.expr(n, rn);
                    let rv = self.alloc();
                    self.expr(v, rv);
                }
                self.emit(Op::NewDataFrame(dst, base, cols.len() as u16));
                self.free_to(base);
            }
            ExprKind::Unary(op, x) => self.unary(*op, x, dst),
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, dst),
            ExprKind::Assign { target, op, value } => self.assign(target, *op, value, Some(dst)),
            ExprKind::Call { callee, args } => self.call(callee, args, dst, None),
            ExprKind::MethodCall { recv, method, args } => {
                self.method_call(recv, method, args, dst, None)
            }
            ExprKind::Field(recv, name) => {
                if let Some(global) = self.module_member(recv, &name.name) {
                    self.emit(Op::GetGlobal(dst, global));
                    return;
                }
                let mark = self.top();
                if let Some((r, inner)) = self.field_of_local_field(recv) {
                    // `v.a.b` on a variable: one instruction, `v.a` is not copied out
                    let inner = self.sym(inner);
                    let sym = self.sym(&name.name);
                    let site = self.field_site(inner);
                    self.field_site(sym);
                    self.emit(Op::GetFields(dst, r, site));
                    return;
                }
                let r = self.expr_reg(recv);
                let sym = self.sym(&name.name);
                let site = self.field_site(sym);
                self.emit(Op::GetField(dst, r, site, r >= mark && r != dst));
                self.free_to(mark);
            }
            ExprKind::TupleIndex(recv, i, _) => {
                let mark = self.top();
                let r = self.expr_reg(recv);
                let i = (*i).min(i16::MAX as u32) as i16;
                self.emit(Op::GetElem(dst, r, i, r >= mark && r != dst));
                self.free_to(mark);
            }
            ExprKind::Index(recv, idx) => {
                let mark = self.top();
                if let Some((r, first, second)) = self.index_of_local_index(recv, idx) {
                    // `v[i][j]` on a variable: one instruction, the row is not copied out
                    let ri = self.expr_reg(first);
                    let (rj, off) = match second {
                        Second::Reg(rj, off) => (rj, off),
                        Second::Lit(n) => {
                            let t = self.alloc();
                            self.load_int(n, t);
                            (t, 0)
                        }
                    };
                    let site = self.proto().index_pairs.len() as u32;
                    self.proto().index_pairs.push((ri, rj, off));
                    self.emit(Op::GetIndex2(dst, r, site));
                    self.free_to(mark);
                    return;
                }
                // (a copy, when the index may assign the variable, is taken by the op)
                let (r, _) = self.operand_reg(recv, idx);
                let ri = self.expr_reg(idx);
                self.emit(Op::GetIndex(dst, r, ri, r >= mark && r != dst));
                self.free_to(mark);
            }
            ExprKind::Slice {
                recv,
                start,
                end,
                inclusive,
            } => {
                let mark = self.top();
                let r = self.expr_reg(recv);
                let start = start.as_ref().map(|s| self.expr_reg(s));
                let end = end.as_ref().map(|s| self.expr_reg(s));
                let site = self.proto().slices.len() as u32;
                self.proto().slices.push(SliceSpec {
                    start,
                    end,
                    inclusive: *inclusive,
                });
                self.emit(Op::Slice(dst, r, site));
                self.free_to(mark);
            }
            ExprKind::Range {
                start,
                end,
                inclusive,
            } => {
                let mark = self.top();
                let a = self.expr_reg(start);
                let b = self.expr_reg(end);
                self.emit(Op::Range(dst, a, b, *inclusive));
                self.free_to(mark);
            }
            ExprKind::Pipe(lhs, rhs) => self.pipe(lhs, rhs, dst),
            ExprKind::Ternary(c, a, b) => self.ternary(c, a, b, dst),
            ExprKind::Cast(x, ty) => {
                let mark = self.top();
                let r = self.expr_reg(x);
                let kind = self.cast_kind(ty);
                let site = self.proto().casts.len() as u32;
                let name: Rc<str> = type_text(ty).into();
                self.proto().casts.push((kind, name));
                self.emit(Op::Cast(dst, r, site));
                self.free_to(mark);
            }
            ExprKind::Try(x) => {
                let mark = self.top();
                let r = self.expr_reg(x);
                if self.f().tries.iter().any(|t| t.finally.is_some()) {
                    // (the `finally` blocks are compiled in line: run them, then return)
                    let fail = self.emit(Op::TryOrJump(dst, r, 0));
                    let done = self.emit(Op::Jump(0));
                    self.patch(fail);
                    self.unwind_tries(0);
                    self.emit(Op::Return(dst));
                    self.patch(done);
                } else {
                    self.emit(Op::TryUnwrap(dst, r));
                }
                self.free_to(mark);
            }
            ExprKind::Closure(d) => {
                let proto = self.compile_fun(d, "<closure>", None);
                let idx = self.proto().protos.len() as u32;
                self.proto().protos.push(Rc::new(proto));
                self.emit(Op::Closure(dst, idx));
            }
            ExprKind::Block(b) => {
                let mark = self.scope_mark();
                self.stmts(&b.stmts, Some(dst), false);
                self.end_scope(mark);
            }
            ExprKind::If { .. } => self.if_chain(e, Some(dst)),
            ExprKind::IfLet {
                pat,
                value,
                then,
                else_,
            } => self.if_let(pat, value, then, else_.as_deref(), dst),
            ExprKind::Match { scrutinee, arms } => self.match_expr(scrutinee, arms, dst),
            ExprKind::While { label, cond, body } => self.while_loop(label, cond, body, dst),
            ExprKind::WhileLet {
                label,
                pat,
                value,
                body,
            } => self.while_let(label, pat, value, body, dst),
            ExprKind::For {
                label,
                pat,
                iter,
                body,
            } => self.for_loop(label, pat, iter, body, dst),
            ExprKind::Loop { label, body } => self.loop_expr(label, body, dst),
            ExprKind::Break { label, value } => self.break_expr(label, value.as_deref()),
            ExprKind::Continue { label } => self.continue_expr(label),
            ExprKind::Return(value) => self.return_expr(value.as_deref()),
            ExprKind::Throw(x) => {
                let mark = self.top();
                let r = self.expr_reg(x);
                self.emit(Op::Throw(r));
                self.free_to(mark);
            }
            ExprKind::TryCatch {
                body,
                catch,
                finally,
            } => self.try_catch(body, catch.as_ref(), finally.as_ref(), dst),
            ExprKind::Error => self.fail("Invalid expression"),
        }
    }

    fn ident(&mut self, name: &str, dst: Reg) {
        if name == "None" && !self.is_local_name(name) {
            let v = self.env.none();
            return self.load_const(v, dst);
        }
        let var = self.resolve(name);
        if let Var::Global(g) = var {
            if self.shadow_read(name, g, dst) {
                return;
            }
        }
        self.load_var(var, dst);
    }

    /// `module.member` / `module::member` when `recv` names a module.
    pub(crate) fn module_member(&mut self, recv: &Expr, member: &str) -> Option<u32> {
        let ExprKind::Ident(m) = &recv.kind else {
            return None;
        };
        if self.is_local_name(m) || !self.env.modules.contains_key(m.as_str()) {
            return None;
        }
        Some(self.env.global_slot(&format!("{m}::{member}")))
    }

    fn path_value(&mut self, path: &[Ident], dst: Reg) {
        let full = path
            .iter()
            .map(|i| i.name.as_str())
            .collect::<Vec<_>>()
            .join("::");
        if let Some(v) = builtin_constant(&full) {
            return self.load_const(v, dst);
        }
        if let Some((type_id, variant)) = self.resolve_variant(path) {
            if let TypeDef::Enum(e) = self.env.type_by_id(type_id).clone() {
                let info = &e.variants[variant as usize];
                if info.arity.is_none() {
                    let v = crate::env::Env::variant(e, variant, Vec::new());
                    return self.load_const(v, dst);
                }
                if info.fields.is_none() {
                    let name = format!("Variant {}::{}", e.name, info.name);
                    return self.variant_fn(path, &name, info.arity.unwrap_or(0), dst);
                }
                self.fail(format!(
                    "Variant {}::{} expects {} values, got 0",
                    e.name,
                    info.name,
                    info.arity.unwrap_or(0)
                ));
                return;
            }
        }
        let module = path[..path.len() - 1]
            .iter()
            .map(|i| i.name.as_str())
            .collect::<Vec<_>>()
            .join("::");
        if self.env.modules.contains_key(module.as_str()) {
            let g = self.env.global_slot(&full);
            self.emit(Op::GetGlobal(dst, g));
            return;
        }
        if let Some(&ty) = self
            .env
            .type_names
            .get(self.type_name(&path[0].name).as_str())
        {
            if path.len() == 2 {
                let sym = self.sym(&path[1].name);
                if let Some(f) = self.env.method(ty, sym).cloned() {
                    if f.proto.name.starts_with(super::items::CONST_PREFIX) {
                        // an associated constant: its value
                        let call = Expr {
                            kind: ExprKind::Call {
                                callee: Box::new(Expr {
                                    kind: ExprKind::Path(path.to_vec()),
                                    span: self.cur_span,
                                }),
                                args: Vec::new(),
                            },
                            span: self.cur_span,
                        };
                        return self.expr(&call, dst);
                    }
                    return self.load_const(Value::Func(f), dst);
                }
            }
        }
        if let Some(id) = crate::builtins::lookup(&full) {
            return self.load_const(Value::Builtin(id), dst);
        }
        let enum_path = path.len() == 2
            && matches!(
                self.env
                    .type_names
                    .get(self.type_name(&path[0].name).as_str())
                    .map(|&t| self.env.type_by_id(t)),
                Some(TypeDef::Enum(_))
            );
        if enum_path {
            self.fail(format!("Unknown enum variant: {full}"));
            return;
        }
        self.fail(format!("Undefined variable: {full}"));
    }

    pub(crate) fn type_name(&self, seg: &str) -> String {
        if seg == "Self" {
            if let Some(t) = &self.self_type {
                return t.to_string();
            }
        }
        seg.to_string()
    }

    fn array(&mut self, items: &[Expr], dst: Reg) {
        if items.len() <= CHUNK {
            let base = self.top();
            for it in items {
                let r = self.alloc();
                self.expr(it, r);
            }
            self.emit(Op::NewArray(dst, base, items.len() as u16));
            self.free_to(base);
            return;
        }
        let mark = self.top();
        let acc = self.alloc();
        self.emit(Op::NewArray(acc, acc, 0));
        for chunk in items.chunks(CHUNK) {
            let base = self.top();
            for it in chunk {
                let r = self.alloc();
                self.expr(it, r);
            }
            let t = self.alloc();
            self.emit(Op::NewArray(t, base, chunk.len() as u16));
            self.emit(Op::Add(acc, acc, t));
            self.free_to(base);
        }
        self.emit(Op::Take(dst, acc));
        self.free_to(mark);
    }

    fn struct_lit(&mut self, path: &[Ident], fields: &[(Ident, Expr)], dst: Reg) {
        let name = self.type_name(&path[path.len() - 1].name);
        if path.len() > 1 {
            if let Some((type_id, variant)) = self.resolve_variant(path) {
                return self.variant_struct_lit(type_id, variant, fields, dst);
            }
        }
        let Some(TypeDef::Struct(st)) = self.env.type_by_name(&name).cloned() else {
            if let Some((type_id, variant)) = self.resolve_variant(path) {
                return self.variant_struct_lit(type_id, variant, fields, dst);
            }
            return self.fail(format!("Undefined struct: {name}"));
        };
        let defaults = self
            .env
            .struct_extra
            .get(&st.id)
            .map(|x| x.defaults.clone())
            .unwrap_or_default();
        let base = self.alloc_n(st.fields.len());
        let mut given = vec![false; st.fields.len()];
        for (fname, value) in fields {
            let sym = self.sym(&fname.name);
            match st.field_index(sym) {
                Some(i) => {
                    given[i] = true;
                    self.expr(value, base + i as u16);
                }
                None => {
                    self.cur_span = fname.span;
                    return self.fail(format!(
                        "Struct {} does not have field '{}'",
                        st.name, fname.name
                    ));
                }
            }
        }
        for (i, &was_given) in given.iter().enumerate() {
            if was_given {
                continue;
            }
            match defaults.get(i).cloned().flatten() {
                Some(def) => self.expr(&def, base + i as u16),
                None if st.is_class => {
                    self.emit(Op::Nil(base + i as u16));
                }
                None => {
                    return self.fail(format!(
                        "Missing required field '{}' for struct {}",
                        st.field_names[i], st.name
                    ));
                }
            }
        }
        self.emit(Op::NewStruct(dst, base, st.id));
        self.free_to(base);
    }

    fn variant_struct_lit(
        &mut self,
        type_id: u32,
        variant: u32,
        fields: &[(Ident, Expr)],
        dst: Reg,
    ) {
        let TypeDef::Enum(e) = self.env.type_by_id(type_id).clone() else {
            return;
        };
        let info = &e.variants[variant as usize];
        let names = info.field_names.clone();
        let base = self.alloc_n(names.len());
        for (fname, value) in fields {
            match names.iter().position(|n| **n == fname.name) {
                Some(i) => self.expr(value, base + i as u16),
                None => {
                    return self.fail(format!(
                        "Variant {}::{} does not have field '{}'",
                        e.name, info.name, fname.name
                    ))
                }
            }
        }
        if fields.len() != names.len() {
            return self.fail(format!(
                "Variant {}::{} expects {} values, got {}",
                e.name,
                info.name,
                names.len(),
                fields.len()
            ));
        }
        let site = self.variant_site(type_id, variant, names.len() as u16);
        self.emit(Op::NewVariant(dst, base, site));
        self.free_to(base);
    }

    fn unary(&mut self, op: UnOp, x: &Expr, dst: Reg) {
        if op == UnOp::Neg {
            match x.kind {
                ExprKind::Int(n) => return self.load_int(-n, dst),
                ExprKind::Float(f) => return self.load_const(Value::Float(-f), dst),
                _ => {}
            }
        }
        let mark = self.top();
        let r = self.expr_reg(x);
        self.emit(match op {
            UnOp::Neg => Op::Neg(dst, r),
            UnOp::Not => Op::Not(dst, r),
            UnOp::BitNot => Op::BitNot(dst, r),
        });
        self.free_to(mark);
    }

    pub(crate) fn binary(&mut self, op: BinOp, a: &Expr, b: &Expr, dst: Reg) {
        match op {
            BinOp::And | BinOp::Or | BinOp::Coalesce => {
                self.expr(a, dst);
                let j = self.emit(match op {
                    BinOp::And => Op::JumpIfFalse(dst, 0),
                    BinOp::Or => Op::JumpIfTrue(dst, 0),
                    _ => Op::JumpIfNotNil(dst, 0),
                });
                self.expr(b, dst);
                self.patch(j);
                return;
            }
            _ => {}
        }
        let mark = self.top();
        // the left operand goes straight into a temporary destination, so long operator
        // chains (`1 + 2 + … + n`) need no register per term
        // (a copy made by `operand_reg` is cleared after use: it must not keep a second
        // reference to the value, which would make the next in-place change copy it)
        let (ra, copied) = if !matches!(a.kind, ExprKind::Ident(_) | ExprKind::SelfValue)
            && !self.is_local_reg(dst)
        {
            self.expr(a, dst);
            (dst, false)
        } else {
            self.operand_reg(a, b)
        };
        // (`x - 0` stays a subtraction: AddI's sign tells its slow path add from subtract)
        if let (BinOp::Add | BinOp::Sub, ExprKind::Int(n)) = (op, &b.kind) {
            let imm = if op == BinOp::Add { *n } else { -*n };
            if let Some(i) = imm24(imm).filter(|&i| op == BinOp::Add || i != 0) {
                self.emit(Op::AddI(dst, ra, i));
                self.end_operand(copied, ra, mark);
                return;
            }
        }
        if let (BinOp::Mul | BinOp::Div | BinOp::Rem, ExprKind::Int(n)) = (op, &b.kind) {
            if let Some(i) = imm24(*n) {
                self.emit(match op {
                    BinOp::Mul => Op::MulI(dst, ra, i),
                    BinOp::Div => Op::DivI(dst, ra, i),
                    _ => Op::RemI(dst, ra, i),
                });
                self.end_operand(copied, ra, mark);
                return;
            }
        }
        let rb = self.expr_reg(b);
        self.emit_binop(op, dst, ra, rb);
        self.end_operand(copied, ra, mark);
    }

    /// Free the operand temporaries; clear a copied operand first.
    fn end_operand(&mut self, copied: bool, r: Reg, mark: Reg) {
        if copied {
            self.emit(Op::Nil(r));
        }
        self.free_to(mark);
    }

    pub(crate) fn emit_binop(&mut self, op: BinOp, dst: Reg, a: Reg, b: Reg) {
        self.emit(match op {
            BinOp::Add => Op::Add(dst, a, b),
            BinOp::Sub => Op::Sub(dst, a, b),
            BinOp::Mul => Op::Mul(dst, a, b),
            BinOp::Div => Op::Div(dst, a, b),
            BinOp::Rem => Op::Rem(dst, a, b),
            BinOp::Pow => Op::Pow(dst, a, b),
            BinOp::Eq => Op::Eq(dst, a, b),
            BinOp::Ne => Op::Ne(dst, a, b),
            BinOp::Lt => Op::Lt(dst, a, b),
            BinOp::Le => Op::Le(dst, a, b),
            BinOp::Gt => Op::Gt(dst, a, b),
            BinOp::Ge => Op::Ge(dst, a, b),
            BinOp::BitAnd => Op::BitAnd(dst, a, b),
            BinOp::BitOr => Op::BitOr(dst, a, b),
            BinOp::BitXor => Op::BitXor(dst, a, b),
            BinOp::Shl => Op::Shl(dst, a, b),
            BinOp::Shr => Op::Shr(dst, a, b),
            BinOp::And | BinOp::Or | BinOp::Coalesce => Op::Nil(dst),
        });
    }

    fn fstring(&mut self, parts: &[FStrPart], dst: Reg) {
        let base = self.top();
        let mut pieces = Vec::new();
        for p in parts {
            match p {
                FStrPart::Lit(s) => pieces.push(FPiece::Lit(Rc::from(s.as_str()))),
                FStrPart::Expr { expr, spec } => {
                    let r = self.alloc();
                    self.expr(expr, r);
                    pieces.push(FPiece::Val(parse_spec(spec.as_deref())));
                }
            }
        }
        let site = self.proto().fstrings.len() as u32;
        self.proto().fstrings.push(pieces);
        self.emit(Op::FString(dst, base, site));
        self.free_to(base);
    }

    fn comprehension(
        &mut self,
        elem: &Expr,
        pat: &Pattern,
        iter: &Expr,
        cond: Option<&Expr>,
        dst: Reg,
    ) {
        let mark = self.scope_mark();
        let acc = self.alloc();
        self.emit(Op::NewArray(acc, acc, 0));
        self.for_each(pat, iter, |c| {
            let skip = cond.map(|cnd| {
                let m = c.top();
                let r = c.expr_reg(cnd);
                let j = c.emit(Op::JumpIfFalse(r, 0));
                c.free_to(m);
                j
            });
            let m = c.top();
            let r = c.expr_reg(elem);
            c.emit(Op::Push(acc, r));
            c.free_to(m);
            if let Some(j) = skip {
                c.patch(j);
            }
        });
        self.emit(Op::Take(dst, acc));
        self.end_scope(mark);
    }

    fn cast_kind(&self, ty: &TypeExpr) -> CastKind {
        let name = match &ty.kind {
            TypeKind::Named { path, .. } => path.last().cloned().unwrap_or_default(),
            TypeKind::Ref { inner, .. } => return self.cast_kind(inner),
            _ => String::new(),
        };
        match name.as_str() {
            "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64"
            | "u128" | "usize" | "int" => CastKind::Int,
            "f32" | "f64" | "float" => CastKind::Float,
            "bool" => CastKind::Bool,
            "String" | "str" => CastKind::Str,
            _ => CastKind::Other,
        }
    }
}

fn type_text(ty: &TypeExpr) -> String {
    match &ty.kind {
        TypeKind::Named { path, .. } => path.join("::"),
        TypeKind::Ref { inner, .. } => type_text(inner),
        TypeKind::SelfType => "Self".into(),
        _ => "type".into(),
    }
}

fn parse_spec(spec: Option<&str>) -> FSpec {
    let Some(spec) = spec else {
        return FSpec::Interp;
    };
    // exactly `.N` (§12.5): `.2f`, ` .2` and the like are other specs, written in debug form
    if let Some(digits) = spec.strip_prefix('.') {
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            // (more digits than a float has are all zeros; the formatter's limit is u16)
            let n = digits.parse::<u16>().unwrap_or(u16::MAX);
            return FSpec::Precision(n);
        }
    }
    FSpec::Debug
}

/// `i64::MAX`, `f64::consts::PI` and friends.
fn builtin_constant(path: &str) -> Option<Value> {
    let p = path.strip_prefix("std::").unwrap_or(path);
    Some(match p {
        "i64::MAX" | "isize::MAX" => Value::Int(i64::MAX),
        "i64::MIN" | "isize::MIN" => Value::Int(i64::MIN),
        "i32::MAX" => Value::Int(i32::MAX as i64),
        "i32::MIN" => Value::Int(i32::MIN as i64),
        "u32::MAX" => Value::Int(u32::MAX as i64),
        "u8::MAX" => Value::Int(255),
        "usize::MAX" | "u64::MAX" => Value::Int(i64::MAX),
        "f64::MAX" => Value::Float(f64::MAX),
        "f64::MIN" => Value::Float(f64::MIN),
        "f64::INFINITY" => Value::Float(f64::INFINITY),
        "f64::NEG_INFINITY" => Value::Float(f64::NEG_INFINITY),
        "f64::NAN" => Value::Float(f64::NAN),
        "f64::EPSILON" => Value::Float(f64::EPSILON),
        "f64::consts::PI" | "PI" => Value::Float(std::f64::consts::PI),
        "f64::consts::E" => Value::Float(std::f64::consts::E),
        "f64::consts::TAU" => Value::Float(std::f64::consts::TAU),
        "f64::consts::SQRT_2" => Value::Float(std::f64::consts::SQRT_2),
        "f64::consts::LN_2" => Value::Float(std::f64::consts::LN_2),
        _ => return None,
    })
}

/// The second index of a `GetIndex2`: a register plus an offset, or a literal.
enum Second {
    Reg(Reg, i32),
    Lit(i64),
}
