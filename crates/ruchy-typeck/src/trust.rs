//! Trust: annotated places (trusted until a value of another or of unknown type flows in)
//! and what is certain about a value whose type was partly assumed.

use crate::store::{Store, MAX_DEPTH};
use crate::ty::{FnTy, NamedTy, Origin, Ty, TypeVar};
use std::rc::Rc;

impl Store {
    /// An annotated place of type `ty` (the annotation's type) created at `origin`: the type
    /// values are checked against and the type reads of the place see. Until a value of
    /// another or of unknown type flows in, both are a variable linked to `ty`; afterwards
    /// (in later passes) values are still checked against `ty`, but reads see `any`, or with
    /// `shown` (a return type: it is printed in the function's type) or when `ty` has type
    /// parameters in it, an assumed link to `ty`: shown, never used to report an error.
    pub fn annot_place(&mut self, ty: Ty, origin: Origin, shown: bool) -> (Ty, Ty) {
        if self.poisoned.contains(&origin) {
            if !shown && !self.has_var(&ty, 0) {
                return (ty, Ty::Dyn);
            }
            let read = self.push_var(
                TypeVar::Link {
                    ty: ty.clone(),
                    assumed: true,
                },
                origin,
            );
            return (ty, Ty::Var(read));
        }
        let v = Ty::Var(self.push_var(TypeVar::Link { ty, assumed: false }, origin));
        (v.clone(), v)
    }

    fn has_var(&self, t: &Ty, depth: u32) -> bool {
        if depth > MAX_DEPTH {
            return true;
        }
        let go = |x: &Ty| self.has_var(x, depth + 1);
        match t {
            Ty::Var(_) => true,
            Ty::Array(e) | Ty::Set(e) => go(e),
            Ty::Map(kv) => go(&kv.0) || go(&kv.1),
            Ty::Tuple(items) => items.iter().any(go),
            Ty::Named(n) => n.args.iter().any(go),
            Ty::Fn(f) => f.params.iter().any(go) || go(&f.ret),
            _ => false,
        }
    }

    pub(crate) fn is_annot(&self, v: u32) -> bool {
        (self.origin(v).0 & 0xff) as u8 == crate::ty::Tag::Annot as u8
    }

    /// The annotated place of type `t` (if it is one) received a value of another or of
    /// unknown type: reads of it are not trusted from the next pass on.
    pub fn doubt(&mut self, t: &Ty) {
        if let Ty::Var(v) = t {
            if self.is_annot(*v) {
                self.poison_var(*v);
            }
        }
    }

    /// Whether `t` has a function type in it. A function stored in a place annotated with a
    /// function type may be called through it with arguments nobody checks.
    pub fn has_fn(&self, t: &Ty, depth: u32) -> bool {
        if depth > MAX_DEPTH {
            return true;
        }
        match self.resolve(t) {
            Ty::Fn(_) => true,
            Ty::Array(e) | Ty::Set(e) => self.has_fn(&e, depth + 1),
            Ty::Map(kv) => self.has_fn(&kv.0, depth + 1) || self.has_fn(&kv.1, depth + 1),
            Ty::Tuple(items) => items.iter().any(|x| self.has_fn(x, depth + 1)),
            Ty::Named(n) => n.args.iter().any(|x| self.has_fn(x, depth + 1)),
            _ => false,
        }
    }

    /// What is certain about a value of type `t`: `t` with every part reached through an
    /// assumed link replaced by `Dyn` (used to tell whether a contradiction is certain).
    pub fn certain(&self, t: &Ty) -> Ty {
        let mut budget = 2000;
        self.certain_at(t, 0, &mut budget)
    }

    fn certain_at(&self, t: &Ty, depth: u32, budget: &mut u32) -> Ty {
        if depth > MAX_DEPTH || *budget == 0 {
            return Ty::Dyn;
        }
        *budget -= 1;
        let (t, trusted) = self.view(t);
        if !trusted {
            return Ty::Dyn;
        }
        let mut go = |x: &Ty| self.certain_at(x, depth + 1, budget);
        match &t {
            Ty::Array(e) => Ty::array(go(e)),
            Ty::Set(e) => Ty::set(go(e)),
            Ty::Map(kv) => Ty::map(go(&kv.0), go(&kv.1)),
            Ty::Tuple(items) => Ty::tuple(items.iter().map(go).collect()),
            Ty::Named(n) => Ty::Named(Rc::new(NamedTy {
                name: n.name.clone(),
                args: n.args.iter().map(go).collect(),
            })),
            Ty::Fn(f) => Ty::Fn(Rc::new(FnTy {
                params: f.params.iter().map(&mut go).collect(),
                ret: go(&f.ret),
                required: f.required,
                decl: f.decl.clone(),
            })),
            _ => t,
        }
    }
}
