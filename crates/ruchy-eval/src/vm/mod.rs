//! The virtual machine: frames over one register stack, the dispatch loop, exception
//! handlers, the recursion limit and the execution budget.

pub(crate) mod arith;
mod call;
pub(crate) mod data;
mod moved;
mod place;
mod repeat;
mod strindex;

use crate::builtins::Args;
use crate::bytecode::*;
use crate::decode;
use crate::env::Env;
use crate::error::{err, ErrorKind, RuntimeError, TraceEntry, VResult};
use crate::output::Output;
use crate::value::{Closure, Moved, Value};
use std::rc::Rc;

pub use place::WriteBack;
pub(crate) use repeat::Repeat;

/// Return `v` from frame `fi`: hand it to the native caller when `fi` is where `execute`
/// started, else store it in the caller's result register.
macro_rules! return_value {
    ($vm:ident, $fi:ident, $stop:ident, $out:ident, $v:expr) => {{
        let v = $v;
        let frame = $vm.pop_frame(false);
        if $fi == $stop {
            *$out = v;
            return Ok(());
        }
        if let Some(f) = frame {
            $vm.stack[f.base - 1] = v;
        }
    }};
}

/// Upvalue `u` read before the `let` that binds it has run (a nested function called
/// before that point of its block: its cell holds `Undefined`).
#[cold]
pub(crate) fn undefined_upval<T>(proto: &Proto, u: u16) -> VResult<T> {
    let name = proto.upval_names.get(u as usize).map_or("", |n| n);
    err(format!("Undefined variable: {name}"))
}

/// The cell of upvalue `u`, or the error of reading it before its `let` has run.
pub(crate) fn bound_upval(closure: &Closure, u: u16) -> VResult<&Rc<std::cell::RefCell<Value>>> {
    let cell = &closure.upvals[u as usize];
    if let Value::Undefined = *cell.borrow() {
        return undefined_upval(&closure.proto, u);
    }
    Ok(cell)
}

pub(crate) struct Frame {
    pub closure: Rc<Closure>,
    /// `closure.proto` and its code, cached so resuming a frame is one load deep.
    pub proto: *const Proto,
    pub code: *const u64,
    pub pc: usize,
    pub base: usize,
    /// `WRITEBACK` and `HANDLER`: set, the frame's return takes the general path.
    pub flags: u8,
}

/// A `&mut self` method called on a place: `self` goes back on return, to the place on top
/// of `Vm::writebacks`.
pub(crate) const WRITEBACK: u8 = 1;
/// The frame has an exception handler (set by `PushHandler`, cleared by the `PopHandler`
/// of its last one).
const HANDLER: u8 = 2;

pub(crate) struct Handler {
    pub(crate) frame: usize,
    pub(crate) pc: usize,
    pub(crate) reg: Reg,
}

/// Checked every few thousand loop iterations and calls; `Some(message)` stops the program.
pub type InterruptHook = Box<dyn FnMut() -> Option<String>>;

pub struct Vm {
    pub env: Env,
    pub(crate) stack: Vec<Value>,
    pub(crate) frames: Vec<Frame>,
    handlers: Vec<Handler>,
    /// The places of the frames with `writeback` set, innermost last.
    pub(crate) writebacks: Vec<WriteBack>,
    /// The errors handlers caught, by the stack index of the register that holds the
    /// caught value, lowest first: `Rethrow` raises the original error again.
    caught: Vec<(usize, Box<RuntimeError>)>,
    /// The roots of `writebacks` that are globals or captured variables' cells (the only
    /// places other code can read while the method runs), innermost last.
    pub(crate) moved_roots: Vec<place::AbsRoot>,
    pub(crate) out: Box<dyn Output>,
    /// Maximum depth of nested user calls (§6.4).
    pub max_depth: usize,
    /// Maximum nesting of builtins calling back into user code (native stack use).
    pub max_native_depth: usize,
    /// The session goes on after an uncaught error (the REPL): its globals stay visible,
    /// as if a handler caught every error (see `rollback_observable`).
    pub resumes_after_errors: bool,
    native_depth: usize,
    /// The frame a return leaves in place for the next call (`repeat.rs`), or `usize::MAX`.
    keep_frame: usize,
    ticks: u32,
    interrupt: Option<InterruptHook>,
    /// The global `main` has been called (§1 rule 4).
    pub main_called: bool,
    /// Positions found in the last strings indexed by character.
    str_cursors: strindex::StrCursors,
}

const TICK_INTERVAL: u32 = 4096;

impl Vm {
    pub fn new(out: Box<dyn Output>) -> Vm {
        Vm {
            env: Env::new(),
            stack: Vec::with_capacity(1024),
            frames: Vec::with_capacity(64),
            handlers: Vec::new(),
            writebacks: Vec::new(),
            caught: Vec::new(),
            moved_roots: Vec::new(),
            out,
            max_depth: 20_000,
            max_native_depth: 20_000,
            resumes_after_errors: false,
            native_depth: 0,
            keep_frame: usize::MAX,
            ticks: TICK_INTERVAL,
            interrupt: None,
            main_called: false,
            str_cursors: Default::default(),
        }
    }

    pub fn set_output(&mut self, out: Box<dyn Output>) -> Box<dyn Output> {
        std::mem::replace(&mut self.out, out)
    }

    pub fn set_interrupt(&mut self, hook: Option<InterruptHook>) {
        self.interrupt = hook;
    }

    pub fn write(&mut self, s: &str) {
        self.out.write_str(s);
    }

    pub fn flush(&mut self) {
        self.out.flush();
    }

    /// Run a compiled top-level chunk; returns the value of its last statement.
    pub fn run_chunk(&mut self, proto: Rc<Proto>) -> VResult<Value> {
        let closure = Rc::new(Closure {
            proto,
            upvals: Default::default(),
        });
        let result = self.call_closure(closure, Args::new());
        if result.is_err() {
            self.reset_after_error();
        }
        result
    }

    /// Call the global `main` if it exists and was never called (§1 rule 4).
    pub fn run_main_rule(&mut self) -> VResult<Option<Value>> {
        if self.main_called {
            return Ok(None);
        }
        let Some(&g) = self.env.global_names.get("main") else {
            return Ok(None);
        };
        let f = self.env.globals[g as usize].clone();
        if !matches!(f, Value::Func(_)) {
            return Ok(None);
        }
        let r = self.call_value(f, Args::new());
        if r.is_err() {
            self.reset_after_error();
        }
        r.map(Some)
    }

    fn reset_after_error(&mut self) {
        self.keep_frame = usize::MAX;
        self.frames.clear();
        self.handlers.clear();
        self.writebacks.clear();
        self.caught.clear();
        self.moved_roots.clear();
        self.stack.clear();
        self.native_depth = 0;
    }

    /// Call any function value with arguments (used by builtins such as `map`).
    pub fn call_value(&mut self, f: Value, args: Args) -> VResult<Value> {
        match f {
            Value::Func(c) => self.call_closure(c, args),
            Value::Builtin(id) => crate::builtins::call_builtin(self, id, args),
            Value::Cell(c) => {
                let inner = c.borrow().clone();
                self.call_value(inner, args)
            }
            other => err(format!(
                "Cannot call non-function value: {}",
                other.type_name()
            )),
        }
    }

    /// First free stack index above the current frame's registers.
    fn stack_top(&self) -> usize {
        match self.frames.last() {
            Some(f) => f.base + f.closure.proto.max_regs as usize,
            None => 0,
        }
    }

    /// Call a function value with a fixed number of arguments, without allocating
    /// (the callbacks of `map`, `filter`, `reduce`, `sort_by` …).
    #[inline]
    pub fn call_n<const N: usize>(&mut self, f: &Value, args: [Value; N]) -> VResult<Value> {
        let mut out = Value::Nil;
        self.call_n_into(f, args, &mut out)?;
        Ok(out)
    }

