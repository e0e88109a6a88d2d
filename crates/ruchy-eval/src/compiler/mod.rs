//! The compiler: AST to register bytecode, with names resolved to registers, cells,
//! upvalues and global slots before anything runs.

mod call;
mod capture;
mod control;
mod expr;
mod items;
mod pattern;
mod place;
mod shadow;
mod switch;
mod throws;

use crate::bytecode::*;
use crate::env::Env;
use crate::value::{Sym, Value};
use ruchy_parser::ast::*;
use ruchy_parser::{Diagnostic, Span};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// How a name resolves.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Var {
    Local(Reg),
    Cell(Reg),
    Upval(u16),
    Global(u32),
}

struct Local {
    name: Rc<str>,
    reg: Reg,
    cell: bool,
}

/// Forward jumps to patch to one target.
pub(crate) type Jumps = smallvec::SmallVec<[usize; 2]>;

pub(crate) struct LoopCtx {
    label: Option<String>,
    breaks: Vec<usize>,
    continues: Vec<usize>,
    result: Option<Reg>,
    /// Number of enclosing `try` contexts when the loop started.
    try_depth: usize,
}

/// Where a block's value goes.
#[derive(Clone, Copy)]
pub(crate) enum Target {
    Effect,
    Reg(Reg),
    /// Returned from the function (tail position).
    Return,
}

pub(crate) struct TryCtx {
    /// The handler is still installed (inside the try body).
    handler_active: bool,
    finally: Option<Block>,
    /// The locals and loops when the `try` started: a `finally` compiled in line at a
    /// `return`, `break` or `?` inside it sees only those.
    locals: usize,
    loops: usize,
}

pub(crate) struct FnState {
    proto: Proto,
    locals: Vec<Local>,
    next_reg: u16,
    upval_names: Vec<Rc<str>>,
    captured: HashSet<String>,
    loops: Vec<LoopCtx>,
    tries: Vec<TryCtx>,
    /// A class constructor: `return` gives back `self` (§10.4).
    ctor: bool,
    /// Out of registers: reported once, not at every later allocation.
    too_large: bool,
    /// `let`s whose variables' cells exist from the start of their block, because a nested
    /// function declared there uses them (see `items::declare_items`): each name's cell.
    predeclared: HashMap<*const LetStmt, Vec<(String, Reg)>>,
    /// `use a::b` in this function: the module name and what it named before, restored
    /// when the function's compilation ends.
    scoped_uses: Vec<ScopedUse>,
}

type ScopedUse = (Rc<str>, Option<Vec<Rc<str>>>, Option<Rc<str>>);

pub struct Compiler<'e> {
    pub(crate) env: &'e mut Env,
    source: Rc<Source>,
    fns: Vec<FnState>,
    /// The type `Self` names inside impl, class and struct bodies.
    self_type: Option<Rc<str>>,
    /// Prefix of the module being compiled (`geometry::`).
    module: Option<Rc<str>>,
    errors: Vec<Diagnostic>,
    /// Span of the node being compiled (attached to emitted instructions).
    cur_span: Span,
    /// `x = f(.., x, ..)`: the local (function depth, register) whose single use as a call
    /// argument moves the value instead of copying it (see `place::assign`).
    move_arg: Option<(usize, Reg)>,
    /// `s.f = g(.., s.f, ..)`: the place (function depth, the target) whose single use as a
    /// call argument moves the value out instead of copying it.
    move_path: Option<(usize, Expr)>,
    shadows: shadow::Shadows,
    /// A call whose value the function returns: (function depth, the local registers its
    /// arguments may move out of, since nothing in the frame reads them afterwards).
    tail_moves: Option<(usize, Vec<Reg>)>,
    /// Items registered already (a module's, ahead of its functions; a `finally` block,
    /// compiled once per path), with the type name and id a type declaration bound.
    registered: HashMap<*const Item, Option<(Rc<str>, u32)>>,
    /// The functions and methods the program (and earlier REPL inputs) declare.
    user_names: throws::Declared,
}

