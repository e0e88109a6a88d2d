//! Patterns compile to test-and-jump sequences that bind into preallocated registers.

use super::Compiler;
use crate::bytecode::*;
use crate::env::{TypeDef, ERR, NONE, OK, OPTION_ID, RESULT_ID, SOME};
use crate::value::Value;
use ruchy_parser::ast::*;

/// The names a pattern binds, in order, each with its register (looked up by name).
#[derive(Default)]
pub(crate) struct Bindings {
    list: Vec<(String, Reg)>,
    index: rustc_hash::FxHashMap<String, Reg>,
}

impl Bindings {
    pub(crate) fn iter(&self) -> std::slice::Iter<'_, (String, Reg)> {
        self.list.iter()
    }
}

impl<'a> IntoIterator for &'a Bindings {
    type Item = &'a (String, Reg);
    type IntoIter = std::slice::Iter<'a, (String, Reg)>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'e> Compiler<'e> {
    /// One register per name the pattern binds.
    pub(crate) fn declare_pattern_regs(&mut self, pat: &Pattern) -> Bindings {
        let mut names = Vec::new();
        ruchy_parser::visit::pattern_bindings(pat, &mut names);
        let mut regs = Bindings::default();
        for id in names {
            if !regs.index.contains_key(&id.name) {
                let r = self.alloc();
                regs.index.insert(id.name.clone(), r);
                regs.list.push((id.name, r));
            }
        }
        regs
    }

    pub(crate) fn bind_pattern_locals(&mut self, regs: &Bindings) {
        for (name, reg) in regs {
            self.add_local(name, *reg);
        }
    }

    fn binding_reg(regs: &Bindings, name: &str) -> Reg {
        regs.index.get(name).copied().unwrap_or(0)
    }

    /// Emit the tests of `pat` against register `v`; returns the jumps taken on mismatch.
    pub(crate) fn pattern_test(&mut self, pat: &Pattern, v: Reg, regs: &Bindings) -> Vec<usize> {
        let mark = self.top();
        let mut fails = Vec::new();
        self.pat(pat, v, regs, &mut fails);
        self.free_to(mark);
        fails
    }

    /// The tests of a tuple pattern's items against a tuple spread into registers `base..`.
    pub(crate) fn spread_test(
        &mut self,
        items: &[Pattern],
        base: Reg,
        regs: &Bindings,
    ) -> Vec<usize> {
        let mark = self.top();
        let mut fails = Vec::new();
        for (i, p) in items.iter().enumerate() {
            self.pat(p, base + i as Reg, regs, &mut fails);
        }
        self.free_to(mark);
        fails
    }

