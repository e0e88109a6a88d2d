//! Writing through places: `a[i].f = v`, compound assignment, in-place builtin methods and
//! the write-back of `&mut self` receivers. Containers are made unique (copy on write) on
//! the way down, so other holders of the old value never see the change.

use super::Vm;
use crate::bytecode::{FieldSite, PathElem, PlaceSite, Root};
use crate::env::Env;
use crate::error::{err, VResult};
use crate::value::{Closure, Sym, Value};
use std::cell::RefCell;
use std::rc::Rc;

/// A path key captured by value.
#[derive(Clone, Debug)]
pub enum Key {
    Index(Value),
    Field(Sym),
    Elem(u32),
}

/// A root resolved to an absolute location.
#[derive(Clone, Debug)]
pub enum AbsRoot {
    Stack(usize),
    Cell(Rc<RefCell<Value>>),
    Global(u32),
}

/// The keys of a place path (most paths are one or two steps long).
pub type Keys = smallvec::SmallVec<[Key; 2]>;

/// Where a `&mut self` method's final `self` is stored when it returns.
#[derive(Debug)]
pub struct WriteBack {
    pub root: AbsRoot,
    pub keys: Keys,
    /// The stack slot of the method's `self`, which holds the moved-out value meanwhile.
    pub base: usize,
    /// The value was moved out of the place (else copied: the place keeps the original,
    /// which an exception leaving the method leaves in place, §10.1).
    pub moved: bool,
}

fn step<'a>(env: &Env, v: &'a mut Value, key: &Key, create: bool) -> VResult<&'a mut Value> {
    match (v, key) {
        (Value::Array(items), Key::Index(idx)) => {
            let items = Rc::make_mut(items);
            let i = match idx {
                Value::Int(i) => *i,
                other => {
                    return err(format!(
                        "Array index must be an integer, got {}",
                        other.type_name()
                    ))
                }
            };
            let len = items.len();
            match super::data::norm_index(i, len) {
                Some(k) => Ok(&mut items[k]),
                None => err(format!("Index {i} out of bounds for array of length {len}")),
            }
        }
        (Value::Array(items), Key::Elem(i)) => {
            let items = Rc::make_mut(items);
            let len = items.len();
            match items.get_mut(*i as usize) {
                Some(x) => Ok(x),
                None => err(format!("Index {i} out of bounds for array of length {len}")),
            }
        }
        (Value::Map(m), Key::Index(k)) => {
            let m = Rc::make_mut(m);
            if create {
                return Ok(m.entry(k.clone()));
            }
            match m.get_mut(k) {
                Some(x) => Ok(x),
                None => err(format!("Key '{}' not found in map", k.to_top_level())),
            }
        }
        (Value::Map(m), Key::Field(f)) => {
            let m = Rc::make_mut(m);
            let k = Value::str(env.name(*f));
            if create {
                return Ok(m.entry(k));
            }
            match m.get_mut(&k) {
                Some(x) => Ok(x),
                None => err(format!("Key '{}' not found in map", env.name(*f))),
            }
        }
        (Value::Struct(s), Key::Field(f)) => {
            let s = Rc::make_mut(s);
            match s.ty.field_index(*f) {
                Some(i) => Ok(&mut s.fields[i]),
                None => err(format!(
                    "Field '{}' not found in struct {}",
                    env.name(*f),
                    s.ty.name
                )),
            }
        }
        (Value::Enum(e), Key::Field(f)) => {
            let e = Rc::make_mut(e);
            let pos = e.ty.variants[e.variant as usize]
                .fields
                .as_ref()
                .and_then(|fs| fs.iter().position(|x| x == f));
            match pos {
                Some(i) => Ok(&mut e.payload[i]),
                None => err(format!(
                    "Field '{}' not found in variant {}",
                    env.name(*f),
                    e.ty.variants[e.variant as usize].name
                )),
            }
        }
        (Value::Tuple(_), _) => err("Cannot assign to a tuple element (tuples are immutable)"),
        (v @ (Value::SStr(_) | Value::Str(_)), _) => {
            let _ = v;
            err("Cannot assign into a string (strings are immutable)")
        }
        (v, Key::Field(f)) => err(format!(
            "Cannot access field '{}' on {}",
            env.name(*f),
            v.type_name()
        )),
        (v, _) => err(format!("Cannot index into {}", v.type_name())),
    }
}

/// Follow `keys` from `root`, making each container unique; the last step may create a map entry.
pub(super) fn walk<'a>(
    env: &Env,
    mut cur: &'a mut Value,
    keys: &[Key],
    create_last: bool,
) -> VResult<&'a mut Value> {
    for (i, k) in keys.iter().enumerate() {
        let create = create_last && i + 1 == keys.len();
        cur = step(env, cur, k, create)?;
    }
    Ok(cur)
}