/// Compile a parsed program (or REPL input) into a top-level chunk.
pub fn compile_chunk(
    env: &mut Env,
    program: &Program,
    source: Rc<Source>,
) -> Result<Rc<Proto>, Vec<Diagnostic>> {
    let mut c = Compiler {
        env,
        source: source.clone(),
        fns: Vec::new(),
        self_type: None,
        module: None,
        errors: Vec::new(),
        cur_span: Span::default(),
        move_arg: None,
        move_path: None,
        shadows: shadow::Shadows::default(),
        tail_moves: None,
        registered: HashMap::new(),
        user_names: throws::Declared::default(),
    };
    c.user_names = throws::Declared::scan(program);
    // (methods of earlier REPL inputs)
    for (&(_, sym), &i) in &c.env.methods {
        let name = c.env.name(sym).to_string();
        if c.env.method_list[i as usize].proto.self_kind == Some(SelfKind::RefMut) {
            c.user_names.mut_methods.insert(name.clone());
        }
        c.user_names.methods.insert(name);
    }
    c.shadows = shadow::Shadows::scan(program, c.env.globals.len());
    c.begin_fn("<main>", captured_chunk(&program.stmts));
    c.proto().is_chunk = true;
    let result = c.alloc();
    c.shadow_prologue();
    c.stmts(&program.stmts, Some(result), true);
    c.emit(Op::Return(result));
    let proto = c.end_fn();
    if c.errors.is_empty() {
        Ok(Rc::new(proto))
    } else {
        Err(c.errors)
    }
}

fn captured_chunk(stmts: &[Stmt]) -> HashSet<String> {
    capture::captured_in_chunk(stmts)
}

impl<'e> Compiler<'e> {
    // ------------------------------------------------------------ function states

    fn begin_fn(&mut self, name: &str, captured: HashSet<String>) {
        let proto = Proto {
            name: Rc::from(name),
            source: Some(self.source.clone()),
            span: self.cur_span,
            ..Proto::default()
        };
        self.fns.push(FnState {
            proto,
            locals: Vec::new(),
            next_reg: 0,
            too_large: false,
            upval_names: Vec::new(),
            captured,
            loops: Vec::new(),
            tries: Vec::new(),
            ctor: false,
            predeclared: HashMap::new(),
            scoped_uses: Vec::new(),
        });
    }

    fn end_fn(&mut self) -> Proto {
        let f = self.fns.pop().expect("function state");
        for (name, items, alias) in f.scoped_uses.into_iter().rev() {
            match items {
                Some(items) => self.env.modules.insert(name.clone(), items),
                None => self.env.modules.remove(&name),
            };
            match alias {
                Some(alias) => self.env.module_aliases.insert(name, alias),
                None => self.env.module_aliases.remove(&name),
            };
        }
        let mut proto = f.proto;
        proto.upval_names = f.upval_names;
        match proto.code.iter().map(encode).collect::<Option<Vec<u64>>>() {
            Some(exec) => proto.exec = exec,
            None => {
                let span = proto.span;
                self.error(
                    span,
                    "Function is too large to compile (a jump or table index does not fit)",
                );
            }
        }
        proto
    }

    fn f(&mut self) -> &mut FnState {
        self.fns.last_mut().expect("function state")
    }

    fn proto(&mut self) -> &mut Proto {
        &mut self.f().proto
    }

    pub(crate) fn error(&mut self, span: Span, msg: impl Into<String>) {
        self.errors.push(Diagnostic::syntax(span, msg));
    }

    // ------------------------------------------------------------ registers and scopes

    fn alloc(&mut self) -> Reg {
        let f = self.f();
        let r = f.next_reg;
        if r == u16::MAX - 1 {
            if !std::mem::replace(&mut f.too_large, true) {
                let span = self.cur_span;
                self.error(span, "Function is too large (too many registers)");
            }
            return r;
        }
        f.next_reg += 1;
        if f.next_reg > f.proto.max_regs {
            f.proto.max_regs = f.next_reg;
        }
        r
    }