    fn pat(&mut self, pat: &Pattern, v: Reg, regs: &Bindings, fails: &mut Vec<usize>) {
        self.cur_span = pat.span;
        match &pat.kind {
            PatKind::Wild => {}
            PatKind::Bind(id) => {
                let r = Self::binding_reg(regs, &id.name);
                self.emit(Op::Move(r, v));
            }
            PatKind::Lit(l) => {
                let value = match l {
                    LitPat::Int(n) => Value::Int(*n),
                    LitPat::Float(f) => Value::Float(*f),
                    LitPat::Str(s) => Value::str(s),
                    LitPat::Bool(b) => Value::Bool(*b),
                    LitPat::Nil => Value::Nil,
                };
                let k = self.konst(value);
                fails.push(self.emit(Op::TestLit(v, k, 0)));
            }
            PatKind::Range { lo, hi, inclusive } => {
                let k = self.konst(Value::Int(*lo));
                self.konst(Value::Int(*hi));
                self.konst(Value::Bool(*inclusive));
                fails.push(self.emit(Op::TestRange(v, k, 0)));
            }
            PatKind::Or(alts) => {
                let mut done = Vec::new();
                for (i, alt) in alts.iter().enumerate() {
                    let mut alt_fails = Vec::new();
                    self.pat(alt, v, regs, &mut alt_fails);
                    if i + 1 == alts.len() {
                        fails.extend(alt_fails);
                    } else {
                        done.push(self.emit(Op::Jump(0)));
                        for at in alt_fails {
                            self.patch(at);
                        }
                    }
                }
                for at in done {
                    self.patch(at);
                }
            }
            PatKind::At(id, inner) => {
                let r = Self::binding_reg(regs, &id.name);
                self.emit(Op::Move(r, v));
                self.pat(inner, v, regs, fails);
            }
            PatKind::Tuple(items) => {
                self.check_pattern_len(pat, items.len());
                fails.push(self.emit(Op::TestTuple(v, items.len() as u16, 0)));
                for (i, p) in items.iter().enumerate() {
                    self.sub_pattern(p, regs, fails, |c, t| {
                        c.emit(Op::GetElem(t, v, i as i16, false));
                    });
                }
            }
            PatKind::Array {
                before,
                rest,
                after,
            } => {
                self.check_pattern_len(pat, before.len() + after.len());
                let site = self.proto().array_pats.len() as u32;
                let len = (before.len() + after.len()) as u32;
                self.proto().array_pats.push(ArrayPat {
                    len,
                    exact: rest.is_none(),
                    before: before.len() as u32,
                    after: after.len() as u32,
                });
                fails.push(self.emit(Op::TestArray(v, site, 0)));
                for (i, p) in before.iter().enumerate() {
                    self.sub_pattern(p, regs, fails, |c, t| {
                        c.emit(Op::GetElem(t, v, i as i16, false));
                    });
                }
                let n = after.len();
                for (j, p) in after.iter().enumerate() {
                    let from_end = -((n - j) as i16);
                    self.sub_pattern(p, regs, fails, |c, t| {
                        c.emit(Op::GetElem(t, v, from_end, false));
                    });
                }
                if let Some(Some(id)) = rest {
                    let r = Self::binding_reg(regs, &id.name);
                    self.emit(Op::SliceRest(r, v, site));
                }
            }
            PatKind::Struct { path, fields, .. } => {
                self.struct_pattern(pat, path, fields, v, regs, fails)
            }
            PatKind::Variant { path, args, rest } => {
                self.variant_pattern(path, args.as_deref(), *rest, v, regs, fails)
            }
        }
    }

    /// Elements are addressed by a signed 16-bit index (negative from the end).
    fn check_pattern_len(&mut self, pat: &Pattern, n: usize) {
        if n > i16::MAX as usize {
            self.error(
                pat.span,
                format!("Pattern is too large: {n} elements (at most {})", i16::MAX),
            );
        }
    }

    /// Load a part of the value into a temporary with `load`, then match `p` against it.
    fn sub_pattern(
        &mut self,
        p: &Pattern,
        regs: &Bindings,
        fails: &mut Vec<usize>,
        load: impl FnOnce(&mut Self, Reg),
    ) {
        if let PatKind::Wild = p.kind {
            return;
        }
        if let PatKind::Bind(id) = &p.kind {
            let r = Self::binding_reg(regs, &id.name);
            load(self, r);
            return;
        }
        let t = self.alloc();
        load(self, t);
        self.pat(p, t, regs, fails);
    }

    fn type_name_of_path(&self, seg: &str) -> String {
        if seg == "Self" {
            self.self_type.as_deref().unwrap_or("Self").to_string()
        } else {
            seg.to_string()
        }
    }

    /// (type id, variant index) of an enum variant path like `Shape::Circle` or `Some`.
    pub(crate) fn resolve_variant(&self, path: &[Ident]) -> Option<(u32, u32)> {
        let last = path.last()?.name.as_str();
        if path.len() == 1 {
            return match last {
                "None" => Some((OPTION_ID, NONE)),
                "Some" => Some((OPTION_ID, SOME)),
                "Ok" => Some((RESULT_ID, OK)),
                "Err" => Some((RESULT_ID, ERR)),
                _ => {
                    // an unqualified variant name, if exactly one enum has it
                    let mut found = None;
                    for t in &self.env.types {
                        if let TypeDef::Enum(e) = t {
                            if let Some(i) = e.variants.iter().position(|v| &*v.name == last) {
                                if found.is_some() {
                                    return None;
                                }
                                found = Some((e.id, i as u32));
                            }
                        }
                    }
                    found
                }
            };
        }
        let ty = self.type_name_of_path(&path[path.len() - 2].name);
        match self.env.type_by_name(&ty)? {
            TypeDef::Enum(e) => e
                .variants
                .iter()
                .position(|v| &*v.name == last)
                .map(|i| (e.id, i as u32)),
            TypeDef::Struct(_) => None,
        }
    }