pub(crate) fn set_index(obj: &mut Value, idx: &Value, v: Value) -> VResult<()> {
    match obj {
        Value::Array(items) => {
            let i = match idx {
                Value::Int(i) => *i,
                other => {
                    return err(format!(
                        "Array index must be an integer, got {}",
                        other.type_name()
                    ))
                }
            };
            let len = items.len();
            match super::data::norm_index(i, len) {
                Some(k) => {
                    Rc::make_mut(items)[k] = v;
                    Ok(())
                }
                None => err(format!("Index {i} out of bounds for array of length {len}")),
            }
        }
        Value::Map(m) => {
            Rc::make_mut(m).insert(idx.clone(), v);
            Ok(())
        }
        Value::Cell(c) => set_index(&mut c.borrow_mut(), idx, v),
        Value::Tuple(_) => err("Cannot assign to a tuple element (tuples are immutable)"),
        Value::SStr(_) | Value::Str(_) => {
            err("Cannot assign into a string (strings are immutable)")
        }
        other => err(format!("Cannot index into {}", other.type_name())),
    }
}

pub(crate) fn set_field(env: &Env, obj: &mut Value, site: &FieldSite, v: Value) -> VResult<()> {
    if let Value::Struct(s) = obj {
        let (cached, slot) = site.ic.get();
        let s = Rc::make_mut(s);
        if cached == crate::bytecode::field_ic_key(s.ty) {
            s.fields[slot as usize] = v;
            return Ok(());
        }
        return match s.ty.field_index(site.name) {
            Some(i) => {
                site.ic.set((crate::bytecode::field_ic_key(s.ty), i as u32));
                s.fields[i] = v;
                Ok(())
            }
            None => err(format!(
                "Field '{}' not found in struct {}",
                env.name(site.name),
                s.ty.name
            )),
        };
    }
    if let Value::Cell(c) = obj {
        return set_field(env, &mut c.borrow_mut(), site, v);
    }
    let slot = step(env, obj, &Key::Field(site.name), true)?;
    *slot = v;
    Ok(())
}

impl Vm {
    pub(crate) fn keys_of(&self, base: usize, site: &PlaceSite) -> Keys {
        site.path
            .iter()
            .map(|p| match p {
                PathElem::Index(r) => Key::Index(self.stack[base + *r as usize].clone()),
                PathElem::Field(f) => Key::Field(*f),
                PathElem::Elem(i) => Key::Elem(*i),
            })
            .collect()
    }

    pub(crate) fn abs_root(
        &self,
        closure: &Closure,
        base: usize,
        site: &PlaceSite,
    ) -> VResult<AbsRoot> {
        Ok(match site.root {
            Root::Local(r) => AbsRoot::Stack(base + r as usize),
            Root::Cell(r) => match &self.stack[base + r as usize] {
                Value::Cell(c) => AbsRoot::Cell(c.clone()),
                _ => AbsRoot::Stack(base + r as usize),
            },
            Root::Upval(u) => AbsRoot::Cell(super::bound_upval(closure, u)?.clone()),
            Root::Global(g) => {
                if let Value::Undefined = self.env.globals[g as usize] {
                    return err(format!("Undefined variable: {}", self.env.name(site.name)));
                }
                AbsRoot::Global(g)
            }
        })
    }

    /// Run `f` on the value at a place (made unique along the way).
    pub(crate) fn with_place<R>(
        &mut self,
        root: &AbsRoot,
        keys: &[Key],
        create: bool,
        f: impl FnOnce(&Env, &mut Value) -> VResult<R>,
    ) -> VResult<R> {
        if !self.moved_roots.is_empty() {
            self.restore_moved(root);
        }
        match root {
            AbsRoot::Stack(i) => {
                let (env, stack) = (&self.env, &mut self.stack);
                let slot = walk(env, &mut stack[*i], keys, create)?;
                f(env, slot)
            }
            AbsRoot::Cell(c) => {
                let mut b = c.borrow_mut();
                let slot = walk(&self.env, &mut b, keys, create)?;
                f(&self.env, slot)
            }
            AbsRoot::Global(g) => {
                let mut v = std::mem::take(&mut self.env.globals[*g as usize]);
                let r = walk(&self.env, &mut v, keys, create).and_then(|slot| f(&self.env, slot));
                self.env.globals[*g as usize] = v;
                r
            }
        }
    }

