//! Calls: function values, builtins, named arguments, method dispatch (user methods with
//! inline caches, builtin methods, function-valued fields) and object construction.

use super::place::{AbsRoot, WriteBack};
use super::Vm;
use crate::builtins::Args;
use crate::bytecode::{MethodSite, StaticSite};
use crate::env::{Env, TypeDef};
use crate::error::{err, VResult};
use crate::value::{Closure, StructVal, Sym, Value};
use ruchy_parser::ast::SelfKind;
use std::cell::RefCell;
use std::rc::Rc;

impl Vm {
    /// Call `callee` with `argc` arguments already at `base..`; the result goes to `base - 1`
    /// (now for builtins, on return for user functions).
    pub(crate) fn call_at(
        &mut self,
        callee: Value,
        base: usize,
        argc: usize,
        names: Option<&Vec<Option<Sym>>>,
    ) -> VResult<()> {
        match callee {
            Value::Func(c) => {
                let argc = match names {
                    Some(names) => self.place_named_args(&c, base, argc, names)?,
                    None => argc,
                };
                self.push_frame(c, base, argc)
            }
            Value::Builtin(id) => {
                if names.is_some_and(|n| n.iter().any(|x| x.is_some())) {
                    return err(format!(
                        "{}() does not take named arguments",
                        crate::builtins::name(id)
                    ));
                }
                let args: Args = take_all(&mut self.stack[base..base + argc]);
                let v = crate::builtins::call_builtin(self, id, args)?;
                self.charge(&v);
                self.stack[base - 1] = v;
                Ok(())
            }
            Value::Cell(c) => {
                let inner = c.borrow().clone();
                self.call_at(inner, base, argc, names)
            }
            other => err(format!(
                "Cannot call non-function value: {}",
                other.type_name()
            )),
        }
    }

    /// Reorder named arguments into parameter positions; returns the new argument count.
    fn place_named_args(
        &mut self,
        c: &Closure,
        base: usize,
        argc: usize,
        names: &[Option<Sym>],
    ) -> VResult<usize> {
        let p = &c.proto;
        let shift = usize::from(p.self_kind.is_some());
        let nparams = p.param_names.len();
        let mut slots: Vec<Value> = vec![Value::Undefined; nparams];
        let args: Args = take_all(&mut self.stack[base..base + argc]);
        let mut positional = 0;
        for (i, a) in args.into_iter().enumerate() {
            match names.get(i).copied().flatten() {
                None => {
                    if positional >= nparams {
                        return Err(self.arity_error(p, argc + shift));
                    }
                    slots[positional] = a;
                    positional += 1;
                }
                Some(sym) => {
                    let Some(k) = p.param_names.iter().position(|&n| n == sym) else {
                        return err(format!(
                            "Function '{}' has no parameter named '{}'",
                            p.name,
                            self.env.name(sym)
                        ));
                    };
                    if !matches!(slots[k], Value::Undefined) {
                        return err(format!("Argument '{}' given twice", self.env.name(sym)));
                    }
                    slots[k] = a;
                }
            }
        }
        let unfilled = slots.iter().enumerate().any(|(i, v)| {
            matches!(v, Value::Undefined) && !p.param_defaults.get(i).copied().unwrap_or(false)
        });
        if unfilled {
            let given = slots
                .iter()
                .filter(|v| !matches!(v, Value::Undefined))
                .count();
            return Err(self.arity_error(p, given + shift));
        }
        let need = base + nparams + 1;
        if self.stack.len() < need {
            self.stack.resize(need, Value::Nil);
        }
        for (i, v) in slots.into_iter().enumerate() {
            self.stack[base + i] = v;
        }
        Ok(nparams)
    }

    /// The user method for this receiver, through the call site's inline cache.
    fn user_method(&self, site: &MethodSite, recv: &Value) -> Option<Rc<Closure>> {
        let type_id = match recv {
            Value::Struct(s) => s.ty.id,
            Value::Enum(e) => e.ty.id,
            other => crate::value::kinds::value_kind_type_id(other)?,
        };
        let (cached, idx) = site.ic.get();
        if cached == type_id + 1 {
            return Some(self.env.method_list[idx as usize].clone());
        }
        let &idx = self.env.methods.get(&(type_id, site.name))?;
        let m = &self.env.method_list[idx as usize];
        // a function without `self` is associated, called as `Type::name(…)` only (§10.1)
        m.proto.self_kind?;
        site.ic.set((type_id + 1, idx));
        Some(m.clone())
    }

