//! Unification as directed flows: "values of type `src` flow into a place of type `sink`".
//!
//! It is ordinary Hindley–Milner unification (occurs check, level adjustment) with two
//! gradual twists:
//! * `Dyn` accepts anything; a `Dyn` *value* flowing into a place of known type is a conflict
//!   in [`Mode::Sink`] (the place may now hold anything); in [`Mode::Annot`] it is accepted
//!   but noted (`Store::loose`): the annotated place is not trusted any more (`trust.rs`).
//! * A binding made through an alias, or of a value whose type was unknown or assumed, is
//!   marked *assumed*: it is displayed, but never used to report an error. A value of assumed
//!   type is a conflict for a place of known type in `Mode::Sink` and noted in `Mode::Annot`.
//!
//! A failed flow leaves the variables it followed in `Store::path`; callers poison them (the
//! next pass makes them `Dyn`), roll back a trial, or report an annotation mismatch.

use crate::store::{Store, MAX_DEPTH, MAX_NODES};
use crate::ty::{Ty, TypeVar};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A value flows into a variable, parameter, element or field without an annotation.
    Sink,
    /// A value is checked against a user annotation (int and float agree).
    Annot,
}

enum Adjust {
    Ok,
    Occurs,
    TooBig,
}

impl Store {
    /// Let values of type `src` flow into a place of type `sink`. On failure the variables
    /// involved are left in `self.path`.
    pub fn flow(&mut self, sink: &Ty, src: &Ty, mode: Mode) -> bool {
        self.path.clear();
        let ok = self.flow_at(sink, src, mode, 0);
        if ok {
            self.path.clear();
        }
        ok
    }

    /// A flow whose failure poisons the variables involved and lets the value escape.
    pub fn flow_or_poison(&mut self, sink: &Ty, src: &Ty) -> bool {
        if self.flow(sink, src, Mode::Sink) {
            return true;
        }
        self.poison_path();
        self.escape_to_dyn(src);
        false
    }

    /// A value flows into an element of `container` (`push`, `insert`, `a[i] = v`). If the
    /// element type cannot widen, the container's variable widens instead; if there is none
    /// either, the container's type comes from an annotation: returns `false`.
    pub fn flow_into(&mut self, container: &Ty, elem: &Ty, src: &Ty) -> bool {
        if self.flow(elem, src, Mode::Sink) {
            return true;
        }
        let ok = self.poison_path() || self.poison_holder(container);
        self.escape_to_dyn(src);
        ok
    }

    /// The value leaves for code we cannot see (an unknown callee, a `Dyn` place): functions
    /// inside it may be called with anything.
    pub fn escape_to_dyn(&mut self, t: &Ty) {
        self.path.clear();
        if !self.escape(t, Mode::Sink, 0) {
            self.poison_path();
        }
        self.path.clear();
    }

    /// Follow links from `t`, recording the variables passed. Returns the representative,
    /// whether a link was followed, and whether `t` was a variable at all.
    fn walk(&mut self, t: &Ty, sink: bool, depth: u32) -> (Ty, bool, bool) {
        let mut cur = t.clone();
        let mut via = false;
        let is_var = matches!(t, Ty::Var(_));
        for _ in 0..10_000 {
            match cur {
                Ty::Var(id) => {
                    self.path.push((id, sink, depth));
                    match self.state(id) {
                        TypeVar::Link { ty, .. } => {
                            cur = ty.clone();
                            via = true;
                        }
                        _ => return (cur, via, is_var),
                    }
                }
                other => return (other, via, is_var),
            }
        }
        (Ty::Dyn, via, is_var)
    }