    /// The current value at a place described by a site (no allocation; containers are
    /// shared, not copied, and the walk down the path borrows instead of cloning).
    pub(crate) fn peek_site(
        &self,
        closure: &Closure,
        base: usize,
        site: &PlaceSite,
    ) -> VResult<Value> {
        let regs = &self.stack[base..];
        match site.root {
            Root::Local(r) => self.peek_path(&regs[r as usize], &site.path, regs),
            Root::Cell(r) => match &regs[r as usize] {
                Value::Cell(c) => self.peek_path(&c.borrow(), &site.path, regs),
                other => self.peek_path(other, &site.path, regs),
            },
            Root::Upval(u) => {
                let cell = super::bound_upval(closure, u)?;
                if !self.moved_roots.is_empty() {
                    let root = AbsRoot::Cell(cell.clone());
                    if self.is_moved(&root) {
                        let v = self.materialise(&root, cell.borrow().clone());
                        return self.peek_path(&v, &site.path, regs);
                    }
                }
                self.peek_path(&cell.borrow(), &site.path, regs)
            }
            Root::Global(g) => match &self.env.globals[g as usize] {
                Value::Undefined => {
                    err(format!("Undefined variable: {}", self.env.name(site.name)))
                }
                v if !self.moved_roots.is_empty() && self.is_moved(&AbsRoot::Global(g)) => {
                    let v = self.materialise(&AbsRoot::Global(g), v.clone());
                    self.peek_path(&v, &site.path, regs)
                }
                v => self.peek_path(v, &site.path, regs),
            },
        }
    }

    fn peek_path(&self, root: &Value, path: &[PathElem], regs: &[Value]) -> VResult<Value> {
        let mut cur = root;
        for (n, p) in path.iter().enumerate() {
            let next = match (p, cur) {
                (PathElem::Field(f), Value::Struct(s)) => match s.ty.field_index(*f) {
                    Some(i) => s.fields.get(i),
                    None => {
                        return err(format!(
                            "Field '{}' not found in struct {}",
                            self.env.name(*f),
                            s.ty.name
                        ))
                    }
                },
                (PathElem::Index(r), Value::Array(items)) => match &regs[*r as usize] {
                    Value::Int(i) => super::data::norm_index(*i, items.len()).map(|k| &items[k]),
                    _ => None,
                },
                (PathElem::Elem(i), Value::Array(items) | Value::Tuple(items)) => {
                    items.get(*i as usize)
                }
                _ => None,
            };
            match next {
                Some(v) => cur = v,
                // anything else (maps, cells, errors): the general, cloning walk
                None => return self.peek_owned(cur.clone(), &path[n..], regs),
            }
        }
        Ok(cur.clone())
    }

    fn peek_owned(&self, mut cur: Value, path: &[PathElem], regs: &[Value]) -> VResult<Value> {
        for p in path {
            cur = match p {
                PathElem::Index(r) => super::data::get_index(&cur, &regs[*r as usize])?,
                PathElem::Elem(i) => super::data::get_elem(&cur, *i as i16)?,
                PathElem::Field(f) => {
                    let site = FieldSite {
                        name: *f,
                        ic: Default::default(),
                    };
                    super::data::get_field(&self.env, &cur, &site)?
                }
            };
        }
        Ok(cur)
    }

    pub(crate) fn write_back(&mut self, wb: &WriteBack, value: Value) -> VResult<()> {
        self.with_place(&wb.root, &wb.keys, true, |_, slot| {
            *slot = value;
            Ok(())
        })
    }

    /// The value at a place, moved out (the place is left nil).
    pub(crate) fn take_path(
        &mut self,
        closure: &Closure,
        base: usize,
        site: &PlaceSite,
    ) -> VResult<Value> {
        let root = self.abs_root(closure, base, site)?;
        let keys = self.keys_of(base, site);
        self.with_place(&root, &keys, false, |_, slot| Ok(std::mem::take(slot)))
            // (the error of reading the place, as the copy it replaces would give)
            .or_else(|e| self.peek_site(closure, base, site).and(Err(e)))
    }

    pub(crate) fn set_path(
        &mut self,
        closure: &Closure,
        base: usize,
        site: &PlaceSite,
        v: Value,
    ) -> VResult<()> {
        let root = self.abs_root(closure, base, site)?;
        let keys = self.keys_of(base, site);
        let op = site.op;
        self.with_place(&root, &keys, op.is_none(), |_, slot| {
            match op {
                None => *slot = v,
                Some(ruchy_parser::ast::BinOp::Add) => super::arith::add_assign(slot, &v)?,
                Some(op) => *slot = super::arith::binop(op, slot, &v)?,
            }
            Ok(())
        })
    }
}
