//! Patterns: the types of the variables a pattern binds, taken from the matched value's type.
//! A pattern never constrains the matched value (a pattern of another kind just does not
//! match at run time).

use super::Infer;
use crate::decls::{DeclKind, Decls, Shape};
use crate::ty::{Tag, Ty, TypeVar};
use ruchy_parser::ast::*;

impl Infer<'_> {
    /// Bind the variables of `p` matched against a value of type `t`.
    pub(crate) fn bind_pattern(&mut self, p: &Pattern, t: &Ty, top: bool) {
        let mut out = Vec::new();
        self.collect_pattern(p, t, &mut out, 0);
        for (id, ty) in out {
            self.bind_var(&id, &ty, top);
        }
    }

    /// `t` as seen by a pattern: its representative, marked assumed when `t` is not trusted.
    fn open(&mut self, t: &Ty) -> (Ty, bool) {
        self.store.view(t)
    }

    /// A part of a value whose type was not trusted is not trusted either.
    pub(crate) fn taint(&mut self, part: Ty, trusted: bool) -> Ty {
        if trusted || matches!(part, Ty::Dyn) {
            return part;
        }
        // an assumed link in front of the part (its origin is never poisoned)
        let origin = crate::ty::Origin(0);
        let id = self.store.push_var(
            TypeVar::Link {
                ty: part,
                assumed: true,
            },
            origin,
        );
        Ty::Var(id)
    }

    fn collect_pattern(&mut self, p: &Pattern, t: &Ty, out: &mut Vec<(Ident, Ty)>, depth: u32) {
        if depth > 64 {
            return;
        }
        let d = depth + 1;
        match &p.kind {
            PatKind::Wild | PatKind::Lit(_) | PatKind::Range { .. } => {}
            PatKind::Bind(id) => out.push((id.clone(), t.clone())),
            PatKind::At(id, inner) => {
                out.push((id.clone(), t.clone()));
                self.collect_pattern(inner, t, out, d);
            }
            PatKind::Or(alts) => {
                let mut per: Vec<Vec<(Ident, Ty)>> = Vec::new();
                for a in alts {
                    let mut v = Vec::new();
                    self.collect_pattern(a, t, &mut v, d);
                    per.push(v);
                }
                let Some(first) = per.first().cloned() else {
                    return;
                };
                for (id, _) in first {
                    let tys: Vec<Ty> = per
                        .iter()
                        .map(|v| {
                            v.iter()
                                .find(|(i, _)| i.name == id.name)
                                .map(|(_, t)| t.clone())
                                .unwrap_or(Ty::Dyn)
                        })
                        .collect();
                    let j = self.join(id.span, Tag::Join, &tys);
                    out.push((id, j));
                }
            }
            PatKind::Tuple(ps) => {
                let (k, trusted) = self.open(t);
                for (i, q) in ps.iter().enumerate() {
                    let part = match &k {
                        Ty::Tuple(items) if items.len() == ps.len() => items[i].clone(),
                        _ => Ty::Dyn,
                    };
                    let part = self.taint(part, trusted);
                    self.collect_pattern(q, &part, out, d);
                }
            }
            PatKind::Array {
                before,
                rest,
                after,
            } => {
                let (k, trusted) = self.open(t);
                let elem = match &k {
                    Ty::Array(e) => (**e).clone(),
                    _ => Ty::Dyn,
                };
                let elem = self.taint(elem, trusted);
                for q in before.iter().chain(after.iter()) {
                    self.collect_pattern(q, &elem, out, d);
                }
                if let Some(Some(id)) = rest {
                    let rest_elems = self.elements(id.span, Tag::Elem, std::slice::from_ref(&elem));
                    out.push((id.clone(), Ty::array(rest_elems)));
                }
            }
            PatKind::Struct { path, fields, .. } => {
                let parts = self.struct_pattern_parts(path, fields, t, p.span);
                for ((_, q), part) in fields.iter().zip(parts) {
                    self.collect_pattern(q, &part, out, d);
                }
            }
            PatKind::Variant { path, args, .. } => {
                let Some(args) = args else { return };
                let parts = self.variant_parts(path, args.len(), t, p.span);
                for (q, part) in args.iter().zip(parts) {
                    self.collect_pattern(q, &part, out, d);
                }
            }
        }
    }

    /// The types of the fields named by a struct pattern `Name { f, g }` (or an enum's
    /// struct-like variant `E::V { f }`).
    fn struct_pattern_parts(
        &mut self,
        path: &[Ident],
        fields: &[(Ident, Pattern)],
        t: &Ty,
        span: ruchy_parser::Span,
    ) -> Vec<Ty> {
        let dyns = vec![Ty::Dyn; fields.len()];
        let (decl_name, variant) = match path {
            [one] => (self.self_name(&one.name), None),
            [.., e, v] => (self.self_name(&e.name), Some(v.name.clone())),
            [] => return dyns,
        };
        let Some(decl) = self.decls.get(&decl_name).cloned() else {
            return dyns;
        };
        let declared = match (&decl.kind, variant) {
            (DeclKind::Struct { fields, .. }, None) => fields.clone(),
            (DeclKind::Enum { variants }, Some(v)) => {
                match variants.iter().find(|x| x.name == v).map(|x| &x.shape) {
                    Some(Shape::Struct(fs)) => fs.clone(),
                    _ => return dyns,
                }
            }
            _ => return dyns,
        };
        let tys: Vec<Ty> = declared.iter().map(|f| f.ty.clone()).collect();
        let trusted = self.open(t).1 || decl.params.is_empty();
        let inst = Decls::parts_of(&mut self.store, &decl, t, &tys, self.unit, span);
        let parts: Vec<Ty> = fields
            .iter()
            .map(|(name, _)| {
                declared
                    .iter()
                    .position(|f| f.name == name.name)
                    .map(|i| inst[i].clone())
                    .unwrap_or(Ty::Dyn)
            })
            .collect();
        parts.into_iter().map(|p| self.taint(p, trusted)).collect()
    }

    /// The payload types of a variant pattern (`Some(x)`, `Err(e)`, `Shape::Rect(w, h)`).
    pub(crate) fn variant_parts(
        &mut self,
        path: &[Ident],
        n: usize,
        t: &Ty,
        span: ruchy_parser::Span,
    ) -> Vec<Ty> {
        let dyns = vec![Ty::Dyn; n];
        let (k, trusted) = self.open(t);
        let last = path.last().map(|i| i.name.as_str()).unwrap_or("");
        let builtin = path.len() == 1 || matches!(path[0].name.as_str(), "Option" | "Result");
        if builtin && matches!(last, "Some" | "Ok" | "Err") {
            let part = match (&k, last) {
                (Ty::Named(nt), "Some") if &*nt.name == "Option" => nt.arg(0),
                (Ty::Named(nt), "Ok") if &*nt.name == "Result" => nt.arg(0),
                (Ty::Named(nt), "Err") if &*nt.name == "Result" => nt.arg(1),
                _ => Ty::Dyn,
            };
            let part = self.taint(part, trusted);
            let mut v = vec![part];
            v.resize(n, Ty::Dyn);
            return v;
        }
        if path.len() < 2 {
            return dyns;
        }
        let enum_name = self.self_name(&path[path.len() - 2].name);
        let Some(decl) = self.decls.get(&enum_name).cloned() else {
            return dyns;
        };
        let DeclKind::Enum { variants } = &decl.kind else {
            return dyns;
        };
        let Some(Shape::Tuple(payload)) =
            variants.iter().find(|v| v.name == last).map(|v| &v.shape)
        else {
            return dyns;
        };
        if payload.len() != n {
            return dyns;
        }
        let tys: Vec<Ty> = payload.iter().map(|p| p.ty.clone()).collect();
        let parts = Decls::parts_of(&mut self.store, &decl, t, &tys, self.unit, span);
        let trusted = trusted || decl.params.is_empty();
        parts.into_iter().map(|p| self.taint(p, trusted)).collect()
    }

    /// `Self` inside an impl names the impl's type.
    pub(crate) fn self_name(&self, name: &str) -> String {
        if name == "Self" {
            if let Some(Ty::Named(n)) = self.self_ty.as_ref().map(|t| self.store.resolve(t)) {
                return n.name.to_string();
            }
        }
        name.to_string()
    }
}