    fn flow_at(&mut self, sink: &Ty, src: &Ty, mode: Mode, depth: u32) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let mark = self.path.len();
        let (s, s_via, s_place) = self.walk(sink, true, depth);
        let (o, _, _) = self.walk(src, false, depth);
        // a value whose type was assumed gives an assumed binding, and is not certain to fit
        // an annotation
        let assumed = !self.view(src).1;
        if assumed && mode == Mode::Annot {
            self.loose = true;
        }
        // a value whose type is only assumed makes a place whose type is known widen: the
        // place's type would be taken for certain
        if assumed
            && mode == Mode::Sink
            && s_place
            && !matches!(s, Ty::Var(_) | Ty::Dyn | Ty::Never)
        {
            return false;
        }
        let s_via = s_via || assumed;
        let ok = self.flow_resolved(&s, &o, s_via, s_place, mode, depth);
        if ok {
            self.path.truncate(mark);
        }
        ok
    }

    fn flow_resolved(
        &mut self,
        s: &Ty,
        o: &Ty,
        s_via: bool,
        s_place: bool,
        mode: Mode,
        depth: u32,
    ) -> bool {
        use Ty::*;
        match (s, o) {
            (Var(a), Var(b)) if a == b => true,
            (Var(a), Var(b)) => {
                let (a, b) = (*a, *b);
                if !self.is_unbound(a) || !self.is_unbound(b) {
                    return true; // a generic variable: nothing to learn
                }
                // the sink follows the source; through an alias, the source follows the sink
                if s_via {
                    self.link(b, a)
                } else {
                    self.link(a, b)
                }
                true
            }
            (Var(a), _) => {
                if !self.is_unbound(*a) {
                    return true;
                }
                self.bind(*a, o.clone(), s_via)
            }
            (_, Var(b)) => {
                if !self.is_unbound(*b) {
                    return true;
                }
                if matches!(s, Dyn | Never) {
                    // a value of unknown type meets an unknown place: nothing to learn
                    return true;
                }
                let unknown = self.is_unknown_value(*b);
                if !self.bind(*b, s.clone(), true) {
                    return false;
                }
                // a value of unknown type now sits in a place whose type was observed
                !(unknown && mode == Mode::Sink && s_place)
            }
            (Dyn | Never, _) => self.escape(o, mode, depth),
            (_, Never) => true,
            (_, Dyn) => {
                self.loose = true;
                mode == Mode::Annot && self.dyn_into(s, depth)
            }
            (Int, Int) | (Float, Float) | (Bool, Bool) | (Str, Str) | (Nil, Nil) => true,
            (Range, Range) | (DataFrame, DataFrame) => true,
            // an integer in a float-annotated place stays an integer at run time (§15.2):
            // accepted, but the place is not trusted (`"ab" * n` with `n: f64 = 2` runs)
            (Int, Float) | (Float, Int) => {
                self.loose |= mode == Mode::Annot;
                mode == Mode::Annot
            }
            (Array(a), Array(b)) | (Set(a), Set(b)) => self.flow_at(a, b, mode, depth + 1),
            (Map(a), Map(b)) => {
                self.flow_at(&a.0, &b.0, mode, depth + 1)
                    && self.flow_at(&a.1, &b.1, mode, depth + 1)
            }
            (Tuple(a), Tuple(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b.iter())
                        .all(|(x, y)| self.flow_at(x, y, mode, depth + 1))
            }
            (Fn(f), Fn(g)) => {
                if f.params.len() != g.params.len() || f.required != g.required {
                    return false;
                }
                // the sink's callers pass arguments into the source function's parameters
                f.params
                    .iter()
                    .zip(g.params.iter())
                    .all(|(p, q)| self.flow_at(q, p, mode, depth + 1))
                    && self.flow_at(&f.ret, &g.ret, mode, depth + 1)
            }
            (Named(a), Named(b)) => {
                a.name == b.name
                    && a.args.len() == b.args.len()
                    && a.args
                        .iter()
                        .zip(b.args.iter())
                        .all(|(x, y)| self.flow_at(x, y, mode, depth + 1))
            }
            _ => false,
        }
    }

    /// A value of unknown type is accepted by an annotation of type `t`: the variables inside
    /// `t` (of a generic annotation) learn nothing about it, so they become `Dyn` too.
    fn dyn_into(&mut self, t: &Ty, depth: u32) -> bool {
        let go = |s: &mut Store, x: &Ty| s.flow_at(x, &Ty::Dyn, Mode::Annot, depth + 1);
        match t {
            Ty::Array(e) | Ty::Set(e) => go(self, e),
            Ty::Map(kv) => go(self, &kv.0) && go(self, &kv.1),
            Ty::Tuple(items) => items.iter().all(|x| go(self, x)),
            Ty::Named(n) => n.args.iter().all(|x| go(self, x)),
            Ty::Fn(f) => go(self, &f.ret),
            _ => true,
        }
    }

    /// `Dyn` flows into the parameters of every function inside `t`.
    fn escape(&mut self, t: &Ty, mode: Mode, depth: u32) -> bool {
        if depth > MAX_DEPTH {
            return true;
        }
        match self.resolve(t) {
            Ty::Fn(f) => f
                .params
                .iter()
                .all(|p| self.flow_at(p, &Ty::Dyn, mode, depth + 1)),
            Ty::Array(e) | Ty::Set(e) => self.escape(&e, mode, depth + 1),
            Ty::Map(kv) => self.escape(&kv.1, mode, depth + 1),
            Ty::Tuple(items) => items.iter().all(|x| self.escape(x, mode, depth + 1)),
            Ty::Named(n) => n.args.iter().all(|x| self.escape(x, mode, depth + 1)),
            _ => true,
        }
    }

    fn level_of(&self, id: u32) -> u32 {
        match self.state(id) {
            TypeVar::Unbound { level, .. } => *level,
            _ => u32::MAX,
        }
    }

    /// Make unbound `a` follow unbound `b`.
    fn link(&mut self, a: u32, b: u32) {
        let (la, lb) = (self.level_of(a), self.level_of(b));
        if lb > la {
            self.set(b, TypeVar::Unbound { id: b, level: la });
        }
        self.set(
            a,
            TypeVar::Link {
                ty: Ty::Var(b),
                assumed: false,
            },
        );
    }

    /// Bind unbound `a` to `t` (occurs check, level adjustment, size limit).
    fn bind(&mut self, a: u32, t: Ty, assumed: bool) -> bool {
        let level = self.level_of(a);
        let mut budget = MAX_NODES;
        match self.adjust(&t, a, level, 0, &mut budget) {
            Adjust::Occurs => false,
            Adjust::TooBig => {
                self.set(
                    a,
                    TypeVar::Link {
                        ty: Ty::Dyn,
                        assumed,
                    },
                );
                let path = std::mem::take(&mut self.path);
                self.escape_to_dyn(&t);
                self.path = path;
                true
            }
            Adjust::Ok => {
                self.set(a, TypeVar::Link { ty: t, assumed });
                true
            }
        }
    }

    /// Occurs check of `a` in `t`, lowering the levels of `t`'s variables to `level`.
    fn adjust(&mut self, t: &Ty, a: u32, level: u32, depth: u32, budget: &mut u32) -> Adjust {
        if depth > MAX_DEPTH || *budget == 0 {
            return Adjust::TooBig;
        }
        *budget -= 1;
        let each = |s: &mut Store, items: &[Ty], budget: &mut u32| {
            for x in items {
                match s.adjust(x, a, level, depth + 1, budget) {
                    Adjust::Ok => {}
                    other => return other,
                }
            }
            Adjust::Ok
        };
        match t {
            Ty::Var(id) => {
                let id = *id;
                if id == a {
                    return Adjust::Occurs;
                }
                match self.state(id).clone() {
                    TypeVar::Link { ty, .. } => self.adjust(&ty, a, level, depth + 1, budget),
                    TypeVar::Unbound { level: l, .. } => {
                        if l > level {
                            self.set(id, TypeVar::Unbound { id, level });
                        }
                        Adjust::Ok
                    }
                    TypeVar::Generic { .. } => Adjust::Ok,
                }
            }
            Ty::Array(e) | Ty::Set(e) => self.adjust(e, a, level, depth + 1, budget),
            Ty::Map(kv) => each(self, &[kv.0.clone(), kv.1.clone()], budget),
            Ty::Tuple(items) => each(self, items, budget),
            Ty::Fn(f) => match each(self, &f.params, budget) {
                Adjust::Ok => self.adjust(&f.ret, a, level, depth + 1, budget),
                other => other,
            },
            Ty::Named(n) => each(self, &n.args, budget),
            _ => Adjust::Ok,
        }
    }
}
