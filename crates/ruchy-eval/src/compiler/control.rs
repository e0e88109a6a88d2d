//! Control flow: if, match, loops, break/continue/return, try/catch/finally.

use super::pattern::Bindings;
use super::{Compiler, Jumps, LoopCtx, TryCtx};
use crate::bytecode::*;
use ruchy_parser::ast::*;

/// Where a `match` looks: its scrutinee in one register, or a tuple literal's elements in
/// consecutive registers from the one given.
#[derive(Clone, Copy)]
enum Scrutinee {
    One(Reg),
    Spread(Reg),
}

impl<'e> Compiler<'e> {
    pub(crate) fn block(&mut self, b: &Block, dst: Option<Reg>) {
        let mark = self.scope_mark();
        self.stmts(&b.stmts, dst, false);
        self.end_scope(mark);
    }

    /// Emit the test of a condition: falls through when `cond` is truthy, and returns the
    /// jumps taken when it is falsy (to patch to the false target). Comparisons fuse into
    /// compare-and-jump instructions and `&&` / `||` / `!` become control flow, so no
    /// boolean is materialised.
    pub(crate) fn cond_jump(&mut self, cond: &Expr) -> Jumps {
        match &cond.kind {
            ExprKind::Binary(BinOp::And, a, b) => {
                let mut jumps = self.cond_jump(a);
                jumps.extend(self.cond_jump(b));
                jumps
            }
            ExprKind::Binary(BinOp::Or, a, b) => {
                let falsy_a = self.cond_jump(a);
                let truthy = self.emit(Op::Jump(0));
                self.patch_all(falsy_a);
                let jumps = self.cond_jump(b);
                self.patch(truthy);
                jumps
            }
            _ => Jumps::from_elem(self.test_jump(cond), 1),
        }
    }

    /// One compare-and-jump (or truthiness test) taken when `cond` is falsy.
    fn test_jump(&mut self, cond: &Expr) -> usize {
        let mark = self.top();
        let saved = self.cur_span;
        self.cur_span = cond.span;
        let at = match &cond.kind {
            ExprKind::Binary(
                op @ (BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Eq | BinOp::Ne),
                a,
                b,
            ) => {
                let imm = match &b.kind {
                    ExprKind::Int(n) => i16::try_from(*n).ok(),
                    _ => None,
                };
                // (a copy, rare, stays in its temporary until the register is reused)
                let (ra, _) = self.operand_reg(a, b);
                match imm {
                    Some(i) => self.emit(match op {
                        BinOp::Lt => Op::JumpIfNotLtI(ra, i, 0),
                        BinOp::Le => Op::JumpIfNotLeI(ra, i, 0),
                        BinOp::Gt => Op::JumpIfNotGtI(ra, i, 0),
                        BinOp::Ge => Op::JumpIfNotGeI(ra, i, 0),
                        BinOp::Eq => Op::JumpIfNotEqI(ra, i, 0),
                        _ => Op::JumpIfNotNeI(ra, i, 0),
                    }),
                    None => {
                        let rb = self.expr_reg(b);
                        self.emit(match op {
                            BinOp::Lt => Op::JumpIfNotLt(ra, rb, 0),
                            BinOp::Le => Op::JumpIfNotLe(ra, rb, 0),
                            BinOp::Gt => Op::JumpIfNotGt(ra, rb, 0),
                            BinOp::Ge => Op::JumpIfNotGe(ra, rb, 0),
                            BinOp::Eq => Op::JumpIfNotEq(ra, rb, 0),
                            _ => Op::JumpIfNotNe(ra, rb, 0),
                        })
                    }
                }
            }
            ExprKind::Unary(UnOp::Not, x) => {
                let r = self.expr_reg(x);
                self.emit(Op::JumpIfTrue(r, 0))
            }
            _ => {
                let r = self.expr_reg(cond);
                self.emit(Op::JumpIfFalse(r, 0))
            }
        };
        self.cur_span = saved;
        self.free_to(mark);
        at
    }