    /// The frame just pushed writes its `self` back to `wb`'s place when it returns; a
    /// receiver moved out of a global or a captured variable is noted in `moved_roots`.
    fn mark_writeback(&mut self, wb: WriteBack) {
        if let Some(f) = self.frames.last_mut() {
            f.flags |= super::WRITEBACK;
            if wb.moved && wb.is_shared() {
                self.moved_roots.push(wb.root.clone());
            }
            self.writebacks.push(wb);
        }
    }

    /// `recv.name(args)`: receiver at `base` (or described by the site's place), args after it.
    pub(crate) fn call_method(
        &mut self,
        fi: usize,
        site: &MethodSite,
        base: usize,
        argc: usize,
    ) -> VResult<()> {
        let fbase = self.frames[fi].base;
        // (the dispatch loop has tried `builtins::fast_method` on this site already)
        let closure = self.frames[fi].closure.clone();
        let recv = match &site.place {
            Some(p) => self.peek_site(&closure, fbase, p)?,
            None => std::mem::take(&mut self.stack[base]),
        };
        if let Some(m) = self.user_method(site, &recv) {
            let argc = match site.names {
                Some(n) => {
                    let names = closure.proto.arg_names[n as usize].clone();
                    self.place_named_args(&m, base + 1, argc, &names)?
                }
                None => argc,
            };
            if let (Some(p), Some(SelfKind::RefMut)) = (&site.place, m.proto.self_kind) {
                // `&mut self` on a place: move the value out, write it back on return; copy
                // it instead where an exception caught later could show the place again
                let root = self.abs_root(&closure, fbase, p)?;
                let keys = self.keys_of(fbase, p);
                if m.proto.may_throw && self.rollback_observable(&root, fi) {
                    // (the place must take the write-back: a tuple element would not)
                    self.with_place(&root, &keys, false, |_, _| Ok(()))?;
                    self.stack[base] = recv;
                    self.push_frame(m, base, argc + 1)?;
                    self.mark_writeback(WriteBack {
                        root,
                        keys,
                        base,
                        moved: false,
                    });
                    return Ok(());
                }
                drop(recv);
                let mut value =
                    self.with_place(&root, &keys, false, |_, slot| Ok(std::mem::take(slot)))?;
                if !self.moved_roots.is_empty() {
                    // the receiver is itself moved out into a running method: use its
                    // current value (that method's write-back still wins afterwards)
                    if let Some(v) = self.current_at(&root, &keys) {
                        value = v;
                    }
                }
                self.stack[base] = value;
                if let Err(e) = self.push_frame(m, base, argc + 1) {
                    let value = std::mem::take(&mut self.stack[base]);
                    let _ = self.with_place(&root, &keys, true, |_, slot| {
                        *slot = value;
                        Ok(())
                    });
                    return Err(e);
                }
                self.mark_writeback(WriteBack {
                    root,
                    keys,
                    base,
                    moved: true,
                });
                return Ok(());
            }
            self.stack[base] = recv;
            return self.push_frame(m, base, argc + 1);
        }
        if site.place.is_some()
            && site.builtin != crate::builtins::NO_METHOD
            && !crate::builtins::is_mutating(site.builtin, &recv)
        {
            // a reading method on a place (`fields[0].trim()`): the loop's fast path, on the
            // value just read
            let mut recv = recv;
            let (out, args) = self.stack.split_at_mut(base);
            let args = &mut args[1..=argc];
            if let Some(r) =
                crate::builtins::fast_method(&mut recv, site.builtin, args, &mut out[base - 1])
            {
                return r;
            }
            return self.place_builtin(fi, site, recv, base, argc);
        }
        self.place_builtin(fi, site, recv, base, argc)
    }