    fn alloc_n(&mut self, n: usize) -> Reg {
        let first = self.f().next_reg;
        for _ in 0..n {
            self.alloc();
        }
        first
    }

    /// The first free register (everything at or above it is a temporary).
    fn top(&mut self) -> Reg {
        self.f().next_reg
    }

    fn free_to(&mut self, mark: Reg) {
        self.f().next_reg = mark;
    }

    fn scope_mark(&mut self) -> (usize, Reg) {
        let f = self.f();
        (f.locals.len(), f.next_reg)
    }

    fn end_scope(&mut self, mark: (usize, Reg)) {
        let f = self.f();
        f.locals.truncate(mark.0);
        f.next_reg = mark.1;
    }

    /// Register a local living in `reg` (already holding its value); boxes it if captured.
    fn add_local(&mut self, name: &str, reg: Reg) {
        let cell = self.f().captured.contains(name);
        if cell {
            self.emit(Op::NewCell(reg));
        }
        self.f().locals.push(Local {
            name: Rc::from(name),
            reg,
            cell,
        });
    }

    /// Register a local whose register already holds its cell.
    fn add_cell_local(&mut self, name: &str, reg: Reg) {
        self.f().locals.push(Local {
            name: Rc::from(name),
            reg,
            cell: true,
        });
    }

    fn find_local(&self, fi: usize, name: &str) -> Option<(Reg, bool)> {
        self.fns[fi]
            .locals
            .iter()
            .rev()
            .find(|l| &*l.name == name)
            .map(|l| (l.reg, l.cell))
    }

    fn resolve_upval(&mut self, fi: usize, name: &str) -> Option<u16> {
        if fi == 0 {
            return None;
        }
        if let Some(i) = self.fns[fi].upval_names.iter().position(|n| &**n == name) {
            return Some(i as u16);
        }
        let src = if let Some((reg, cell)) = self.find_local(fi - 1, name) {
            if !cell {
                // analysis missed it: capture the current value in a fresh cell
                let f = &mut self.fns[fi - 1];
                f.proto.code.push(Op::NewCell(reg));
                f.proto.spans.push(self.cur_span);
                if let Some(l) = f.locals.iter_mut().rev().find(|l| &*l.name == name) {
                    l.cell = true;
                }
            }
            UpvalSrc::Local(reg)
        } else {
            UpvalSrc::Upval(self.resolve_upval(fi - 1, name)?)
        };
        let f = &mut self.fns[fi];
        f.upval_names.push(Rc::from(name));
        f.proto.upvals.push(src);
        Some((f.upval_names.len() - 1) as u16)
    }

    /// Global name of a top-level item, with the module prefix.
    fn qualified(&self, name: &str) -> String {
        match &self.module {
            Some(m) => format!("{m}::{name}"),
            None => name.to_string(),
        }
    }

    pub(crate) fn resolve(&mut self, name: &str) -> Var {
        let fi = self.fns.len() - 1;
        if let Some((reg, cell)) = self.find_local(fi, name) {
            return if cell {
                Var::Cell(reg)
            } else {
                Var::Local(reg)
            };
        }
        if let Some(u) = self.resolve_upval(fi, name) {
            return Var::Upval(u);
        }
        if let Some(q) = self.module_name(name) {
            return Var::Global(self.env.global_slot(&q));
        }
        Var::Global(self.env.global_slot(name))
    }

    /// The global name of `name` seen from inside the current module: its own item, else
    /// the nearest enclosing module's (`mod a { fun f() … mod b { … f() … } }`).
    pub(crate) fn module_name(&self, name: &str) -> Option<String> {
        self.outward(name, |q| self.env.global_names.contains_key(q))
    }

    /// A module path written inside a module (`b` in `mod a { … b::f() … }`) as the absolute
    /// path of the nested module it names (`a::b`), searching the enclosing modules outward.
    pub(crate) fn nested_module(&self, module: &str) -> Option<String> {
        self.outward(module, |q| self.env.modules.contains_key(q))
    }