    /// `if … else if … else …` (`e`), its value in `dst` or for effect only; the chain is
    /// walked in a loop, so thousands of links do not nest the compiler's native calls.
    pub(crate) fn if_chain(&mut self, e: &Expr, dst: Option<Reg>) {
        let saved = self.cur_span;
        let mut ends = Jumps::new();
        let mut e = e;
        while let ExprKind::If { cond, then, else_ } = &e.kind {
            self.cur_span = e.span;
            let jf = self.cond_jump(cond);
            self.block(then, dst);
            let Some(other) = else_ else {
                // no `else`: the value is nil
                if let Some(d) = dst {
                    ends.push(self.emit(Op::Jump(0)));
                    self.patch_all(jf);
                    self.emit(Op::Nil(d));
                } else {
                    self.patch_all(jf);
                }
                break;
            };
            ends.push(self.emit(Op::Jump(0)));
            self.patch_all(jf);
            e = other;
            if !matches!(e.kind, ExprKind::If { .. }) {
                match dst {
                    Some(d) => self.expr(e, d),
                    None => self.expr_effect(e),
                }
            }
        }
        self.patch_all(ends);
        self.cur_span = saved;
    }

    pub(crate) fn ternary(&mut self, cond: &Expr, a: &Expr, b: &Expr, dst: Reg) {
        let jf = self.cond_jump(cond);
        self.expr(a, dst);
        let end = self.emit(Op::Jump(0));
        self.patch_all(jf);
        self.expr(b, dst);
        self.patch(end);
    }

    pub(crate) fn if_let(
        &mut self,
        pat: &Pattern,
        value: &Expr,
        then: &Block,
        else_: Option<&Expr>,
        dst: Reg,
    ) {
        let mark = self.scope_mark();
        let regs = self.declare_pattern_regs(pat);
        let v = self.alloc();
        self.expr(value, v);
        let fails = self.pattern_test(pat, v, &regs);
        self.bind_pattern_locals(&regs);
        // (the tested value is dropped, as a match's temporary scrutinee is)
        self.emit(Op::Nil(v));
        self.block(then, Some(dst));
        self.end_scope(mark);
        let end = self.emit(Op::Jump(0));
        for at in fails {
            self.patch(at);
        }
        match else_ {
            Some(e) => self.expr(e, dst),
            None => {
                self.emit(Op::Nil(dst));
            }
        }
        self.patch(end);
    }

    /// Compile the scrutinee. A tuple literal whose arms are all tuple patterns of its length
    /// (or `_`) is spread into consecutive registers and never built, so `match (state, c)`
    /// in a loop allocates nothing.
    fn scrutinee(&mut self, scrutinee: &Expr, arms: &[MatchArm]) -> Scrutinee {
        if let ExprKind::Tuple(items) = &scrutinee.kind {
            let n = items.len();
            let spread = n >= 2
                && arms.iter().all(|a| match &a.pat.kind {
                    PatKind::Wild => true,
                    PatKind::Tuple(ps) => ps.len() == n,
                    _ => false,
                });
            if spread {
                let base = self.alloc();
                for _ in 1..n {
                    self.alloc();
                }
                for (i, e) in items.iter().enumerate() {
                    self.expr(e, base + i as Reg);
                }
                return Scrutinee::Spread(base);
            }
        }
        // a local variable is tested in its own register (no copy) unless a guard could run
        // between the tests and change it
        if arms.iter().all(|a| a.guard.is_none()) {
            return Scrutinee::One(self.expr_reg(scrutinee));
        }
        let s = self.alloc();
        self.expr(scrutinee, s);
        Scrutinee::One(s)
    }

    /// A jump table over the variants of the value (or of a spread tuple's first element).
    fn match_switch(&mut self, arms: &[MatchArm], s: Scrutinee) -> Option<super::switch::Switch> {
        let keys: Vec<Option<&Pattern>> = arms
            .iter()
            .map(|a| match (s, &a.pat.kind) {
                (Scrutinee::One(_), _) => Some(&a.pat),
                (Scrutinee::Spread(_), PatKind::Tuple(ps)) => ps.first(),
                (Scrutinee::Spread(_), _) => None,
            })
            .collect();
        let r = match s {
            Scrutinee::One(r) | Scrutinee::Spread(r) => r,
        };
        self.begin_switch(&keys, r)
    }