    /// `call_n`, storing the result whole in `out` (see `execute_into`).
    #[inline]
    pub fn call_n_into<const N: usize>(
        &mut self,
        f: &Value,
        args: [Value; N],
        out: &mut Value,
    ) -> VResult<()> {
        let Value::Func(c) = f else {
            *out = self.call_value(f.clone(), args.into_iter().collect())?;
            return Ok(());
        };
        // the arguments move in: an accumulator passed by value stays unshared, so the
        // callee can update it in place (`fold([], |acc, x| { acc.push(x); acc })`)
        let base = self.enter_native(c, N)?;
        for (slot, a) in self.stack[base..base + N].iter_mut().zip(args) {
            Value::set(slot, a);
        }
        self.run_native(c, base, N, out)
    }

    /// Call a function value with arguments it gets copies of, storing the result whole in
    /// `out`: each argument is copied in one move from where it lives (an array element …)
    /// into the callee's register.
    #[inline]
    pub fn call_ref_into<const N: usize>(
        &mut self,
        f: &Value,
        args: [&Value; N],
        out: &mut Value,
    ) -> VResult<()> {
        let Value::Func(c) = f else {
            *out = self.call_value(f.clone(), args.into_iter().cloned().collect())?;
            return Ok(());
        };
        let base = self.enter_native(c, N)?;
        for (slot, a) in self.stack[base..base + N].iter_mut().zip(args) {
            // SAFETY: both are values; the argument does not live in the stack slot.
            unsafe { Value::set_clone(slot, a) };
        }
        self.run_native(c, base, N, out)
    }

    /// The first argument register of a native call of `c` with `argc` arguments (the
    /// stack made big enough), after checking the native depth.
    #[inline]
    fn enter_native(&mut self, c: &Rc<Closure>, argc: usize) -> VResult<usize> {
        if self.native_depth >= self.max_native_depth {
            return Err(self.native_depth_error());
        }
        let base = self.stack_top() + 1;
        let need = base + (c.proto.max_regs as usize).max(argc) + 1;
        if self.stack.len() < need {
            self.grow_stack(need);
        }
        Ok(base)
    }

    /// Run `c` with its arguments in place from `base`, its result into `out`.
    #[inline]
    fn run_native(
        &mut self,
        c: &Rc<Closure>,
        base: usize,
        argc: usize,
        out: &mut Value,
    ) -> VResult<()> {
        self.push_frame(c.clone(), base, argc)?;
        let stop = self.frames.len() - 1;
        self.native_depth += 1;
        let r = self.execute_into(stop, out);
        self.native_depth -= 1;
        r
    }

    #[cold]
    fn native_depth_error(&self) -> Box<RuntimeError> {
        RuntimeError::new(ErrorKind::Msg(format!(
            "Recursion limit exceeded: depth {} exceeds maximum {}",
            self.max_native_depth + 1,
            self.max_native_depth
        )))
    }

    pub(crate) fn call_closure(&mut self, c: Rc<Closure>, args: Args) -> VResult<Value> {
        let argc = args.len();
        let base = self.enter_native(&c, argc)?;
        for (slot, a) in self.stack[base..base + argc].iter_mut().zip(args) {
            *slot = a;
        }
        let mut out = Value::Nil;
        self.run_native(&c, base, argc, &mut out)?;
        Ok(out)
    }

    /// Run until the frame at index `stop` returns its value into `out`. (The value is
    /// stored whole: returned inside a `Result`, it would be copied piece by piece, and
    /// reading it whole afterwards stalls.)
    #[inline]
    fn execute_into(&mut self, stop: usize, out: &mut Value) -> VResult<()> {
        loop {
            match self.dispatch(stop, out) {
                Ok(()) => return Ok(()),
                Err(e) => self.unwind(e, stop)?,
            }
        }
    }