    /// `path` qualified by the current module, then by each enclosing one, until `exists`.
    fn outward(&self, path: &str, exists: impl Fn(&str) -> bool) -> Option<String> {
        let mut m: &str = self.module.as_deref()?;
        loop {
            let q = format!("{m}::{path}");
            if exists(&q) {
                return Some(q);
            }
            m = &m[..m.rfind("::")?];
        }
    }

    /// True when `r` is the register of a live local variable (not a temporary).
    pub(crate) fn is_local_reg(&self, r: Reg) -> bool {
        self.fns
            .last()
            .is_some_and(|f| f.locals.iter().any(|l| l.reg == r))
    }

    /// True when `name` is bound as a local or captured variable (not a global).
    fn is_local_name(&mut self, name: &str) -> bool {
        !matches!(self.resolve_peek(name), Var::Global(_))
    }

    /// Like `resolve` but without creating upvalues or globals.
    fn resolve_peek(&self, name: &str) -> Var {
        for fi in (0..self.fns.len()).rev() {
            if let Some((reg, _)) = self.find_local(fi, name) {
                return Var::Local(reg);
            }
            if self.fns[fi].upval_names.iter().any(|n| &**n == name) {
                return Var::Upval(0);
            }
        }
        Var::Global(u32::MAX)
    }

    // ------------------------------------------------------------ emitting

    pub(crate) fn emit(&mut self, op: Op) -> usize {
        let span = self.cur_span;
        let p = self.proto();
        p.code.push(op);
        p.spans.push(span);
        p.code.len() - 1
    }

    fn here(&mut self) -> usize {
        self.proto().code.len()
    }

    /// Point the jump at `at` to the current position.
    fn patch(&mut self, at: usize) {
        let target = self.here();
        self.patch_to(at, target);
    }

    fn patch_all(&mut self, jumps: Jumps) {
        for at in jumps {
            self.patch(at);
        }
    }

    fn patch_to(&mut self, at: usize, target: usize) {
        let off = target as i32 - at as i32 - 1;
        let op = &mut self.proto().code[at];
        match op {
            Op::Jump(o)
            | Op::JumpIfFalse(_, o)
            | Op::JumpIfTrue(_, o)
            | Op::JumpIfNotNil(_, o)
            | Op::JumpIfDefined(_, o)
            | Op::JumpIfNotLt(_, _, o)
            | Op::JumpIfNotLe(_, _, o)
            | Op::JumpIfNotGt(_, _, o)
            | Op::JumpIfNotGe(_, _, o)
            | Op::JumpIfNotEq(_, _, o)
            | Op::JumpIfNotNe(_, _, o)
            | Op::JumpIfNotLtI(_, _, o)
            | Op::JumpIfNotLeI(_, _, o)
            | Op::JumpIfNotGtI(_, _, o)
            | Op::JumpIfNotGeI(_, _, o)
            | Op::JumpIfNotEqI(_, _, o)
            | Op::JumpIfNotNeI(_, _, o)
            | Op::ForNext(_, _, o)
            | Op::TestLit(_, _, o)
            | Op::TryOrJump(_, _, o)
            | Op::TestRange(_, _, o)
            | Op::TestVariant(_, _, o)
            | Op::TestTuple(_, _, o)
            | Op::TestArray(_, _, o)
            | Op::TestStruct(_, _, o)
            | Op::PushHandler(_, o) => *o = off,
            _ => {}
        }
    }

    fn jump_back(&mut self, target: usize) {
        let at = self.emit(Op::Jump(0));
        self.patch_to(at, target);
    }

    fn konst(&mut self, v: Value) -> u32 {
        let p = self.proto();
        p.consts.push(v);
        (p.consts.len() - 1) as u32
    }

    fn sym(&mut self, s: &str) -> Sym {
        self.env.sym(s)
    }

    fn fail(&mut self, msg: impl Into<String>) {
        let k = self.konst(Value::string(msg.into()));
        self.emit(Op::Fail(k));
    }