    pub(crate) fn variant_site(&mut self, type_id: u32, variant: u32, argc: u16) -> u32 {
        let ty = match self.env.type_by_id(type_id) {
            TypeDef::Enum(e) => crate::bytecode::enum_key(e),
            TypeDef::Struct(_) => 0,
        };
        let p = self.proto();
        p.variant_sites.push(VariantSite {
            type_id,
            ty,
            variant,
            argc,
        });
        (p.variant_sites.len() - 1) as u32
    }

    fn variant_pattern(
        &mut self,
        path: &[Ident],
        args: Option<&[Pattern]>,
        rest: bool,
        v: Reg,
        regs: &Bindings,
        fails: &mut Vec<usize>,
    ) {
        let Some((type_id, variant)) = self.resolve_variant(path) else {
            let name = path
                .iter()
                .map(|i| i.name.as_str())
                .collect::<Vec<_>>()
                .join("::");
            self.fail(format!("Unknown enum variant: {name}"));
            return;
        };
        let site = self.variant_site(type_id, variant, args.map(|a| a.len()).unwrap_or(0) as u16);
        fails.push(self.emit(Op::TestVariant(v, site, 0)));
        // a pattern naming more or fewer values than the variant holds never matches it
        // (`Shape::Rect(w)` for `Rect(f64, f64)`), as tuple and array patterns need their length
        if let (Some(args), TypeDef::Enum(e)) = (args, self.env.type_by_id(type_id)) {
            let holds = e.variants[variant as usize].arity.unwrap_or(0);
            if args.len() > holds || (args.len() < holds && !rest) {
                fails.push(self.emit(Op::Jump(0)));
                return;
            }
        }
        for (i, p) in args.unwrap_or(&[]).iter().enumerate() {
            self.sub_pattern(p, regs, fails, |c, t| {
                c.emit(Op::GetPayload(t, v, i as u16));
            });
        }
    }

    fn struct_pattern(
        &mut self,
        pat: &Pattern,
        path: &[Ident],
        fields: &[(Ident, Pattern)],
        v: Reg,
        regs: &Bindings,
        fails: &mut Vec<usize>,
    ) {
        if path.len() > 1
            || self.resolve_variant(path).is_some()
                && !self.env.type_names.contains_key(path[0].name.as_str())
        {
            if let Some((type_id, variant)) = self.resolve_variant(path) {
                let site = self.variant_site(type_id, variant, 0);
                fails.push(self.emit(Op::TestVariant(v, site, 0)));
                let names: Vec<std::rc::Rc<str>> = match self.env.type_by_id(type_id) {
                    TypeDef::Enum(e) => e.variants[variant as usize].field_names.clone(),
                    TypeDef::Struct(_) => Vec::new(),
                };
                for (fname, p) in fields {
                    let Some(i) = names.iter().position(|n| **n == fname.name) else {
                        self.cur_span = fname.span;
                        self.fail(format!("Variant has no field '{}'", fname.name));
                        continue;
                    };
                    self.sub_pattern(p, regs, fails, |c, t| {
                        c.emit(Op::GetPayload(t, v, i as u16));
                    });
                }
                return;
            }
        }
        let ty = self.type_name_of_path(&path[path.len() - 1].name);
        let Some(TypeDef::Struct(st)) = self.env.type_by_name(&ty).cloned() else {
            self.cur_span = pat.span;
            self.fail(format!("Undefined struct: {ty}"));
            return;
        };
        fails.push(self.emit(Op::TestStruct(v, st.id, 0)));
        for (fname, p) in fields {
            let sym = self.env.sym(&fname.name);
            let site = self.field_site(sym);
            self.sub_pattern(p, regs, fails, |c, t| {
                c.emit(Op::GetField(t, v, site, false));
            });
        }
    }
}