    /// Route an error to the innermost handler of frames at or above `stop`,
    /// or unwind those frames and return it (with a call trace).
    fn unwind(&mut self, mut e: Box<RuntimeError>, stop: usize) -> VResult<()> {
        if e.location.is_none() {
            if let Some(f) = self.frames.last() {
                let p = &f.closure.proto;
                let pc = f.pc.saturating_sub(1);
                if let (Some(src), Some(&span)) = (&p.source, p.spans.get(pc)) {
                    e.location = Some((src.clone(), span));
                }
            }
        }
        let handler = if e.is_fatal() {
            None
        } else {
            self.handlers
                .last()
                .filter(|h| h.frame >= stop)
                .map(|h| (h.frame, h.pc, h.reg))
        };
        let target = handler.map(|h| h.0 + 1).unwrap_or(stop);
        while self.frames.len() > target {
            if let Some(f) = self.frames.last() {
                let line = f.closure.proto.line_at(f.pc.saturating_sub(1));
                e.trace.push(TraceEntry {
                    function: f.closure.proto.name.clone(),
                    line,
                });
            }
            self.pop_frame(true);
        }
        match handler {
            Some((frame, pc, reg)) => {
                self.handlers.pop();
                let f = &mut self.frames[frame];
                f.pc = pc;
                let slot = f.base + reg as usize;
                self.stack[slot] = e.caught_value();
                // entries at or above `slot` belong to finished `try`s or popped frames
                self.caught.retain(|&(i, _)| i < slot);
                self.caught.push((slot, e));
                Ok(())
            }
            None => {
                while self.handlers.last().is_some_and(|h| h.frame >= stop) {
                    self.handlers.pop();
                }
                Err(e)
            }
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn push_frame(
        &mut self,
        closure: Rc<Closure>,
        base: usize,
        argc: usize,
    ) -> VResult<()> {
        let p = &*closure.proto;
        if argc != p.call_nparams as usize {
            self.missing_args(p, base, argc)?;
        }
        if self.frames.len() > self.max_depth {
            return Err(self.depth_error());
        }
        let need = base + p.max_regs as usize + 1;
        if self.stack.len() < need {
            self.grow_stack(need);
        }
        self.tick()?;
        let proto: *const Proto = &*closure.proto;
        let code = closure.proto.exec.as_ptr();
        if self.frames.len() == self.frames.capacity() {
            self.frames.reserve(self.frames.len().max(16));
        }
        // SAFETY: there is room for one more frame. Fields are written in place: building the
        // frame on the stack and copying it stalls on store forwarding.
        unsafe {
            let len = self.frames.len();
            let slot = self.frames.as_mut_ptr().add(len);
            std::ptr::addr_of_mut!((*slot).closure).write(closure);
            std::ptr::addr_of_mut!((*slot).proto).write(proto);
            std::ptr::addr_of_mut!((*slot).code).write(code);
            std::ptr::addr_of_mut!((*slot).pc).write(0);
            std::ptr::addr_of_mut!((*slot).base).write(base);
            std::ptr::addr_of_mut!((*slot).flags).write(0);
            self.frames.set_len(len + 1);
        }
        Ok(())
    }

    #[cold]
    fn grow_stack(&mut self, need: usize) {
        let target = need.max(self.stack.len() * 2);
        self.stack.resize(target, Value::Nil);
    }

    #[cold]
    fn depth_error(&self) -> Box<RuntimeError> {
        RuntimeError::new(ErrorKind::Msg(format!(
            "Recursion limit exceeded: depth {} exceeds maximum {}",
            self.max_depth + 1,
            self.max_depth
        )))
    }

    /// Fewer or more arguments than parameters: check the arity, mark the rest as not passed.
    #[cold]
    fn missing_args(&mut self, p: &Proto, base: usize, argc: usize) -> VResult<()> {
        let nparams = p.nparams as usize;
        // (`main` comes here on every call, its `call_nparams` never matching)
        if argc != nparams {
            if argc > nparams || argc < p.nrequired as usize {
                return Err(self.arity_error(p, argc));
            }
            // a parameter without default after one with a default (`fun f(a = 1, b)`)
            let shift = usize::from(p.self_kind.is_some());
            let unfilled = (argc.max(shift)..nparams)
                .any(|i| !p.param_defaults.get(i - shift).copied().unwrap_or(true));
            if unfilled {
                return Err(self.arity_error(p, argc));
            }
            let need = base + p.max_regs as usize + 1;
            if self.stack.len() < need {
                self.grow_stack(need);
            }
            for i in argc..nparams {
                self.stack[base + i] = Value::Undefined;
            }
        }
        // `main` counts as called once its call cannot fail
        if p.is_main && self.frames.len() <= self.max_depth {
            self.main_called = true;
        }
        Ok(())
    }

    fn arity_error(&self, p: &Proto, argc: usize) -> Box<RuntimeError> {
        self.arity_error_counting(p, argc, false)
    }

    /// `with_self`: the call passes the receiver as an argument (`Type::method(x, …)`), so
    /// it is counted as one.
    pub(crate) fn arity_error_counting(
        &self,
        p: &Proto,
        argc: usize,
        with_self: bool,
    ) -> Box<RuntimeError> {
        let is_method = p.self_kind.is_some() && !with_self;
        let shift = usize::from(is_method);
        let (lo, hi) = (
            p.nrequired as usize - shift.min(p.nrequired as usize),
            p.nparams as usize - shift,
        );
        let got = argc.saturating_sub(shift);
        if p.name.starts_with("Variant ") {
            // a tuple variant used as a function value (`let mk = Shape::Rect`)
            return RuntimeError::new(ErrorKind::Msg(format!(
                "{} expects {hi} values, got {got}",
                p.name
            )));
        }
        let name = p.name.rsplit("::").next().unwrap_or(&p.name);
        let name = if &*p.name == "<closure>" {
            "<closure>"
        } else {
            name
        };
        let expects = if lo == hi {
            format!("{hi}")
        } else {
            format!("{lo} to {hi}")
        };
        RuntimeError::new(ErrorKind::Msg(format!(
            "Function '{name}' expects {expects} arguments, got {got}"
        )))
    }

    /// Pop the top frame: write `self` back, drop its registers and handlers. When an
    /// exception `unwinding` the frame, a `self` that was copied is not written back.
    fn pop_frame(&mut self, unwinding: bool) -> Option<Frame> {
        let frame = self.frames.pop()?;
        let depth = self.frames.len();
        while self.handlers.last().is_some_and(|h| h.frame >= depth) {
            self.handlers.pop();
        }
        if frame.flags & WRITEBACK != 0 {
            if let Some(wb) = self.writebacks.pop() {
                if wb.moved && wb.is_shared() {
                    self.moved_roots.pop();
                }
                let value = match std::mem::take(&mut self.stack[frame.base]) {
                    // `self` captured by a closure lives in a cell: write back its content
                    Value::Cell(c) => c.borrow().clone(),
                    v => v,
                };
                if wb.moved || !unwinding {
                    let _ = self.write_back(&wb, value);
                }
            }
        }
        let end = (frame.base + frame.closure.proto.max_regs as usize).min(self.stack.len());
        for v in &mut self.stack[frame.base..end] {
            if v.is_heap() {
                *v = Value::Nil;
            }
        }
        Some(frame)
    }

    /// Count one backward jump or call; every so often ask the interrupt hook.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn tick(&mut self) -> VResult<()> {
        self.ticks -= 1;
        if self.ticks == 0 {
            return self.tick_slow();
        }
        Ok(())
    }

    /// After building a big value (a long array or string): consult the interrupt hook at
    /// the next tick, so the time budget holds when every loop iteration does much work.
    #[inline]
    pub(crate) fn charge(&mut self, v: &Value) {
        let big = match v {
            Value::Array(a) => a.len() > 1 << 16,
            Value::Str(s) => s.len() > 1 << 20,
            _ => false,
        };
        if big {
            self.ticks = 1;
        }
    }

    #[cold]
    fn tick_slow(&mut self) -> VResult<()> {
        self.ticks = TICK_INTERVAL;
        if let Some(hook) = self.interrupt.as_mut() {
            if let Some(msg) = hook() {
                return Err(RuntimeError::new(ErrorKind::Fatal(msg)));
            }
        }
        Ok(())
    }

    fn dispatch(&mut self, stop: usize, out: &mut Value) -> VResult<()> {
        'frames: loop {
            let fi = self.frames.len() - 1;
            // SAFETY: a frame keeps its closure alive while it runs; `closure`, `proto` and
            // `code` are used only until the frame is popped, after which we `continue 'frames`.
            let (closure, proto, code, base, pc): (&Closure, &Proto, *const u64, usize, usize) = {
                let f = unsafe { self.frames.get_unchecked(fi) };
                (
                    unsafe { &*Rc::as_ptr(&f.closure) },
                    unsafe { &*f.proto },
                    f.code,
                    f.base,
                    f.pc,
                )
            };
            // SAFETY: push_frame sized the stack for all of this frame's registers. The stack is
            // reallocated only by calls, and every call op continues 'frames, reloading `regs`.
            let regs: *mut Value = unsafe { self.stack.as_mut_ptr().add(base) };
            // the next instruction (the frame keeps its index, written back by `save_pc!`)
            let mut ip: *const u64 = unsafe { code.add(pc) };
            macro_rules! reg {
                ($r:expr) => {
                    (*regs.add($r as usize))
                };
            }
            macro_rules! set {
                ($r:expr, $v:expr) => {{
                    let v = $v;
                    Value::set(&mut *regs.add($r as usize), v)
                }};
            }
            macro_rules! save_pc {
                () => {
                    let f = self.frames.get_unchecked_mut(fi);
                    f.pc = ip.offset_from(f.code) as usize
                };
            }
            macro_rules! tri {
                ($e:expr) => {
                    match $e {
                        Ok(v) => v,
                        Err(e) => {
                            save_pc!();
                            return Err(e);
                        }
                    }
                };
            }
            macro_rules! jump {
                ($off:expr) => {{
                    let off = $off;
                    ip = ip.offset(off as isize);
                    if off < 0 {
                        tri!(self.tick());
                    }
                }};
            }
            macro_rules! binop {
                ($d:expr, $a:expr, $b:expr, $f:path) => {{
                    let v = tri!($f(&reg!($a), &reg!($b)));
                    set!($d, v);
                }};
            }
            // `==`: integers inline, everything else through `values_equal`.
            macro_rules! equal {
                ($a:expr, $b:expr) => {
                    match (&reg!($a), &reg!($b)) {
                        (Value::Int(x), Value::Int(y)) => x == y,
                        (x, y) => crate::value::values_equal(x, y),
                    }
                };
            }
            // A comparison: integers and floats inline, everything else through `arith`.
            macro_rules! compare {
                ($a:expr, $b:expr, $op:tt, $f:path) => {
                    match (&reg!($a), &reg!($b)) {
                        (Value::Int(x), Value::Int(y)) => x $op y,
                        (Value::Float(x), Value::Float(y)) => x $op y,
                        (x, y) => tri!($f(x, y)),
                    }
                };
            }
            macro_rules! cmp_value {
                ($d:expr, $a:expr, $b:expr, $op:tt, $f:path) => {{
                    let hold = compare!($a, $b, $op, $f);
                    Value::put_bool(&mut reg!($d), hold);
                }};
            }
            macro_rules! cmp_jump {
                ($a:expr, $b:expr, $off:expr, $int:tt, $f:path) => {{
                    let hold = compare!($a, $b, $int, $f);
                    if !hold {
                        jump!($off);
                    }
                }};
            }
            // Pop this frame and hand `v` to the caller (or to the native code that called
            // `execute`). Frames with a write-back or a live handler take the general path.
            macro_rules! fast_return {
                ($v:expr) => {{
                    let v: Moved = $v;
                    let frame = self.frames.get_unchecked(fi);
                    if frame.flags != 0 {
                        return_value!(self, fi, stop, out, v.into_value());
                        continue 'frames;
                    }
                    for i in 0..proto.max_regs as usize {
                        let slot = &mut *regs.add(i);
                        if slot.is_heap() {
                            *slot = Value::Nil;
                        }
                    }
                    if fi == stop && self.keep_frame == stop {
                        // (`repeat.rs` runs this frame again: the frame at `stop` is always
                        // the one it pushed, as no instruction replaces a frame in place)
                        v.put(out);
                        return Ok(());
                    }
                    let Frame {
                        closure: callee, ..
                    } = self.frames.pop().unwrap_unchecked();
                    drop(callee);
                    if fi == stop {
                        v.put(out);
                        return Ok(());
                    }
                    v.put(&mut *regs.sub(1));
                    continue 'frames;
                }};
            }
            macro_rules! cmp_imm_jump {
                ($a:expr, $i:expr, $off:expr, $int:tt, $f:path) => {{
                    let hold = match &reg!($a) {
                        Value::Int(x) => *x $int $i as i64,
                        x => tri!($f(x, &Value::Int($i as i64))),
                    };
                    if !hold {
                        jump!($off);
                    }
                }};
            }
            loop {
                debug_assert!(
                    unsafe { ip.offset_from(proto.exec.as_ptr()) as usize } < proto.exec.len()
                );
                // SAFETY: every code path of a proto ends in a return or a jump inside it.
                let w: u64 = unsafe { *ip };
                ip = unsafe { ip.add(1) };
                #[allow(unused_unsafe)]
                unsafe {
                    match w as u8 {
                        opc::Nil => {
                            let d = decode!(Nil, w);
                            set!(d, Value::Nil)
                        }
                        opc::True => {
                            let d = decode!(True, w);
                            Value::put_bool(&mut reg!(d), true)
                        }
                        opc::False => {
                            let d = decode!(False, w);
                            Value::put_bool(&mut reg!(d), false)
                        }
                        opc::Int => {
                            let (d, i) = decode!(Int, w);
                            Value::put_int(&mut reg!(d), i as i64)
                        }
                        opc::Const => {
                            let (d, k) = decode!(Const, w);
                            set!(d, proto.consts[k as usize].clone())
                        }
                        opc::Move => {
                            let (d, s) = decode!(Move, w);
                            Value::set_clone(regs.add(d as usize), regs.add(s as usize));
                        }
                        opc::Take => {
                            let (d, s) = decode!(Take, w);
                            Value::set_take(regs.add(d as usize), regs.add(s as usize));
                        }
                        opc::GetGlobal => {
                            let (d, g) = decode!(GetGlobal, w);
                            let v = tri!(self.get_global(g));
                            set!(d, v);
                        }
                        opc::DefGlobal => {
                            let (g, s) = decode!(DefGlobal, w);
                            let v = std::mem::take(&mut reg!(s));
                            self.env.globals[g as usize] = v;
                        }
                        opc::SetGlobal => {
                            let (g, s) = decode!(SetGlobal, w);
                            if let Value::Undefined = self.env.globals[g as usize] {
                                tri!(self.undefined_global(g));
                            }
                            let v = std::mem::take(&mut reg!(s));
                            self.env.globals[g as usize] = v;
                        }
                        opc::GetUpval => {
                            let (d, u) = decode!(GetUpval, w);
                            let cell = &closure.upvals[u as usize];
                            let mut v = cell.borrow().clone();
                            if let Value::Undefined = v {
                                tri!(undefined_upval(proto, u));
                            }
                            if !self.moved_roots.is_empty() {
                                v = self.read_moved_cell(cell, v);
                            }
                            set!(d, v);
                        }
                        opc::SetUpval => {
                            let (u, s) = decode!(SetUpval, w);
                            let v = std::mem::take(&mut reg!(s));
                            *closure.upvals[u as usize].borrow_mut() = v;
                        }
                        opc::NewCell => {
                            let r = decode!(NewCell, w);
                            let v = std::mem::take(&mut reg!(r));
                            set!(r, Value::Cell(Rc::new(std::cell::RefCell::new(v))));
                        }
                        opc::GetCell => {
                            let (d, c) = decode!(GetCell, w);
                            let v = match &reg!(c) {
                                Value::Cell(cell) => cell.borrow().clone(),
                                other => other.clone(),
                            };
                            set!(d, v);
                        }
                        opc::SetCell => {
                            let (c, s) = decode!(SetCell, w);
                            let v = std::mem::take(&mut reg!(s));
                            match &reg!(c) {
                                Value::Cell(cell) => *cell.borrow_mut() = v,
                                _ => set!(c, v),
                            }
                        }
                        opc::Closure => {
                            let (d, idx) = decode!(Closure, w);
                            let v = self.make_closure(closure, &proto.protos[idx as usize], base);
                            set!(d, v);
                        }
                        opc::Add => {
                            let (d, a, b) = decode!(Add, w);
                            match (&reg!(a), &reg!(b)) {
                                (Value::Int(x), Value::Int(y)) => match x.checked_add(*y) {
                                    Some(r) => Value::put_int(&mut reg!(d), r),
                                    None => tri!(err("Integer overflow in addition")),
                                },
                                (Value::Float(x), Value::Float(y)) => {
                                    let r = x + y;
                                    Value::put_float(&mut reg!(d), r)
                                }
                                (Value::Int(x), Value::Float(y)) => {
                                    let r = *x as f64 + y;
                                    Value::put_float(&mut reg!(d), r)
                                }
                                (Value::Float(x), Value::Int(y)) => {
                                    let r = x + *y as f64;
                                    Value::put_float(&mut reg!(d), r)
                                }
                                _ if d == a && d != b => {
                                    tri!(arith::add_assign(&mut reg!(d), &reg!(b)));
                                }
                                (x, y) => {
                                    let v = tri!(arith::add(x, y));
                                    set!(d, v);
                                }
                            }
                        }
                        opc::Sub => {
                            let (d, a, b) = decode!(Sub, w);
                            match (&reg!(a), &reg!(b)) {
                                (Value::Int(x), Value::Int(y)) => match x.checked_sub(*y) {
                                    Some(r) => Value::put_int(&mut reg!(d), r),
                                    None => tri!(err("Integer overflow in subtraction")),
                                },
                                (Value::Float(x), Value::Float(y)) => {
                                    let r = x - y;
                                    Value::put_float(&mut reg!(d), r)
                                }
                                (Value::Int(x), Value::Float(y)) => {
                                    let r = *x as f64 - y;
                                    Value::put_float(&mut reg!(d), r)
                                }
                                (Value::Float(x), Value::Int(y)) => {
                                    let r = x - *y as f64;
                                    Value::put_float(&mut reg!(d), r)
                                }
                                (x, y) => {
                                    let v = tri!(arith::sub(x, y));
                                    set!(d, v);
                                }
                            }
                        }
                        opc::Mul => {
                            let (d, a, b) = decode!(Mul, w);
                            match (&reg!(a), &reg!(b)) {
                                (Value::Int(x), Value::Int(y)) => match x.checked_mul(*y) {
                                    Some(r) => Value::put_int(&mut reg!(d), r),
                                    None => tri!(err("Integer overflow in multiplication")),
                                },
                                (Value::Float(x), Value::Float(y)) => {
                                    let r = x * y;
                                    Value::put_float(&mut reg!(d), r)
                                }
                                (Value::Int(x), Value::Float(y)) => {
                                    let r = *x as f64 * y;
                                    Value::put_float(&mut reg!(d), r)
                                }
                                (Value::Float(x), Value::Int(y)) => {
                                    let r = x * *y as f64;
                                    Value::put_float(&mut reg!(d), r)
                                }
                                (x, y) => {
                                    let v = tri!(arith::mul(x, y));
                                    set!(d, v);
                                }
                            }
                        }
                        opc::Div => {
                            let (d, a, b) = decode!(Div, w);
                            match (&reg!(a), &reg!(b)) {
                                (Value::Float(x), Value::Float(y)) => {
                                    let r = x / y;
                                    Value::put_float(&mut reg!(d), r)
                                }
                                (Value::Int(x), Value::Float(y)) => {
                                    let r = *x as f64 / y;
                                    Value::put_float(&mut reg!(d), r)
                                }
                                (Value::Float(x), Value::Int(y)) => {
                                    let r = x / *y as f64;
                                    Value::put_float(&mut reg!(d), r)
                                }
                                // (zero and MIN / -1 take the checked path and its errors)
                                (Value::Int(x), Value::Int(y)) if *y != 0 && *y != -1 => {
                                    let r = x / y;
                                    Value::put_int(&mut reg!(d), r)
                                }
                                _ => binop!(d, a, b, arith::div),
                            }
                        }
                        opc::Rem => {
                            let (d, a, b) = decode!(Rem, w);
                            match (&reg!(a), &reg!(b)) {
                                (Value::Int(x), Value::Int(y)) if *y != 0 && *y != -1 => {
                                    let r = x % y;
                                    Value::put_int(&mut reg!(d), r)
                                }
                                (x, y) => {
                                    let v = tri!(arith::rem(x, y));
                                    set!(d, v);
                                }
                            }
                        }
                        opc::Pow => {
                            let (d, a, b) = decode!(Pow, w);
                            binop!(d, a, b, arith::pow)
                        }
                        opc::BitAnd => {
                            let (d, a, b) = decode!(BitAnd, w);
                            binop!(d, a, b, arith::bit_and)
                        }
                        opc::BitOr => {
                            let (d, a, b) = decode!(BitOr, w);
                            binop!(d, a, b, arith::bit_or)
                        }
                        opc::BitXor => {
                            let (d, a, b) = decode!(BitXor, w);
                            binop!(d, a, b, arith::bit_xor)
                        }
                        opc::Shl => {
                            let (d, a, b) = decode!(Shl, w);
                            binop!(d, a, b, arith::shl)
                        }
                        opc::Shr => {
                            let (d, a, b) = decode!(Shr, w);
                            binop!(d, a, b, arith::shr)
                        }
                        opc::Eq => {
                            let (d, a, b) = decode!(Eq, w);
                            let v = equal!(a, b);
                            Value::put_bool(&mut reg!(d), v);
                        }
                        opc::Ne => {
                            let (d, a, b) = decode!(Ne, w);
                            let v = !equal!(a, b);
                            Value::put_bool(&mut reg!(d), v);
                        }
                        opc::Lt => {
                            let (d, a, b) = decode!(Lt, w);
                            cmp_value!(d, a, b, <, arith::is_lt)
                        }
                        opc::Le => {
                            let (d, a, b) = decode!(Le, w);
                            cmp_value!(d, a, b, <=, arith::is_le)
                        }
                        opc::Gt => {
                            let (d, a, b) = decode!(Gt, w);
                            cmp_value!(d, a, b, >, arith::is_gt)
                        }
                        opc::Ge => {
                            let (d, a, b) = decode!(Ge, w);
                            cmp_value!(d, a, b, >=, arith::is_ge)
                        }
                        opc::AddI => {
                            let (d, a, i) = decode!(AddI, w);
                            match &reg!(a) {
                                Value::Int(x) if let Some(r) = x.checked_add(i as i64) => {
                                    Value::put_int(&mut reg!(d), r)
                                }
                                x => {
                                    let v = tri!(arith::add_imm(x, i));
                                    set!(d, v);
                                }
                            }
                        }
                        opc::MulI => {
                            let (d, a, i) = decode!(MulI, w);
                            let v = match &reg!(a) {
                                Value::Int(x) => match x.checked_mul(i as i64) {
                                    Some(s) => Value::Int(s),
                                    None => tri!(err("Integer overflow in multiplication")),
                                },
                                Value::Float(x) => Value::Float(x * i as f64),
                                x => tri!(arith::mul(x, &Value::Int(i as i64))),
                            };
                            set!(d, v);
                        }
                        opc::DivI => {
                            let (d, a, i) = decode!(DivI, w);
                            let v = match &reg!(a) {
                                Value::Int(x) if i > 0 => Value::Int(x / i as i64),
                                x => tri!(arith::div(x, &Value::Int(i as i64))),
                            };
                            set!(d, v);
                        }
                        opc::RemI => {
                            let (d, a, i) = decode!(RemI, w);
                            let v = match &reg!(a) {
                                Value::Int(x) if i > 0 => Value::Int(x % i as i64),
                                x => tri!(arith::rem(x, &Value::Int(i as i64))),
                            };
                            set!(d, v);
                        }
                        opc::AddGlobal => {
                            let (g, r) = decode!(AddGlobal, w);
                            // `total += n` at the top level of a script: integers inline
                            if let (Value::Int(x), Value::Int(y)) =
                                (&mut self.env.globals[g as usize], &reg!(r))
                            {
                                if let Some(z) = x.checked_add(*y) {
                                    *x = z;
                                    continue;
                                }
                            }
                            if let Value::Undefined = self.env.globals[g as usize] {
                                tri!(self.undefined_global(g));
                            }
                            tri!(arith::add_assign(
                                &mut self.env.globals[g as usize],
                                &reg!(r)
                            ));
                        }
                        opc::AddGlobalHeld => {
                            let (g, t, r) = decode!(AddGlobalHeld, w);
                            let slot = &mut self.env.globals[g as usize];
                            // (the global and `t` the only holders of one array or string)
                            let same = match (&*slot, &reg!(t)) {
                                (Value::Array(a), Value::Array(b)) => {
                                    Rc::ptr_eq(a, b) && Rc::strong_count(a) == 2
                                }
                                (Value::Str(a), Value::Str(b)) => {
                                    Rc::ptr_eq(a, b) && Rc::strong_count(a) == 2
                                }
                                _ => false,
                            };
                            if same {
                                reg!(t) = Value::Nil;
                                tri!(arith::add_assign(slot, &reg!(r)));
                            } else {
                                let v = tri!(arith::add(&reg!(t), &reg!(r)));
                                reg!(t) = Value::Nil;
                                self.env.globals[g as usize] = v;
                            }
                        }
                        opc::Neg => {
                            let (d, a) = decode!(Neg, w);
                            let v = tri!(arith::neg(&reg!(a)));
                            set!(d, v);
                        }
                        opc::Not => {
                            let (d, a) = decode!(Not, w);
                            let v = !reg!(a).truthy();
                            set!(d, Value::Bool(v));
                        }
                        opc::BitNot => {
                            let (d, a) = decode!(BitNot, w);
                            let v = tri!(arith::bit_not(&reg!(a)));
                            set!(d, v);
                        }
                        opc::JumpIfNotLt => {
                            let (a, b, off) = decode!(JumpIfNotLt, w);
                            cmp_jump!(a, b, off, <, arith::is_lt)
                        }
                        opc::JumpIfNotLe => {
                            let (a, b, off) = decode!(JumpIfNotLe, w);
                            cmp_jump!(a, b, off, <=, arith::is_le)
                        }
                        opc::JumpIfNotGt => {
                            let (a, b, off) = decode!(JumpIfNotGt, w);
                            cmp_jump!(a, b, off, >, arith::is_gt)
                        }
                        opc::JumpIfNotGe => {
                            let (a, b, off) = decode!(JumpIfNotGe, w);
                            cmp_jump!(a, b, off, >=, arith::is_ge)
                        }
                        opc::JumpIfNotLtI => {
                            let (a, i, off) = decode!(JumpIfNotLtI, w);
                            cmp_imm_jump!(a, i, off, <, arith::is_lt)
                        }
                        opc::JumpIfNotLeI => {
                            let (a, i, off) = decode!(JumpIfNotLeI, w);
                            cmp_imm_jump!(a, i, off, <=, arith::is_le)
                        }
                        opc::JumpIfNotGtI => {
                            let (a, i, off) = decode!(JumpIfNotGtI, w);
                            cmp_imm_jump!(a, i, off, >, arith::is_gt)
                        }
                        opc::JumpIfNotGeI => {
                            let (a, i, off) = decode!(JumpIfNotGeI, w);
                            cmp_imm_jump!(a, i, off, >=, arith::is_ge)
                        }
                        opc::JumpIfNotEqI => {
                            let (a, i, off) = decode!(JumpIfNotEqI, w);
                            let hold = match &reg!(a) {
                                Value::Int(x) => *x == i as i64,
                                x => crate::value::values_equal(x, &Value::Int(i as i64)),
                            };
                            if !hold {
                                jump!(off);
                            }
                        }
                        opc::JumpIfNotNeI => {
                            let (a, i, off) = decode!(JumpIfNotNeI, w);
                            let hold = match &reg!(a) {
                                Value::Int(x) => *x != i as i64,
                                x => !crate::value::values_equal(x, &Value::Int(i as i64)),
                            };
                            if !hold {
                                jump!(off);
                            }
                        }
                        opc::JumpIfNotEq => {
                            let (a, b, off) = decode!(JumpIfNotEq, w);
                            if !equal!(a, b) {
                                jump!(off);
                            }
                        }
                        opc::JumpIfNotNe => {
                            let (a, b, off) = decode!(JumpIfNotNe, w);
                            if equal!(a, b) {
                                jump!(off);
                            }
                        }
                        opc::Jump => {
                            let off = decode!(Jump, w);
                            jump!(off)
                        }
                        opc::JumpIfFalse => {
                            let (r, off) = decode!(JumpIfFalse, w);
                            if !reg!(r).truthy() {
                                jump!(off);
                            }
                        }
                        opc::JumpIfTrue => {
                            let (r, off) = decode!(JumpIfTrue, w);
                            if reg!(r).truthy() {
                                jump!(off);
                            }
                        }
                        opc::JumpIfNotNil => {
                            let (r, off) = decode!(JumpIfNotNil, w);
                            if !reg!(r).is_nil() {
                                jump!(off);
                            }
                        }
                        opc::JumpIfDefined => {
                            let (r, off) = decode!(JumpIfDefined, w);
                            if !matches!(reg!(r), Value::Undefined) {
                                jump!(off);
                            }
                        }
                        opc::IterPrep => {
                            let b = decode!(IterPrep, w);
                            let v = std::mem::take(&mut reg!(b));
                            let (state, idx) = tri!(data::iter_prep(v));
                            set!(b, state);
                            set!(b + 1, idx);
                        }
                        opc::RangePrep => {
                            let (b, inclusive) = decode!(RangePrep, w);
                            let (end, next) =
                                tri!(data::range_bounds(&reg!(b), &reg!(b + 1), inclusive));
                            set!(b, end);
                            set!(b + 1, next);
                        }
                        opc::ForNext => {
                            let (b, var, off) = decode!(ForNext, w);
                            // integer range: count in place, no bounds checks or temporaries
                            if let (Value::Int(end), Value::Int(cur)) =
                                (&reg!(b), &mut *regs.add(b as usize + 1))
                            {
                                let c = *cur;
                                if c < *end {
                                    *cur = c + 1;
                                    Value::put_int(&mut reg!(var), c);
                                    jump!(off);
                                    continue;
                                }
                            }
                            let bi = base + b as usize;
                            let next = match (&self.stack[bi], &self.stack[bi + 1]) {
                                // (counted above while it runs: here the range is over)
                                (Value::Int(_), Value::Int(_)) => None,
                                (Value::Array(items), Value::Int(i)) => {
                                    let i = *i as usize;
                                    match items.get(i) {
                                        Some(v) => {
                                            let v = v.clone();
                                            self.stack[bi + 1] = Value::Int(i as i64 + 1);
                                            Some(v)
                                        }
                                        None => None,
                                    }
                                }
                                (Value::Range(r), Value::Int(cur)) => {
                                    let (c, end) = (*cur, r.end);
                                    self.stack[bi + 1] = match c.checked_add(1) {
                                        Some(n) if c < end => Value::Int(n),
                                        _ => Value::Nil,
                                    };
                                    (c <= end).then_some(Value::Int(c))
                                }
                                _ => None,
                            };
                            match next {
                                Some(v) => {
                                    set!(var, v);
                                    jump!(off);
                                }
                                None => {
                                    set!(b, Value::Nil);
                                }
                            }
                        }
                        opc::Call => {
                            let (b, argc) = decode!(Call, w);
                            save_pc!();
                            let callee = std::mem::take(&mut reg!(b - 1));
                            tri!(self.call_at(callee, base + b as usize, argc as usize, None));
                            continue 'frames;
                        }
                        opc::CallNamed => {
                            let (b, argc, names) = decode!(CallNamed, w);
                            save_pc!();
                            let callee = std::mem::take(&mut reg!(b - 1));
                            let names = &proto.arg_names[names as usize];
                            tri!(self.call_at(
                                callee,
                                base + b as usize,
                                argc as usize,
                                Some(names)
                            ));
                            continue 'frames;
                        }
                        opc::CallGlobal => {
                            let (b, argc, site) = decode!(CallGlobal, w);
                            save_pc!();
                            let site = proto.global_sites.get_unchecked(site as usize);
                            let g = self.env.globals.get_unchecked(site.global as usize);
                            if let Value::Func(c) = g {
                                let c = c.clone();
                                tri!(self.push_frame(c, base + b as usize, argc as usize));
                                continue 'frames;
                            }
                            // `min(a, b)` / `max(a, b)` of numbers: no call at all
                            if let (Value::Builtin(id), 2) = (g, argc) {
                                if let Some(v) =
                                    crate::builtins::fast_min_max(*id, &reg!(b), &reg!(b + 1))
                                {
                                    set!(b - 1, v);
                                    continue;
                                }
                            }
                            let callee = match &self.env.globals[site.global as usize] {
                                Value::Undefined => tri!(err(format!(
                                    "Undefined function: {}",
                                    self.env.name(site.name)
                                ))),
                                v => v.clone(),
                            };
                            tri!(self.call_at(callee, base + b as usize, argc as usize, None));
                            continue 'frames;
                        }
                        opc::CallMethod => {
                            let (b, argc, site) = decode!(CallMethod, w);
                            // the hottest builtin methods on a register receiver run here,
                            // without leaving the dispatch loop (no frame reload)
                            let ms = &proto.method_sites[site as usize];
                            if ms.builtin != crate::builtins::NO_METHOD {
                                let recv = match &ms.place {
                                    None => Some(b as usize),
                                    Some(p) if p.path.is_empty() => match p.root {
                                        crate::bytecode::Root::Local(r) => Some(r as usize),
                                        _ => None,
                                    },
                                    Some(_) => None,
                                };
                                // (the receiver is at most `b` and never the result's register)
                                let out = b as usize - 1;
                                let recv = recv.filter(|&ri| {
                                    ri <= b as usize
                                        && ri != out
                                        && !self.env.user_kind_method(&reg!(ri), ms.name)
                                });
                                if let Some(ri) = recv {
                                    let args = std::slice::from_raw_parts_mut(
                                        regs.add(b as usize + 1),
                                        argc as usize,
                                    );
                                    if let Some(r) = crate::builtins::fast_method(
                                        &mut reg!(ri),
                                        ms.builtin,
                                        args,
                                        &mut reg!(out),
                                    ) {
                                        tri!(r);
                                        continue;
                                    }
                                }
                            }
                            save_pc!();
                            tri!(self.call_method(
                                fi,
                                &proto.method_sites[site as usize],
                                base + b as usize,
                                argc as usize
                            ));
                            continue 'frames;
                        }
                        opc::CallStatic => {
                            let (b, argc, site) = decode!(CallStatic, w);
                            save_pc!();
                            let site = &proto.static_sites[site as usize];
                            let callee = match self.env.method(site.type_id, site.name) {
                                Some(c) => {
                                    let p = &c.proto;
                                    let n = argc as usize;
                                    if p.self_kind.is_some()
                                        && (n < p.nrequired as usize || n > p.nparams as usize)
                                    {
                                        tri!(Err(self.arity_error_counting(p, n, true)));
                                    }
                                    Value::Func(c.clone())
                                }
                                None => tri!(self.static_fallback(site)),
                            };
                            tri!(self.call_at(callee, base + b as usize, argc as usize, None));
                            continue 'frames;
                        }
                        opc::Return => {
                            let r = decode!(Return, w);
                            fast_return!(Moved::take(&mut reg!(r)));
                        }
                        opc::ReturnNil => {
                            fast_return!(Moved::nil());
                        }
                        opc::TryUnwrap => {
                            let (d, s) = decode!(TryUnwrap, w);
                            match tri!(data::try_unwrap(&reg!(s), proto.is_chunk)) {
                                Ok(v) => set!(d, v),
                                Err(ret) => {
                                    return_value!(self, fi, stop, out, ret);
                                    continue 'frames;
                                }
                            }
                        }
                        opc::TryOrJump => {
                            let (d, s, off) = decode!(TryOrJump, w);
                            match tri!(data::try_unwrap(&reg!(s), proto.is_chunk)) {
                                Ok(v) => set!(d, v),
                                Err(ret) => {
                                    set!(d, ret);
                                    jump!(off);
                                }
                            }
                        }
                        opc::NewArray => {
                            let (d, b, n) = decode!(NewArray, w);
                            let items: Vec<Value> =
                                (0..n).map(|i| std::mem::take(&mut reg!(b + i))).collect();
                            set!(d, Value::array(items));
                        }
                        opc::Push => {
                            let (a, v) = decode!(Push, w);
                            let v = reg!(v).clone();
                            if let Value::Array(items) = &mut reg!(a) {
                                Rc::make_mut(items).push(v);
                            }
                        }
                        opc::NewTuple => {
                            let (d, b, n) = decode!(NewTuple, w);
                            let items: Vec<Value> =
                                (0..n).map(|i| std::mem::take(&mut reg!(b + i))).collect();
                            set!(d, Value::tuple(items));
                        }
                        opc::NewMap => {
                            let (d, b, n) = decode!(NewMap, w);
                            let mut m = crate::value::MapVal::new();
                            for i in 0..n {
                                let k = std::mem::take(&mut reg!(b + 2 * i));
                                let v = std::mem::take(&mut reg!(b + 2 * i + 1));
                                m.insert(k, v);
                            }
                            set!(d, Value::Map(Rc::new(m)));
                        }
                        opc::ArrayRepeat => {
                            let (d, v, n) = decode!(ArrayRepeat, w);
                            let out = tri!(data::array_repeat(&reg!(v), &reg!(n)));
                            self.charge(&out);
                            set!(d, out);
                        }
                        opc::NewStruct => {
                            let (d, b, ty) = decode!(NewStruct, w);
                            let v = tri!(self.new_struct(ty, base + b as usize));
                            set!(d, v);
                        }
                        opc::NewVariant => {
                            let (d, b, site) = decode!(NewVariant, w);
                            let site = &proto.variant_sites[site as usize];
                            let n = site.argc as usize;
                            let mut payload = crate::value::Fields::with_capacity(n);
                            for i in 0..n {
                                Value::move_into(
                                    payload.as_mut_ptr().add(i),
                                    &mut reg!(b as usize + i),
                                );
                            }
                            payload.set_len(n);
                            let v = tri!(self.new_variant(site.type_id, site.variant, payload));
                            set!(d, v);
                        }
                        opc::NewDataFrame => {
                            let (d, b, n) = decode!(NewDataFrame, w);
                            let cols: Vec<(Value, Value)> = (0..n)
                                .map(|i| {
                                    (
                                        std::mem::take(&mut reg!(b + 2 * i)),
                                        std::mem::take(&mut reg!(b + 2 * i + 1)),
                                    )
                                })
                                .collect();
                            let v = tri!(crate::builtins::dataframe::new(cols));
                            set!(d, v);
                        }
                        opc::Range => {
                            let (d, a, b, inclusive) = decode!(Range, w);
                            let v = tri!(data::make_range(&reg!(a), &reg!(b), inclusive));
                            set!(d, v);
                        }
                        opc::GetIndex => {
                            let (d, o, i, take) = decode!(GetIndex, w);
                            // an array at a non-negative index in bounds: copy the element
                            // (a temporary container is dropped after: see `Op::GetIndex`)
                            if let (Value::Array(items), Value::Int(k)) = (&reg!(o), &reg!(i)) {
                                if let Some(v) = usize::try_from(*k).ok().and_then(|k| items.get(k))
                                {
                                    Value::set_clone(regs.add(d as usize), v);
                                    if take {
                                        set!(o, Value::Nil);
                                    }
                                    continue;
                                }
                            }
                            let v = tri!(self.index_value(&reg!(o), &reg!(i)));
                            set!(d, v);
                            if take {
                                set!(o, Value::Nil);
                            }
                        }
                        opc::GetIndex2 => {
                            let (d, o, site) = decode!(GetIndex2, w);
                            let &(i, j, off) = proto.index_pairs.get_unchecked(site as usize);
                            // arrays at non-negative indices in bounds: copy the element
                            if let (Value::Array(rows), Value::Int(i), Value::Int(j)) =
                                (&reg!(o), &reg!(i), &reg!(j))
                            {
                                let row = usize::try_from(*i).ok().and_then(|i| rows.get(i));
                                let j = j.checked_add(off as i64);
                                if let (Some(Value::Array(row)), Some(j)) = (row, j) {
                                    if let Some(v) =
                                        usize::try_from(j).ok().and_then(|j| row.get(j))
                                    {
                                        Value::set_clone(regs.add(d as usize), v);
                                        continue;
                                    }
                                }
                            }
                            // the row first, then the second index, as two reads would
                            let row = tri!(data::get_index(&reg!(o), &reg!(i)));
                            let k = match off {
                                0 => reg!(j).clone(),
                                off => tri!(arith::add_imm(&reg!(j), off)),
                            };
                            let v = tri!(self.index_value(&row, &k));
                            set!(d, v);
                        }
                        opc::GetField => {
                            let (d, o, site, take) = decode!(GetField, w);
                            let site = &proto.field_sites[site as usize];
                            // inline-cache hit on a struct: copy the field directly
                            if let Value::Struct(s) = &reg!(o) {
                                let (cached, slot) = site.ic.get();
                                if cached == crate::bytecode::field_ic_key(s.ty) {
                                    if let Some(f) = s.fields.get(slot as usize) {
                                        Value::set_clone(regs.add(d as usize), f);
                                        if take {
                                            set!(o, Value::Nil);
                                        }
                                        continue;
                                    }
                                }
                            }
                            let v = tri!(data::get_field(&self.env, &reg!(o), site));
                            set!(d, v);
                            if take {
                                set!(o, Value::Nil);
                            }
                        }
                        opc::GetFields => {
                            let (d, o, site) = decode!(GetFields, w);
                            let outer = proto.field_sites.get_unchecked(site as usize);
                            let inner = proto.field_sites.get_unchecked(site as usize + 1);
                            // both inline caches hit: copy the inner field directly
                            if let Value::Struct(a) = &reg!(o) {
                                let (cached, slot) = outer.ic.get();
                                if cached == crate::bytecode::field_ic_key(a.ty) {
                                    if let Some(Value::Struct(b)) = a.fields.get(slot as usize) {
                                        let (cached, slot) = inner.ic.get();
                                        if cached == crate::bytecode::field_ic_key(b.ty) {
                                            if let Some(f) = b.fields.get(slot as usize) {
                                                Value::set_clone(regs.add(d as usize), f);
                                                continue;
                                            }
                                        }
                                    }
                                }
                            }
                            let mid = tri!(data::get_field(&self.env, &reg!(o), outer));
                            let v = tri!(data::get_field(&self.env, &mid, inner));
                            set!(d, v);
                        }
                        opc::GetElem => {
                            let (d, o, i, take) = decode!(GetElem, w);
                            let v = tri!(data::get_elem(&reg!(o), i));
                            set!(d, v);
                            if take {
                                set!(o, Value::Nil);
                            }
                        }
                        opc::Slice => {
                            let (d, o, site) = decode!(Slice, w);
                            let spec = proto.slices[site as usize];
                            let start = spec.start.map(|r| reg!(r).clone());
                            let end = spec.end.map(|r| reg!(r).clone());
                            if let Value::Str(s) = &reg!(o) {
                                let (a, b) = tri!(data::slice_bounds(
                                    start.as_ref(),
                                    end.as_ref(),
                                    spec.inclusive
                                ));
                                let n = self.char_count(s);
                                let (a, b) = data::clamp_range(a, b, n);
                                let v = self.char_range(s, a, b);
                                set!(d, v);
                                continue;
                            }
                            let v = tri!(data::slice(
                                &reg!(o),
                                start.as_ref(),
                                end.as_ref(),
                                spec.inclusive
                            ));
                            set!(d, v);
                        }
                        opc::SetIndex => {
                            let (o, i, s) = decode!(SetIndex, w);
                            let idx = reg!(i).clone();
                            let v = std::mem::take(&mut reg!(s));
                            tri!(place::set_index(&mut reg!(o), &idx, v));
                        }
                        opc::SetField => {
                            let (o, site, s) = decode!(SetField, w);
                            let site = &proto.field_sites[site as usize];
                            // inline-cache hit on a struct: move the value in whole
                            if let Value::Struct(st) = &mut reg!(o) {
                                let (cached, slot) = site.ic.get();
                                if cached == crate::bytecode::field_ic_key(st.ty) {
                                    let st = Rc::make_mut(st);
                                    if let Some(f) = st.fields.get_mut(slot as usize) {
                                        Value::set_take(f, regs.add(s as usize));
                                        continue;
                                    }
                                }
                            }
                            let v = std::mem::take(&mut reg!(s));
                            tri!(place::set_field(&self.env, &mut reg!(o), site, v));
                        }
                        opc::SetPath => {
                            let (site, s) = decode!(SetPath, w);
                            let site = &proto.place_sites[site as usize];
                            let v = std::mem::take(&mut reg!(s));
                            tri!(self.set_path(closure, base, site, v));
                        }
                        opc::TakePath => {
                            let (d, site) = decode!(TakePath, w);
                            let site = &proto.place_sites[site as usize];
                            let v = tri!(self.take_path(closure, base, site));
                            set!(d, v);
                        }
                        opc::FString => {
                            let (d, b, site) = decode!(FString, w);
                            let v = crate::builtins::format::fstring_value(
                                &proto.fstrings[site as usize],
                                &self.stack[base + b as usize..],
                            );
                            set!(d, v);
                        }
                        opc::Cast => {
                            let (d, s, site) = decode!(Cast, w);
                            let (kind, name) = &proto.casts[site as usize];
                            let v = tri!(data::cast(&reg!(s), *kind, name));
                            set!(d, v);
                        }
                        opc::TestLit => {
                            let (r, k, off) = decode!(TestLit, w);
                            if !data::lit_matches(&reg!(r), &proto.consts[k as usize]) {
                                ip = ip.offset(off as isize);
                            }
                        }
                        opc::TestRange => {
                            let (r, k, off) = decode!(TestRange, w);
                            let k = k as usize;
                            if !data::range_matches(
                                &reg!(r),
                                &proto.consts[k],
                                &proto.consts[k + 1],
                                &proto.consts[k + 2],
                            ) {
                                ip = ip.offset(off as isize);
                            }
                        }
                        opc::TestVariant => {
                            let (r, site, off) = decode!(TestVariant, w);
                            let site = &proto.variant_sites[site as usize];
                            let hit = matches!(&reg!(r), Value::Enum(e) if crate::bytecode::enum_key(e.ty) == site.ty && e.variant == site.variant);
                            if !hit {
                                ip = ip.offset(off as isize);
                            }
                        }
                        opc::SwitchVariant => {
                            let (r, t) = decode!(SwitchVariant, w);
                            let table = proto.switch_tables.get_unchecked(t as usize);
                            ip = proto.exec.as_ptr().add(match &reg!(r) {
                                Value::Enum(e) if crate::bytecode::enum_key(e.ty) == table.ty => {
                                    table
                                        .targets
                                        .get(e.variant as usize)
                                        .copied()
                                        .unwrap_or(table.default)
                                }
                                _ => table.default,
                            } as usize);
                        }
                        opc::TestTuple => {
                            let (r, n, off) = decode!(TestTuple, w);
                            let hit = matches!(&reg!(r), Value::Tuple(t) if t.len() == n as usize);
                            if !hit {
                                ip = ip.offset(off as isize);
                            }
                        }
                        opc::TestArray => {
                            let (r, site, off) = decode!(TestArray, w);
                            let pat = &proto.array_pats[site as usize];
                            let hit = match &reg!(r) {
                                Value::Array(a) => {
                                    if pat.exact {
                                        a.len() == pat.len as usize
                                    } else {
                                        a.len() >= pat.len as usize
                                    }
                                }
                                _ => false,
                            };
                            if !hit {
                                ip = ip.offset(off as isize);
                            }
                        }
                        opc::TestStruct => {
                            let (r, ty, off) = decode!(TestStruct, w);
                            let hit = matches!(&reg!(r), Value::Struct(s) if s.ty.id == ty);
                            if !hit {
                                ip = ip.offset(off as isize);
                            }
                        }
                        opc::SliceRest => {
                            let (d, r, site) = decode!(SliceRest, w);
                            let pat = proto.array_pats.get_unchecked(site as usize);
                            let v =
                                data::slice_rest(&reg!(r), pat.before as usize, pat.after as usize);
                            set!(d, v);
                        }
                        opc::GetPayload => {
                            let (d, r, i) = decode!(GetPayload, w);
                            if let Value::Enum(e) = &reg!(r) {
                                if let Some(v) = e.payload.get(i as usize) {
                                    Value::set_clone(regs.add(d as usize), v);
                                    continue;
                                }
                            }
                            set!(d, Value::Nil);
                        }
                        opc::Fail => {
                            let k = decode!(Fail, w);
                            let msg = proto.consts[k as usize].to_top_level();
                            tri!(err(msg));
                        }
                        opc::PushHandler => {
                            let (r, off) = decode!(PushHandler, w);
                            let target =
                                (ip.offset_from(proto.exec.as_ptr()) + off as isize) as usize;
                            self.frames.get_unchecked_mut(fi).flags |= HANDLER;
                            self.handlers.push(Handler {
                                frame: fi,
                                pc: target,
                                reg: r,
                            });
                        }
                        opc::PopHandler => {
                            self.handlers.pop();
                            if self.handlers.last().is_none_or(|h| h.frame < fi) {
                                self.frames.get_unchecked_mut(fi).flags &= !HANDLER;
                            }
                        }
                        opc::Throw => {
                            let r = decode!(Throw, w);
                            let v = reg!(r).clone();
                            tri!(Err(RuntimeError::new(ErrorKind::Thrown(v))));
                        }
                        opc::AddCell => {
                            let (c, r) = decode!(AddCell, w);
                            match &reg!(c) {
                                Value::Cell(cell) => {
                                    let mut content = cell.borrow_mut();
                                    tri!(arith::add_assign(&mut content, &reg!(r)));
                                }
                                _ => tri!(arith::add_assign(&mut reg!(c), &reg!(r))),
                            }
                        }
                        opc::AddUpval => {
                            let (u, r) = decode!(AddUpval, w);
                            let cell = tri!(bound_upval(closure, u));
                            if self.moved_roots.is_empty() {
                                let mut content = cell.borrow_mut();
                                tri!(arith::add_assign(&mut content, &reg!(r)));
                            } else {
                                let v = cell.borrow().clone();
                                let v = self.read_moved_cell(cell, v);
                                let sum = tri!(arith::add(&v, &reg!(r)));
                                *cell.borrow_mut() = sum;
                            }
                        }
                        opc::Rethrow => {
                            let r = decode!(Rethrow, w);
                            let slot = base + r as usize;
                            let e = match self.caught.iter().rposition(|&(i, _)| i == slot) {
                                Some(at) => self.caught.remove(at).1,
                                None => RuntimeError::new(ErrorKind::Thrown(reg!(r).clone())),
                            };
                            tri!(Err(e));
                        }
                        _ => {
                            debug_assert!(false, "bad opcode");
                            std::hint::unreachable_unchecked()
                        }
                    }
                }
            }
        }
    }
}