    fn load_var(&mut self, var: Var, dst: Reg) {
        match var {
            Var::Local(r) => {
                if r != dst {
                    self.emit(Op::Move(dst, r));
                }
            }
            Var::Cell(r) => {
                self.emit(Op::GetCell(dst, r));
            }
            Var::Upval(u) => {
                self.emit(Op::GetUpval(dst, u));
            }
            Var::Global(g) => {
                self.emit(Op::GetGlobal(dst, g));
            }
        }
    }

    fn store_var(&mut self, var: Var, src: Reg) {
        match var {
            Var::Local(r) => {
                if r != src {
                    self.emit(Op::Move(r, src));
                }
            }
            Var::Cell(r) => {
                self.emit(Op::SetCell(r, src));
            }
            Var::Upval(u) => {
                self.emit(Op::SetUpval(u, src));
            }
            Var::Global(g) => {
                self.emit(Op::SetGlobal(g, src));
            }
        }
    }

    // ------------------------------------------------------------ statements

    /// Compile statements; the value of the last one goes to `dst`.
    /// `top_level`: `let` defines globals and items are global.
    pub(crate) fn stmts(&mut self, stmts: &[Stmt], dst: Option<Reg>, top_level: bool) {
        self.stmts_to(
            stmts,
            dst.map(Target::Reg).unwrap_or(Target::Effect),
            top_level,
        );
    }

    /// Compile statements; the value of the last one goes to `target`.
    pub(crate) fn stmts_to(&mut self, stmts: &[Stmt], target: Target, top_level: bool) {
        // the types a block declares are its own (§1.2, §5.2): names resolve to them inside
        // the block only, and whatever those names meant outside comes back after it
        let outer: Vec<(Rc<str>, Option<u32>)> = match top_level {
            true => Vec::new(),
            false => stmts
                .iter()
                .filter_map(|s| match s {
                    Stmt::Item(item) => items::declared_type(item),
                    _ => None,
                })
                .map(|n| (Rc::from(n), self.env.type_names.get(n).copied()))
                .collect(),
        };
        self.block_body(stmts, target, top_level);
        for (name, id) in outer.into_iter().rev() {
            match id {
                Some(id) => self.env.type_names.insert(name, id),
                None => self.env.type_names.remove(&name),
            };
        }
    }

    fn block_body(&mut self, stmts: &[Stmt], target: Target, top_level: bool) {
        let hoisted = self.declare_items(stmts, top_level);
        let n = stmts.len();
        if n == 0 {
            match target {
                Target::Reg(d) => {
                    self.emit(Op::Nil(d));
                }
                Target::Return => {
                    self.emit(Op::ReturnNil);
                }
                Target::Effect => {}
            }
            return;
        }
        for (i, s) in stmts.iter().enumerate() {
            let last = i + 1 == n;
            let dst = match (last, target) {
                (true, Target::Reg(d)) => Some(d),
                _ => None,
            };
            match s {
                // a `let` is worth its value (§16.1: `-e 'let x = 5'` prints 5)
                Stmt::Let(l) if last && matches!(target, Target::Return) => {
                    self.cur_span = l.span;
                    let mark = self.top();
                    let r = self.alloc();
                    self.let_stmt(l, top_level, Some(r));
                    self.emit(Op::Return(r));
                    self.free_to(mark);
                    continue;
                }
                Stmt::Let(l) => {
                    self.cur_span = l.span;
                    self.let_stmt(l, top_level, dst);
                }
                Stmt::Item(item) => {
                    self.item_at_position(item, top_level, &hoisted, dst);
                }
                Stmt::Expr(e) if last && matches!(target, Target::Return) => {
                    self.tail(e);
                    continue;
                }
                Stmt::Expr(e) => {
                    let mark = self.top();
                    match dst {
                        Some(d) => self.expr(e, d),
                        None => self.expr_effect(e),
                    }
                    self.free_to(mark);
                }
            }
            if last && matches!(target, Target::Return) {
                self.emit(Op::ReturnNil);
            }
        }
        if !self.f().predeclared.is_empty() {
            // (each `let` above took its cells; none may outlive the block)
            for s in stmts {
                if let Stmt::Let(l) = s {
                    self.f().predeclared.remove(&(l as *const LetStmt));
                }
            }
        }
    }