    /// The tests of one arm's pattern; returns the jumps taken on mismatch.
    fn arm_test(&mut self, pat: &Pattern, s: Scrutinee, regs: &Bindings) -> Vec<usize> {
        match (s, &pat.kind) {
            (Scrutinee::One(r), _) => self.pattern_test(pat, r, regs),
            (Scrutinee::Spread(base), PatKind::Tuple(ps)) => self.spread_test(ps, base, regs),
            (Scrutinee::Spread(_), _) => Vec::new(),
        }
    }

    pub(crate) fn match_expr(&mut self, scrutinee: &Expr, arms: &[MatchArm], dst: Reg) {
        self.match_into(scrutinee, arms, Some(dst));
    }

    /// `match` with its value in `dst`, or for effect only.
    pub(crate) fn match_into(&mut self, scrutinee: &Expr, arms: &[MatchArm], dst: Option<Reg>) {
        let mut ends = Jumps::new();
        self.match_arms(scrutinee, arms, |c, body| {
            match dst {
                Some(d) => c.expr(body, d),
                None => c.expr_effect(body),
            }
            ends.push(c.emit(Op::Jump(0)));
        });
        for at in ends {
            self.patch(at);
        }
    }

    /// `match` in tail position: each arm returns its value.
    pub(crate) fn match_tail(&mut self, scrutinee: &Expr, arms: &[MatchArm]) {
        self.match_arms(scrutinee, arms, |c, body| c.tail(body));
    }

    /// The tests of every arm, each followed by `body` (compiled in the arm's scope, where
    /// control must leave the arm), then the "no arm matched" error.
    fn match_arms(
        &mut self,
        scrutinee: &Expr,
        arms: &[MatchArm],
        mut body: impl FnMut(&mut Self, &Expr),
    ) {
        let mark = self.top();
        let s = self.scrutinee(scrutinee, arms);
        let switch = self.match_switch(arms, s);
        let mut starts = Vec::with_capacity(arms.len());
        for arm in arms {
            starts.push(self.here() as u32);
            let am = self.scope_mark();
            let regs = self.declare_pattern_regs(&arm.pat);
            let mut fails = self.arm_test(&arm.pat, s, &regs);
            self.bind_pattern_locals(&regs);
            if let Some(g) = &arm.guard {
                fails.extend(self.cond_jump(g));
            }
            // the arm is chosen: a temporary scrutinee is dropped, so what it held is not
            // left shared while the arm runs (`match m.get(k) { Some(_) => m[k].push(x) … }`)
            if let Scrutinee::One(r) = s {
                if r >= mark {
                    self.emit(Op::Nil(r));
                }
            }
            body(self, &arm.body);
            self.end_scope(am);
            for at in fails {
                self.patch(at);
            }
        }
        self.end_switch(switch, &starts);
        self.cur_span = scrutinee.span;
        self.fail("No match arm matched the value");
        self.free_to(mark);
    }

    fn push_loop(&mut self, label: &Option<String>, result: Option<Reg>) {
        let try_depth = self.f().tries.len();
        self.f().loops.push(LoopCtx {
            label: label.clone(),
            breaks: Vec::new(),
            continues: Vec::new(),
            result,
            try_depth,
        });
    }

    /// Pop the innermost loop, pointing its `continue`s at `cont` and `break`s here.
    fn pop_loop(&mut self, cont: usize) {
        let ctx = self.f().loops.pop().expect("loop context");
        for at in ctx.continues {
            self.patch_to(at, cont);
        }
        for at in ctx.breaks {
            self.patch(at);
        }
    }

    pub(crate) fn while_loop(
        &mut self,
        label: &Option<String>,
        cond: &Expr,
        body: &Block,
        dst: Reg,
    ) {
        self.emit(Op::Nil(dst));
        let start = self.here();
        let jf = self.cond_jump(cond);
        self.push_loop(label, Some(dst));
        self.block(body, None);
        self.jump_back(start);
        self.patch_all(jf);
        self.pop_loop(start);
    }

