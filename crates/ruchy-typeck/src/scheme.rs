//! Let-polymorphism: level-based generalisation and instantiation of polymorphic types.

use crate::store::{Store, MAX_DEPTH};
use crate::ty::{FnTy, NamedTy, Origin, Ty, TypeVar};
use ruchy_parser::Span;
use std::rc::Rc;

impl Store {
    /// Turn every unbound variable of `t` created deeper than `level` into a generic one.
    pub fn generalize(&mut self, t: &Ty, level: u32) {
        self.gen(t, level, 0);
    }

    fn gen(&mut self, t: &Ty, level: u32, depth: u32) {
        if depth > MAX_DEPTH {
            return;
        }
        match t {
            Ty::Var(id) => match self.state(*id).clone() {
                TypeVar::Unbound { level: l, .. } if l > level => {
                    self.set(*id, TypeVar::Generic { id: *id })
                }
                TypeVar::Link { ty, .. } => self.gen(&ty, level, depth + 1),
                _ => {}
            },
            Ty::Array(e) | Ty::Set(e) => self.gen(e, level, depth + 1),
            Ty::Map(kv) => {
                self.gen(&kv.0, level, depth + 1);
                self.gen(&kv.1, level, depth + 1);
            }
            Ty::Tuple(items) => items.iter().for_each(|x| self.gen(x, level, depth + 1)),
            Ty::Fn(f) => {
                f.params.iter().for_each(|x| self.gen(x, level, depth + 1));
                self.gen(&f.ret, level, depth + 1);
            }
            Ty::Named(n) => n.args.iter().for_each(|x| self.gen(x, level, depth + 1)),
            _ => {}
        }
    }

    /// A copy of `t` with fresh variables for its generic ones (created at the current level,
    /// with origins at `span`). Parts without generic variables are shared, not copied, so
    /// flows at the use site still reach the definition's variables.
    pub fn instantiate(&mut self, t: &Ty, unit: u32, span: Span) -> Ty {
        self.instantiate_seeded(t, Vec::new(), unit, span)
    }

    /// Instantiate with some generic variables already mapped (a declared type's parameters
    /// to the arguments of a value of that type).
    pub fn instantiate_seeded(
        &mut self,
        t: &Ty,
        mut memo: Vec<(u32, Ty)>,
        unit: u32,
        span: Span,
    ) -> Ty {
        self.inst(t, &mut memo, unit, span, 0)
            .unwrap_or_else(|| t.clone())
    }

    fn inst(
        &mut self,
        t: &Ty,
        memo: &mut Vec<(u32, Ty)>,
        unit: u32,
        span: Span,
        depth: u32,
    ) -> Option<Ty> {
        if depth > MAX_DEPTH {
            return Some(Ty::Dyn);
        }
        let go = |s: &mut Store, x: &Ty, memo: &mut Vec<(u32, Ty)>| {
            s.inst(x, memo, unit, span, depth + 1)
        };
        match t {
            Ty::Var(id) => match self.state(*id).clone() {
                TypeVar::Generic { .. } => {
                    if let Some((_, t)) = memo.iter().find(|(g, _)| g == id) {
                        return Some(t.clone());
                    }
                    let fresh = self.fresh(Origin::inst(unit, span, memo.len()));
                    memo.push((*id, fresh.clone()));
                    Some(fresh)
                }
                TypeVar::Link { ty, assumed } => {
                    // an alias of a generic variable is that variable's instance
                    if let (Ty::Var(end), false) = (self.resolve(&ty), assumed) {
                        if matches!(self.state(end), TypeVar::Generic { .. }) {
                            return go(self, &Ty::Var(end), memo);
                        }
                    }
                    let inner = go(self, &ty, memo)?;
                    let origin = self.origin(*id);
                    let v = self.push_var(TypeVar::Link { ty: inner, assumed }, origin);
                    Some(Ty::Var(v))
                }
                TypeVar::Unbound { .. } => None,
            },
            Ty::Array(e) => go(self, e, memo).map(Ty::array),
            Ty::Set(e) => go(self, e, memo).map(Ty::set),
            Ty::Map(kv) => {
                let k = go(self, &kv.0, memo);
                let v = go(self, &kv.1, memo);
                if k.is_none() && v.is_none() {
                    return None;
                }
                Some(Ty::map(
                    k.unwrap_or_else(|| kv.0.clone()),
                    v.unwrap_or_else(|| kv.1.clone()),
                ))
            }
            Ty::Tuple(items) => {
                let new = self.inst_all(items, memo, unit, span, depth)?;
                Some(Ty::Tuple(new.into()))
            }
            Ty::Fn(f) => {
                let params = self.inst_all(&f.params, memo, unit, span, depth);
                let ret = go(self, &f.ret, memo);
                if params.is_none() && ret.is_none() {
                    return None;
                }
                Some(Ty::Fn(Rc::new(FnTy {
                    params: params.unwrap_or_else(|| f.params.clone()),
                    ret: ret.unwrap_or_else(|| f.ret.clone()),
                    required: f.required,
                    decl: f.decl.clone(),
                })))
            }
            Ty::Named(n) => {
                let args = self.inst_all(&n.args, memo, unit, span, depth)?;
                Some(Ty::Named(Rc::new(NamedTy {
                    name: n.name.clone(),
                    args,
                })))
            }
            _ => None,
        }
    }

    fn inst_all(
        &mut self,
        items: &[Ty],
        memo: &mut Vec<(u32, Ty)>,
        unit: u32,
        span: Span,
        depth: u32,
    ) -> Option<Vec<Ty>> {
        let mut out: Option<Vec<Ty>> = None;
        for (i, x) in items.iter().enumerate() {
            if let Some(new) = self.inst(x, memo, unit, span, depth + 1) {
                out.get_or_insert_with(|| items[..i].to_vec()).push(new);
            } else if let Some(v) = &mut out {
                v.push(x.clone());
            }
        }
        out
    }
}