    /// Compile `e` in tail position of a function: return its value, with `if`/`match`
    /// branches returning directly instead of joining first.
    pub(crate) fn tail(&mut self, e: &Expr) {
        let saved = self.cur_span;
        self.cur_span = e.span;
        match &e.kind {
            ExprKind::Block(b) => {
                let mark = self.scope_mark();
                self.stmts_to(&b.stmts, Target::Return, false);
                self.end_scope(mark);
            }
            ExprKind::If { .. } => {
                // (an `else if` chain in a loop, as in `if_chain`)
                let mut e = e;
                while let ExprKind::If { cond, then, else_ } = &e.kind {
                    self.cur_span = e.span;
                    let jf = self.cond_jump(cond);
                    let mark = self.scope_mark();
                    self.stmts_to(&then.stmts, Target::Return, false);
                    self.end_scope(mark);
                    self.patch_all(jf);
                    let Some(other) = else_ else {
                        self.emit(Op::ReturnNil);
                        break;
                    };
                    e = other;
                    if !matches!(e.kind, ExprKind::If { .. }) {
                        self.tail(e);
                    }
                }
            }
            ExprKind::Ternary(c, a, b) => {
                let jf = self.cond_jump(c);
                self.tail(a);
                self.patch_all(jf);
                self.tail(b);
            }
            ExprKind::Match { scrutinee, arms } => self.match_tail(scrutinee, arms),
            _ => {
                let mark = self.top();
                self.plan_tail_moves(e);
                let mut r = self.expr_reg(e);
                self.tail_moves = None;
                // `Return` moves its register out, but a `&mut self` frame still writes `self`
                // back: return a copy of it
                let self_ref_mut = matches!(
                    self.proto().self_kind,
                    Some(ruchy_parser::ast::SelfKind::RefMut)
                );
                if self_ref_mut && matches!(e.kind, ExprKind::SelfValue) {
                    let t = self.alloc();
                    self.emit(Op::Move(t, r));
                    r = t;
                }
                self.emit(Op::Return(r));
                self.free_to(mark);
            }
        }
        self.cur_span = saved;
    }

    /// `e` is a call whose value the function returns: the arguments that are plain locals
    /// named once move into the callee instead of being copied, so an accumulator passed
    /// down a recursion (`acc.push(k); build(k - 1, acc)`) is not shared by every frame.
    /// Not inside `try` (a `finally` block may still read them) and never `self` (a
    /// `&mut self` frame writes it back).
    pub(crate) fn plan_tail_moves(&mut self, e: &Expr) {
        let ExprKind::Call { args, .. } = &e.kind else {
            return;
        };
        if !self.f().tries.is_empty() {
            return;
        }
        let mut regs = Vec::new();
        for a in args {
            if let ExprKind::Ident(name) = &a.value.kind {
                if name != "self" && place::uses_of(e, name) == 1 {
                    if let Var::Local(r) = self.resolve(name) {
                        regs.push(r);
                    }
                }
            }
        }
        if !regs.is_empty() {
            self.tail_moves = Some((self.fns.len(), regs));
        }
    }