    pub(crate) fn while_let(
        &mut self,
        label: &Option<String>,
        pat: &Pattern,
        value: &Expr,
        body: &Block,
        dst: Reg,
    ) {
        self.emit(Op::Nil(dst));
        let start = self.here();
        let mark = self.scope_mark();
        let regs = self.declare_pattern_regs(pat);
        let v = self.alloc();
        self.expr(value, v);
        let fails = self.pattern_test(pat, v, &regs);
        self.bind_pattern_locals(&regs);
        self.push_loop(label, Some(dst));
        self.block(body, None);
        self.end_scope(mark);
        self.jump_back(start);
        for at in fails {
            self.patch(at);
        }
        self.pop_loop(start);
    }

    pub(crate) fn loop_expr(&mut self, label: &Option<String>, body: &Block, dst: Reg) {
        self.emit(Op::Nil(dst));
        let start = self.here();
        self.push_loop(label, Some(dst));
        self.block(body, None);
        self.jump_back(start);
        self.pop_loop(start);
    }

    pub(crate) fn for_loop(
        &mut self,
        label: &Option<String>,
        pat: &Pattern,
        iter: &Expr,
        body: &Block,
        dst: Reg,
    ) {
        self.emit(Op::Nil(dst));
        self.for_core(label, pat, iter, Some(dst), &mut |c| c.block(body, None));
    }

    /// A loop without a label or value (list comprehensions).
    pub(crate) fn for_each(&mut self, pat: &Pattern, iter: &Expr, mut body: impl FnMut(&mut Self)) {
        self.for_core(&None, pat, iter, None, &mut body);
    }

    fn for_core(
        &mut self,
        label: &Option<String>,
        pat: &Pattern,
        iter: &Expr,
        result: Option<Reg>,
        body: &mut dyn FnMut(&mut Self),
    ) {
        let mark = self.scope_mark();
        let base = self.alloc_n(2);
        match &iter.kind {
            ExprKind::Range {
                start,
                end,
                inclusive,
            } => {
                self.expr(start, base);
                self.expr(end, base + 1);
                self.cur_span = iter.span;
                self.emit(Op::RangePrep(base, *inclusive));
            }
            _ => {
                self.expr(iter, base);
                self.cur_span = iter.span;
                self.emit(Op::IterPrep(base));
            }
        }
        // loop shape: prep; jump to the ForNext at the bottom; body; ForNext jumps back
        let var = self.alloc();
        let enter = self.emit(Op::Jump(0));
        let body_start = self.here();
        let body_mark = self.scope_mark();
        if let PatKind::Bind(id) = &pat.kind {
            self.add_local(&id.name, var);
        } else {
            let regs = self.declare_pattern_regs(pat);
            if !matches!(pat.kind, PatKind::Wild) {
                let fails = self.pattern_test(pat, var, &regs);
                let ok = self.emit(Op::Jump(0));
                for at in fails {
                    self.patch(at);
                }
                self.fail("Pattern does not match value");
                self.patch(ok);
            }
            self.bind_pattern_locals(&regs);
        }
        self.push_loop(label, result);
        body(self);
        self.end_scope(body_mark);
        let cont = self.here();
        self.patch(enter);
        let next = self.emit(Op::ForNext(base, var, 0));
        self.patch_to(next, body_start);
        self.pop_loop(cont);
        self.end_scope(mark);
    }

    fn find_loop(&mut self, label: &Option<String>) -> Option<usize> {
        let loops = &self.f().loops;
        match label {
            None => loops.len().checked_sub(1),
            Some(l) => loops
                .iter()
                .rposition(|c| c.label.as_deref() == Some(l.as_str())),
        }
    }

    /// Leave `try` regions down to `depth`: pop their handlers and run their `finally` blocks.
    pub(crate) fn unwind_tries(&mut self, depth: usize) {
        let n = self.f().tries.len();
        for i in (depth..n).rev() {
            let (active, finally) = {
                let t = &self.f().tries[i];
                (t.handler_active, t.finally.clone())
            };
            if active {
                self.emit(Op::PopHandler);
            }
            if let Some(fin) = finally {
                let f = self.f();
                let saved: Vec<TryCtx> = f.tries.drain(i..).collect();
                // (the names and loops of the try body are out of sight here)
                let locals = f.locals.split_off(saved[0].locals.min(f.locals.len()));
                let loops = f.loops.split_off(saved[0].loops.min(f.loops.len()));
                self.block(&fin, None);
                let f = self.f();
                f.locals.extend(locals);
                f.loops.extend(loops);
                f.tries.extend(saved);
            }
        }
    }

