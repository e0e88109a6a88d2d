//! Receivers moved out during their own `&mut self` call: a read of such a place (from a
//! function that reads the global, or a closure that captured the variable) sees the
//! receiver's current value instead of the empty slot left behind.

use super::place::{walk, AbsRoot, Key, WriteBack};
use super::Vm;
use crate::value::Value;
use std::rc::Rc;

fn same_root(a: &AbsRoot, b: &AbsRoot) -> bool {
    match (a, b) {
        (AbsRoot::Stack(x), AbsRoot::Stack(y)) => x == y,
        (AbsRoot::Global(x), AbsRoot::Global(y)) => x == y,
        (AbsRoot::Cell(x), AbsRoot::Cell(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

impl WriteBack {
    /// Whether the receiver comes from a global or a captured variable's cell.
    pub(crate) fn is_shared(&self) -> bool {
        !matches!(self.root, AbsRoot::Stack(_))
    }
}

impl Vm {
    /// Whether the place at `root` could be seen again after an exception left a method
    /// called on it from frame `fi`: a handler would catch it, and the place outlives that
    /// handler's `try` (a global or a captured variable; a local of frame `fi` declared
    /// before the `try`). Locals of frames that the exception unwinds are never seen again.
    pub(crate) fn rollback_observable(&self, root: &AbsRoot, fi: usize) -> bool {
        match root {
            AbsRoot::Global(_) | AbsRoot::Cell(_) if self.resumes_after_errors => true,
            _ if self.handlers.is_empty() => false,
            AbsRoot::Stack(slot) => self
                .handlers
                .iter()
                .rev()
                .take_while(|h| h.frame == fi)
                .any(|h| *slot < self.frames[fi].base + h.reg as usize),
            _ => true,
        }
    }

    /// Whether part of the value at `root` is moved out into a running method's `self`.
    pub(crate) fn is_moved(&self, root: &AbsRoot) -> bool {
        match root {
            AbsRoot::Stack(_) => self
                .writebacks
                .iter()
                .any(|wb| wb.moved && same_root(&wb.root, root)),
            _ => self.moved_roots.iter().any(|r| same_root(r, root)),
        }
    }

    /// `v` (the stored value at `root`) with every moved-out part replaced by the current
    /// `self` of the method it was moved into.
    pub(crate) fn materialise(&self, root: &AbsRoot, mut v: Value) -> Value {
        for wb in &self.writebacks {
            if !wb.moved || !same_root(&wb.root, root) {
                continue;
            }
            let (inner_root, cur) = match self.stack.get(wb.base) {
                Some(Value::Cell(c)) => (AbsRoot::Cell(c.clone()), c.borrow().clone()),
                Some(other) => (AbsRoot::Stack(wb.base), other.clone()),
                None => continue,
            };
            let cur = self.materialise(&inner_root, cur);
            if let Ok(slot) = walk(&self.env, &mut v, &wb.keys, true) {
                *slot = cur;
            }
        }
        v
    }

    /// The current value at `root` followed by `keys`, when `root` is moved out.
    pub(crate) fn current_at(&self, root: &AbsRoot, keys: &[Key]) -> Option<Value> {
        if matches!(root, AbsRoot::Stack(_)) || !self.is_moved(root) {
            return None;
        }
        let stored = match root {
            AbsRoot::Stack(i) => self.stack.get(*i)?.clone(),
            AbsRoot::Cell(c) => c.borrow().clone(),
            AbsRoot::Global(g) => self.env.globals.get(*g as usize)?.clone(),
        };
        let mut v = self.materialise(root, stored);
        let slot = walk(&self.env, &mut v, keys, false).ok()?;
        Some(std::mem::take(slot))
    }

    /// The value read from a captured variable's cell, completed if it is moved out.
    #[cold]
    pub(crate) fn read_moved_cell(&self, cell: &Rc<std::cell::RefCell<Value>>, v: Value) -> Value {
        let root = AbsRoot::Cell(cell.clone());
        if self.is_moved(&root) {
            self.materialise(&root, v)
        } else {
            v
        }
    }

    /// Before a write into a place whose value is partly moved out: store the current
    /// value there (the running methods' write-backs still replace their parts when
    /// they return, as if `self` had been a copy all along).
    pub(crate) fn restore_moved(&mut self, root: &AbsRoot) {
        // a stack slot belongs to a suspended frame: nothing else writes to it meanwhile
        if self.moved_roots.is_empty() || matches!(root, AbsRoot::Stack(_)) || !self.is_moved(root)
        {
            return;
        }
        let stored = match root {
            AbsRoot::Stack(i) => self.stack.get_mut(*i).map(std::mem::take),
            AbsRoot::Cell(c) => Some(std::mem::take(&mut *c.borrow_mut())),
            AbsRoot::Global(g) => self.env.globals.get_mut(*g as usize).map(std::mem::take),
        };
        let Some(stored) = stored else { return };
        let v = self.materialise(root, stored);
        match root {
            AbsRoot::Stack(i) => {
                if let Some(slot) = self.stack.get_mut(*i) {
                    *slot = v;
                }
            }
            AbsRoot::Cell(c) => *c.borrow_mut() = v,
            AbsRoot::Global(g) => {
                if let Some(slot) = self.env.globals.get_mut(*g as usize) {
                    *slot = v;
                }
            }
        }
    }
}