    /// The rest of `call_method` for a receiver with no user method: a builtin method, or a
    /// field or key holding a function.
    fn place_builtin(
        &mut self,
        fi: usize,
        site: &MethodSite,
        recv: Value,
        base: usize,
        argc: usize,
    ) -> VResult<()> {
        let fbase = self.frames[fi].base;
        let args: Args = take_all(&mut self.stack[base + 1..base + 1 + argc]);
        if site.builtin != crate::builtins::NO_METHOD {
            if let Some(p) = &site.place {
                if crate::builtins::is_mutating(site.builtin, &recv) {
                    drop(recv);
                    let mid = site.builtin;
                    let closure = self.frames[fi].closure.clone();
                    let root = self.abs_root(&closure, fbase, p)?;
                    let keys = self.keys_of(fbase, p);
                    let v = self.with_place(&root, &keys, false, |env, slot| {
                        crate::builtins::mutate(env, slot, mid, args)
                    })?;
                    self.stack[base - 1] = v;
                    return Ok(());
                }
            }
            if crate::builtins::has_method(site.builtin, &recv) {
                let v = crate::builtins::call_method(self, recv, site.builtin, args)?;
                self.charge(&v);
                self.stack[base - 1] = v;
                return Ok(());
            }
        }
        // a field or key holding a function
        let field_fn = match &recv {
            Value::Struct(s) => s.ty.field_index(site.name).map(|i| s.fields[i].clone()),
            Value::Map(m) => m.get_str(self.env.name(site.name)).cloned(),
            _ => None,
        };
        if let Some(f @ (Value::Func(_) | Value::Builtin(_))) = field_fn {
            for (i, a) in args.into_iter().enumerate() {
                self.stack[base + i] = a;
            }
            return self.call_at(f, base, argc, None);
        }
        err(format!(
            "Unknown method '{}' for {}",
            self.env.name(site.name),
            recv.type_name()
        ))
    }

    pub(crate) fn static_fallback(&self, site: &StaticSite) -> VResult<Value> {
        if let Some(id) = crate::builtins::lookup(&site.display) {
            return Ok(Value::Builtin(id));
        }
        if let TypeDef::Enum(_) = self.env.type_by_id(site.type_id) {
            return err(format!("Unknown enum variant: {}", site.display));
        }
        err(format!("Undefined function: {}", site.display))
    }

    pub(crate) fn make_closure(
        &mut self,
        parent: &Closure,
        proto: &Rc<crate::bytecode::Proto>,
        base: usize,
    ) -> Value {
        let upvals = proto
            .upvals
            .iter()
            .map(|src| match *src {
                crate::bytecode::UpvalSrc::Local(r) => {
                    let slot = &mut self.stack[base + r as usize];
                    match slot {
                        Value::Cell(c) => c.clone(),
                        other => {
                            let c = Rc::new(RefCell::new(std::mem::take(other)));
                            *other = Value::Cell(c.clone());
                            c
                        }
                    }
                }
                crate::bytecode::UpvalSrc::Upval(u) => parent.upvals[u as usize].clone(),
            })
            .collect();
        Value::Func(Rc::new(Closure {
            proto: proto.clone(),
            upvals: crate::value::Deep::new(upvals),
        }))
    }

    pub(crate) fn new_struct(&mut self, type_id: u32, base: usize) -> VResult<Value> {
        let TypeDef::Struct(ty) = self.env.type_by_id(type_id).clone() else {
            return err("Internal error: not a struct type");
        };
        let fields: crate::value::Fields = take_all(&mut self.stack[base..base + ty.fields.len()]);
        let fields = std::mem::ManuallyDrop::new(fields);
        Ok(Value::Struct(Rc::new(StructVal { ty, fields })))
    }

    pub(crate) fn new_variant(
        &mut self,
        type_id: u32,
        variant: u32,
        payload: crate::value::Fields,
    ) -> VResult<Value> {
        let TypeDef::Enum(ty) = self.env.type_by_id(type_id).clone() else {
            return err("Internal error: not an enum type");
        };
        Ok(Env::variant(ty, variant, payload))
    }

    pub(crate) fn get_global(&self, g: u32) -> VResult<Value> {
        match &self.env.globals[g as usize] {
            Value::Undefined => self.undefined_global(g),
            v if !self.moved_roots.is_empty() && self.is_moved(&AbsRoot::Global(g)) => {
                Ok(self.materialise(&AbsRoot::Global(g), v.clone()))
            }
            v => Ok(v.clone()),
        }
    }

    pub(crate) fn undefined_global<T>(&self, g: u32) -> VResult<T> {
        let name = self
            .env
            .global_name(g)
            .map(|n| n.to_string())
            .unwrap_or_default();
        err(format!("Undefined variable: {name}"))
    }
}

/// Move values out of stack slots into a small vector (one reservation, no iterator
/// machinery: this runs on every builtin call and struct construction).
#[inline]
fn take_all<A: smallvec::Array<Item = Value>>(slots: &mut [Value]) -> smallvec::SmallVec<A> {
    let n = slots.len();
    let mut out = smallvec::SmallVec::<A>::with_capacity(n);
    // SAFETY: room for `n` values; each is moved in whole (one 16-byte move, see
    // `Value::set_clone`) and its slot left nil, then the length covers them.
    unsafe {
        for (i, slot) in slots.iter_mut().enumerate() {
            Value::move_into(out.as_mut_ptr().add(i), slot);
        }
        out.set_len(n);
    }
    out
}
