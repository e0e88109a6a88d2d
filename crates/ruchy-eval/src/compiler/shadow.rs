//! Top-level shadowing (§5.2, §6.3): a closure created at the top level keeps reading the
//! binding it captured after a later top-level `let` of the same name.
//!
//! Top-level `let`s are global slots, which named functions read (they see the latest
//! binding). When a program `let`s a name more than once at the top level, each earlier
//! binding k gets a hidden slot: the `let` that shadows it first copies the value there
//! and sets a flag. A read in a top-level closure of binding k takes the hidden slot once
//! the flag is set, and the shared slot before that, while binding k is still the latest.
//! Assignments to the variable from such closures go the same way; a method call or an
//! element assignment on it (`a.push(x)`, `a[i] = x`) still reaches the latest binding.

use super::Compiler;
use crate::bytecode::{Op, Reg};
use ruchy_parser::ast::{Expr, ExprKind, Program, Stmt};
use std::collections::HashMap;

#[derive(Default)]
pub(crate) struct Shadows {
    /// Names with two or more top-level `let`s: how many.
    total: HashMap<String, u32>,
    /// How many of those `let`s have been compiled so far.
    seen: HashMap<String, u32>,
    /// Tells this chunk's hidden slots from an earlier REPL input's.
    chunk: usize,
}

impl Shadows {
    pub(crate) fn scan(program: &Program, chunk: usize) -> Shadows {
        let mut total: HashMap<String, u32> = HashMap::new();
        for s in &program.stmts {
            if let Stmt::Let(l) = s {
                let mut ids = Vec::new();
                ruchy_parser::visit::pattern_bindings(&l.pat, &mut ids);
                for id in ids {
                    *total.entry(id.name).or_default() += 1;
                }
            }
        }
        total.retain(|_, n| *n > 1);
        Shadows {
            total,
            seen: HashMap::new(),
            chunk,
        }
    }
}

impl Compiler<'_> {
    /// Binding k of `name`'s hidden slot, and the flag global telling whether it is set.
    fn hidden_slots(&mut self, name: &str, k: u32) -> (u32, u32) {
        let chunk = self.shadows.chunk;
        let value = self.env.global_slot(&format!("#{chunk}.{k}::{name}"));
        let flag = self.env.global_slot(&format!("#{chunk}.{k}?::{name}"));
        (value, flag)
    }

    /// At the start of the chunk: no binding is shadowed yet.
    pub(crate) fn shadow_prologue(&mut self) {
        let mut names: Vec<(String, u32)> = self
            .shadows
            .total
            .iter()
            .map(|(n, &t)| (n.clone(), t))
            .collect();
        names.sort();
        let mark = self.top();
        let t = self.alloc();
        for (name, total) in names {
            for k in 1..total {
                let (_, flag) = self.hidden_slots(&name, k);
                self.emit(Op::False(t));
                self.emit(Op::DefGlobal(flag, t));
            }
        }
        self.free_to(mark);
    }

    /// Count one more top-level `let` of `name`.
    pub(crate) fn shadow_bump(&mut self, name: &str) {
        if self.shadows.total.contains_key(name) {
            *self.shadows.seen.entry(name.to_string()).or_default() += 1;
        }
    }

    /// Before a top-level `let` of `name` rebinds it (with `seen` counting the bindings
    /// before this one): keep the binding it shadows in that binding's hidden slot.
    pub(crate) fn shadow_snapshot(&mut self, name: &str, seen: u32, global: u32) {
        if seen == 0 || !self.shadows.total.contains_key(name) {
            return;
        }
        let (hidden, flag) = self.hidden_slots(name, seen);
        let mark = self.top();
        let t = self.alloc();
        self.emit(Op::GetGlobal(t, global));
        self.emit(Op::DefGlobal(hidden, t));
        self.emit(Op::True(t));
        self.emit(Op::DefGlobal(flag, t));
        self.free_to(mark);
    }

    pub(crate) fn shadow_seen(&self, name: &str) -> u32 {
        self.shadows.seen.get(name).copied().unwrap_or(0)
    }

    /// The hidden slot and flag of the binding of global `name` (in `global`) that code
    /// here sees, when that is not simply the global: inside a top-level closure, for a
    /// name a later top-level `let` rebinds.
    pub(crate) fn shadow_slots(&mut self, name: &str, global: u32) -> Option<(u32, u32)> {
        let &total = self.shadows.total.get(name)?;
        let in_top_closure = self.module.is_none()
            && self.fns.len() >= 2
            && self.fns[1..].iter().all(|f| &*f.proto.name == "<closure>");
        let k = self.shadow_seen(name).max(1);
        if !in_top_closure || k >= total || self.env.global_names.get(name) != Some(&global) {
            return None;
        }
        Some(self.hidden_slots(name, k))
    }

    /// Read that binding into `dst`: its hidden slot once shadowed, else the global.
    pub(crate) fn shadow_load(&mut self, global: u32, (hidden, flag): (u32, u32), dst: Reg) {
        self.emit(Op::GetGlobal(dst, flag));
        let shadowed = self.emit(Op::JumpIfTrue(dst, 0));
        self.emit(Op::GetGlobal(dst, global));
        let done = self.emit(Op::Jump(0));
        self.patch(shadowed);
        self.emit(Op::GetGlobal(dst, hidden));
        self.patch(done);
    }

    /// Store `src` into that binding (moving it out of `src`).
    pub(crate) fn shadow_store(&mut self, global: u32, (hidden, flag): (u32, u32), src: Reg) {
        let mark = self.top();
        let t = self.alloc();
        self.emit(Op::GetGlobal(t, flag));
        let shadowed = self.emit(Op::JumpIfTrue(t, 0));
        self.emit(Op::SetGlobal(global, src));
        let done = self.emit(Op::Jump(0));
        self.patch(shadowed);
        self.emit(Op::SetGlobal(hidden, src));
        self.patch(done);
        self.free_to(mark);
    }

    /// Whether the variable at the root of the place `e` (`w` in `w.items[0]`) is a
    /// binding read through its hidden slot here.
    pub(crate) fn shadowed_root(&mut self, e: &Expr) -> bool {
        let mut cur = e;
        loop {
            match &cur.kind {
                ExprKind::Field(inner, _)
                | ExprKind::TupleIndex(inner, _, _)
                | ExprKind::Index(inner, _) => cur = inner,
                ExprKind::Ident(name) => {
                    if !self.shadows.total.contains_key(name.as_str()) {
                        return false;
                    }
                    return match self.resolve(name) {
                        super::Var::Global(g) => self.shadow_slots(name, g).is_some(),
                        _ => false,
                    };
                }
                _ => return false,
            }
        }
    }

    /// Read global `name` (in `global`) into `dst` as a top-level closure sees it; false
    /// when the plain global read is right.
    pub(crate) fn shadow_read(&mut self, name: &str, global: u32, dst: Reg) -> bool {
        match self.shadow_slots(name, global) {
            Some(slots) => {
                self.shadow_load(global, slots, dst);
                true
            }
            None => false,
        }
    }
}