    pub(crate) fn break_expr(&mut self, label: &Option<String>, value: Option<&Expr>) {
        let Some(li) = self.find_loop(label) else {
            let msg = match label {
                Some(l) => format!("break outside of a loop (no loop labelled '{l}')"),
                None => "break outside of a loop".to_string(),
            };
            return self.fail(msg);
        };
        let (result, depth) = {
            let l = &self.f().loops[li];
            (l.result, l.try_depth)
        };
        if let Some(v) = value {
            match result {
                Some(r) => self.expr(v, r),
                None => self.expr_effect(v),
            }
        }
        self.unwind_tries(depth);
        let at = self.emit(Op::Jump(0));
        self.f().loops[li].breaks.push(at);
    }

    pub(crate) fn continue_expr(&mut self, label: &Option<String>) {
        let Some(li) = self.find_loop(label) else {
            return self.fail("continue outside of a loop");
        };
        let depth = self.f().loops[li].try_depth;
        self.unwind_tries(depth);
        let at = self.emit(Op::Jump(0));
        self.f().loops[li].continues.push(at);
    }

    pub(crate) fn return_expr(&mut self, value: Option<&Expr>) {
        let mark = self.top();
        let r = self.alloc();
        match value {
            Some(v) => {
                self.plan_tail_moves(v);
                self.expr(v, r);
                self.tail_moves = None;
            }
            None => {
                self.emit(Op::Nil(r));
            }
        }
        if self.f().ctor {
            // a constructor returns its instance however it ends
            let var = self.resolve("self");
            self.load_var(var, r);
        }
        self.unwind_tries(0);
        self.emit(Op::Return(r));
        self.free_to(mark);
    }

    /// Enter a `try` region whose handler is installed, with the names and loops of its place.
    fn push_try(&mut self, finally: Option<&Block>) {
        let f = self.f();
        let (locals, loops) = (f.locals.len(), f.loops.len());
        f.tries.push(TryCtx {
            handler_active: true,
            finally: finally.cloned(),
            locals,
            loops,
        });
    }

    pub(crate) fn try_catch(
        &mut self,
        body: &Block,
        catch: Option<&CatchClause>,
        finally: Option<&Block>,
        dst: Reg,
    ) {
        let mark = self.top();
        let exc = self.alloc();
        let h = self.emit(Op::PushHandler(exc, 0));
        self.push_try(finally);
        self.block(body, Some(dst));
        self.emit(Op::PopHandler);
        self.f().tries.pop();
        if let Some(fin) = finally {
            self.block(fin, None);
        }
        let end = self.emit(Op::Jump(0));
        self.patch(h);
        match catch {
            Some(c) => {
                let h2 = finally.map(|_| {
                    let e2 = self.alloc();
                    let at = self.emit(Op::PushHandler(e2, 0));
                    self.push_try(finally);
                    (at, e2)
                });
                let sm = self.scope_mark();
                if let Some(p) = &c.binding {
                    let regs = self.declare_pattern_regs(p);
                    let fails = self.pattern_test(p, exc, &regs);
                    let ok = self.emit(Op::Jump(0));
                    for at in fails {
                        self.patch(at);
                    }
                    self.emit(Op::Rethrow(exc));
                    self.patch(ok);
                    self.bind_pattern_locals(&regs);
                }
                self.block(&c.body, Some(dst));
                self.end_scope(sm);
                if let (Some((at, e2)), Some(fin)) = (h2, finally) {
                    self.emit(Op::PopHandler);
                    self.f().tries.pop();
                    self.block(fin, None);
                    let j2 = self.emit(Op::Jump(0));
                    self.patch(at);
                    self.block(fin, None);
                    self.emit(Op::Rethrow(e2));
                    self.patch(j2);
                }
            }
            None => {
                if let Some(fin) = finally {
                    self.block(fin, None);
                }
                self.emit(Op::Rethrow(exc));
            }
        }
        self.patch(end);
        self.free_to(mark);
    }
}
