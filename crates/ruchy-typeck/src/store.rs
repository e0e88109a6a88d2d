//! The table of type variables: creation (with origins and poisoning), resolution, trusted
//! views, levels, and an undo trail for trial unifications.

use crate::ty::{Origin, Ty, TypeVar};
use rustc_hash::FxHashSet;
use std::rc::Rc;

/// Types deeper than this are not followed (and are replaced by `Dyn` when bound).
pub const MAX_DEPTH: u32 = 48;
/// Types with more nodes than this are replaced by `Dyn` when bound to a variable.
pub const MAX_NODES: u32 = 4000;

pub struct Store {
    vars: Vec<TypeVar>,
    origins: Vec<Origin>,
    trail: Vec<(u32, TypeVar)>,
    trials: u32,
    /// The current let-nesting level (generalisation boundary).
    pub level: u32,
    /// Origins contradicted in earlier passes: variables created there start as `Dyn`.
    pub(crate) poisoned: Rc<FxHashSet<Origin>>,
    /// Origins contradicted in this pass.
    pub new_poison: FxHashSet<Origin>,
    /// Variables followed by the flow in progress: (variable, on the sink side, depth).
    pub(crate) path: Vec<(u32, bool, u32)>,
    /// A flow in `Mode::Annot` let a value of unknown type into a part of known type.
    pub(crate) loose: bool,
}

impl Store {
    pub fn new(poisoned: Rc<FxHashSet<Origin>>) -> Store {
        Store {
            vars: Vec::with_capacity(1024),
            origins: Vec::with_capacity(1024),
            trail: Vec::new(),
            trials: 0,
            level: 0,
            poisoned,
            new_poison: FxHashSet::default(),
            path: Vec::new(),
            loose: false,
        }
    }

    /// A fresh variable, or `Dyn` if its origin was contradicted in an earlier pass.
    pub fn fresh(&mut self, origin: Origin) -> Ty {
        if self.poisoned.contains(&origin) {
            return Ty::Dyn;
        }
        let id = self.vars.len() as u32;
        self.vars.push(TypeVar::Unbound {
            id,
            level: self.level,
        });
        self.origins.push(origin);
        Ty::Var(id)
    }

    pub fn state(&self, id: u32) -> &TypeVar {
        &self.vars[id as usize]
    }

    pub fn origin(&self, id: u32) -> Origin {
        self.origins[id as usize]
    }

    pub(crate) fn set(&mut self, id: u32, state: TypeVar) {
        let slot = &mut self.vars[id as usize];
        if self.trials > 0 {
            self.trail.push((id, slot.clone()));
        }
        *slot = state;
    }

    pub(crate) fn push_var(&mut self, state: TypeVar, origin: Origin) -> u32 {
        let id = self.vars.len() as u32;
        self.vars.push(state);
        self.origins.push(origin);
        id
    }

    /// Remember that the place which received a contradicting value was contradicted: the
    /// innermost sink-side variable on the failure path (the first of its chain).
    /// Returns whether there was such a variable that is not an annotated place (otherwise
    /// the place's type is fixed by an annotation).
    pub fn poison_path(&mut self) -> bool {
        let deepest = self.path.iter().filter(|p| p.1).map(|p| p.2).max();
        let mut found = false;
        if let Some(d) = deepest {
            if let Some(&(v, _, _)) = self.path.iter().find(|p| p.1 && p.2 == d) {
                self.poison_var(v);
                found = !self.is_annot(v);
            }
        }
        self.path.clear();
        found
    }

    pub(crate) fn poison_var(&mut self, v: u32) {
        let o = self.origins[v as usize];
        if !self.poisoned.contains(&o) {
            self.new_poison.insert(o);
        }
    }

    /// Poison the variable `t` is reached through, if any (a container whose element type
    /// cannot widen is widened as a whole). Returns whether it is not an annotated place.
    pub fn poison_holder(&mut self, t: &Ty) -> bool {
        match t {
            Ty::Var(v) => {
                self.poison_var(*v);
                !self.is_annot(*v)
            }
            _ => false,
        }
    }

    pub fn begin_trial(&mut self) -> usize {
        self.trials += 1;
        self.trail.len()
    }

    /// End a trial: keep its bindings (`keep`) or undo them.
    pub fn end_trial(&mut self, mark: usize, keep: bool) {
        self.trials -= 1;
        if keep {
            if self.trials == 0 {
                self.trail.clear();
            }
            return;
        }
        while self.trail.len() > mark {
            if let Some((id, old)) = self.trail.pop() {
                self.vars[id as usize] = old;
            }
        }
    }

    /// Follow links to the representative type.
    pub fn resolve(&self, t: &Ty) -> Ty {
        let mut t = t.clone();
        for _ in 0..10_000 {
            match t {
                Ty::Var(id) => match &self.vars[id as usize] {
                    TypeVar::Link { ty, .. } => t = ty.clone(),
                    _ => return t,
                },
                _ => return t,
            }
        }
        Ty::Dyn
    }

    /// The representative type and whether every link followed was observed (not assumed).
    pub fn view(&self, t: &Ty) -> (Ty, bool) {
        let mut t = t.clone();
        let mut trusted = true;
        for _ in 0..10_000 {
            match t {
                Ty::Var(id) => match &self.vars[id as usize] {
                    TypeVar::Link { ty, assumed } => {
                        trusted &= !assumed;
                        t = ty.clone();
                    }
                    _ => return (t, trusted),
                },
                _ => return (t, trusted),
            }
        }
        (Ty::Dyn, false)
    }

    /// The representative type if it may be used to report an error; otherwise `Dyn`.
    pub fn known(&self, t: &Ty) -> Ty {
        match self.view(t) {
            (Ty::Var(_) | Ty::Never, _) | (_, false) => Ty::Dyn,
            (t, true) => t,
        }
    }

    /// An unbound variable standing for values we cannot see: a parameter or type parameter
    /// (its callers may be anywhere), the result of an unknown callee. Other unbound
    /// variables (the payload of `None`, the elements of `[]`, a function's result, a
    /// variable) only ever receive values through flows that are checked.
    pub fn is_unknown_value(&self, id: u32) -> bool {
        use crate::ty::Tag;
        let tag = (self.origins[id as usize].0 & 0xff) as u8;
        self.is_unbound(id)
            && [Tag::Param, Tag::Result, Tag::Generic]
                .iter()
                .any(|t| *t as u8 == tag)
    }

    pub fn is_unbound(&self, id: u32) -> bool {
        matches!(self.vars[id as usize], TypeVar::Unbound { .. })
    }
}
