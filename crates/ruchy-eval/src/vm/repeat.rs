//! One function called many times from native code (`map`, `filter`, `reduce` …): its
//! frame is pushed once and rerun from the top, instead of pushed and popped per element.

use super::Vm;
use crate::error::VResult;
use crate::value::{Closure, Value};
use std::rc::Rc;

/// The state of a run of calls of `f` (see `Vm::repeat`).
pub(crate) struct Repeat<'f> {
    f: &'f Value,
    /// `f` when it is a closure taking exactly the arguments given (else each call goes
    /// through the general path).
    closure: Option<Rc<Closure>>,
    base: usize,
    /// The index of the kept frame, once pushed.
    stop: Option<usize>,
}

impl Vm {
    /// Run `body`, which calls `f` with `argc` arguments through `Repeat::call` any
    /// number of times; the kept frame is gone again however `body` ends.
    pub(crate) fn repeat<R>(
        &mut self,
        f: &Value,
        argc: usize,
        body: impl FnOnce(&mut Vm, &mut Repeat) -> VResult<R>,
    ) -> VResult<R> {
        let closure = match f {
            Value::Func(c) if c.proto.nparams as usize == argc => Some(c.clone()),
            _ => None,
        };
        let mut rep = Repeat {
            f,
            closure,
            base: 0,
            stop: None,
        };
        let r = body(self, &mut rep);
        if let Some(stop) = rep.stop {
            if self.frames.len() == stop + 1 {
                self.pop_frame(false);
            }
        }
        r
    }
}

impl Repeat<'_> {
    /// `f(args…)` into `out`, the arguments copied (as `Vm::call_ref_into`).
    pub(crate) fn call<const N: usize>(
        &mut self,
        vm: &mut Vm,
        args: [&Value; N],
        out: &mut Value,
    ) -> VResult<()> {
        if self.closure.is_none() {
            return vm.call_ref_into(self.f, args, out);
        }
        self.enter(vm, N)?;
        for (slot, a) in vm.stack[self.base..self.base + N].iter_mut().zip(args) {
            // SAFETY: both are values; the argument does not live in the stack slot.
            unsafe { Value::set_clone(slot, a) };
        }
        self.run(vm, out)
    }

    /// `f(args…)` into `out`, the arguments moved in (as `Vm::call_n_into`).
    pub(crate) fn call_moved<const N: usize>(
        &mut self,
        vm: &mut Vm,
        args: [Value; N],
        out: &mut Value,
    ) -> VResult<()> {
        if self.closure.is_none() {
            return vm.call_n_into(self.f, args, out);
        }
        self.enter(vm, N)?;
        for (slot, a) in vm.stack[self.base..self.base + N].iter_mut().zip(args) {
            Value::set(slot, a);
        }
        self.run(vm, out)
    }

    /// The frame, ready to run from the top: kept from the last call, or pushed anew (the
    /// first time, or after a return that popped it).
    fn enter(&mut self, vm: &mut Vm, argc: usize) -> VResult<()> {
        match self.stop {
            Some(stop) if vm.frames.len() == stop + 1 => {
                vm.tick()?;
                vm.frames[stop].pc = 0;
            }
            _ => {
                let Some(c) = &self.closure else {
                    return Ok(());
                };
                let base = vm.enter_native(c, argc)?;
                vm.push_frame(c.clone(), base, argc)?;
                self.base = base;
                self.stop = Some(vm.frames.len() - 1);
            }
        }
        Ok(())
    }

    fn run(&mut self, vm: &mut Vm, out: &mut Value) -> VResult<()> {
        let Some(stop) = self.stop else {
            return Ok(());
        };
        vm.native_depth += 1;
        let outer = std::mem::replace(&mut vm.keep_frame, stop);
        let r = vm.execute_into(stop, out);
        vm.keep_frame = outer;
        vm.native_depth -= 1;
        r
    }
}