    fn let_stmt(&mut self, l: &LetStmt, top_level: bool, dst: Option<Reg>) {
        // `let f = |n| … f(n - 1) …` may call itself: bind the name first
        let self_ref =
            matches!(l.value.kind, ExprKind::Closure(_)) && matches!(l.pat.kind, PatKind::Bind(_));
        if top_level {
            if let PatKind::Bind(id) = &l.pat.kind {
                let g = self.env.global_slot(&self.qualified(&id.name));
                let mark = self.top();
                let r = self.alloc();
                // (a closure that calls itself reads the binding it is being bound to)
                let seen = self.shadow_seen(&id.name);
                if self_ref {
                    self.shadow_bump(&id.name);
                }
                self.expr(&l.value, r);
                if let Some(d) = dst {
                    self.emit(Op::Move(d, r));
                }
                self.shadow_snapshot(&id.name, seen, g);
                if !self_ref {
                    self.shadow_bump(&id.name);
                }
                self.emit(Op::DefGlobal(g, r));
                self.free_to(mark);
                return;
            }
            let mark = self.top();
            let r = self.alloc();
            self.expr(&l.value, r);
            self.destructure_global(&l.pat, r);
            if let Some(d) = dst {
                self.emit(Op::Move(d, r));
            }
            self.free_to(mark);
            return;
        }
        let cells = self
            .f()
            .predeclared
            .remove(&(l as *const LetStmt))
            .unwrap_or_default();
        if let (PatKind::Bind(_), [(_, r)]) = (&l.pat.kind, &cells[..]) {
            return self.let_predeclared(l, *r, self_ref, dst);
        }
        if let (true, PatKind::Bind(id)) = (self_ref, &l.pat.kind) {
            let r = self.alloc();
            self.emit(Op::Nil(r));
            self.add_local(&id.name, r);
            let var = self.resolve(&id.name);
            let mark = self.top();
            let t = self.alloc();
            self.expr(&l.value, t);
            // (the value goes to `dst` first: storing it into a cell moves it out of `t`)
            if let Some(d) = dst {
                self.emit(Op::Move(d, t));
            }
            self.store_var(var, t);
            self.free_to(mark);
            return;
        }
        if let PatKind::Bind(id) = &l.pat.kind {
            let r = self.alloc();
            self.expr(&l.value, r);
            self.add_local(&id.name, r);
            if let Some(d) = dst {
                self.emit(Op::Move(d, r));
            }
        } else {
            let regs = self.declare_pattern_regs(&l.pat);
            let mark = self.top();
            let v = self.alloc();
            self.expr(&l.value, v);
            let fail = self.pattern_test(&l.pat, v, &regs);
            let done = self.emit(Op::Jump(0));
            for at in fail {
                self.patch(at);
            }
            self.fail("Pattern does not match value");
            self.patch(done);
            if let Some(d) = dst {
                self.emit(Op::Move(d, v));
            }
            self.free_to(mark);
            for (name, reg) in &regs {
                match cells.iter().find(|(n, _)| n == name) {
                    // (a cell made at the block's start: see `let_predeclared`)
                    Some(&(_, cell)) => {
                        self.emit(Op::SetCell(cell, *reg));
                        self.add_cell_local(name, cell);
                    }
                    None => self.add_local(name, *reg),
                }
            }
        }
    }

    /// `let NAME = value` into the cell made at its block's start (`items::declare_items`):
    /// the nested functions that use NAME hold that cell already.
    fn let_predeclared(&mut self, l: &LetStmt, cell: Reg, self_ref: bool, dst: Option<Reg>) {
        let PatKind::Bind(id) = &l.pat.kind else {
            return;
        };
        // (a closure that calls itself sees its own name: `let f = |n| … f(n - 1)`)
        if self_ref {
            self.add_cell_local(&id.name, cell);
        }
        let mark = self.top();
        let t = self.alloc();
        self.expr(&l.value, t);
        if let Some(d) = dst {
            self.emit(Op::Move(d, t));
        }
        self.emit(Op::SetCell(cell, t));
        self.free_to(mark);
        if !self_ref {
            self.add_cell_local(&id.name, cell);
        }
    }

    /// Top-level destructuring `let (a, b) = …`: test, then define each bound global.
    fn destructure_global(&mut self, pat: &Pattern, v: Reg) {
        let regs = self.declare_pattern_regs(pat);
        let fail = self.pattern_test(pat, v, &regs);
        let done = self.emit(Op::Jump(0));
        for at in fail {
            self.patch(at);
        }
        self.fail("Pattern does not match value");
        self.patch(done);
        for (name, reg) in &regs {
            let g = self.env.global_slot(&self.qualified(name));
            let seen = self.shadow_seen(name);
            self.shadow_snapshot(name, seen, g);
            self.shadow_bump(name);
            self.emit(Op::DefGlobal(g, *reg));
        }
    }
}
