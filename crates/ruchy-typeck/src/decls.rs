//! Declared types (structs, classes, enums) with their field and variant types, the methods
//! declared for each type name, traits and modules.

use crate::annot::AnnCtx;
use crate::store::Store;
use crate::ty::{Origin, Tag, Ty, TypeVar};
use ruchy_parser::ast::*;
use ruchy_parser::visit::{children, Node};
use ruchy_parser::Span;
use rustc_hash::{FxHashMap, FxHashSet};
use std::rc::Rc;

#[derive(Clone, Debug)]
pub struct FieldInfo {
    pub name: String,
    /// The type reads of the field see.
    pub ty: Ty,
    /// The type stored values are checked against (see `Store::annot_place`).
    pub check: Ty,
    /// The field's annotation (values must agree with it).
    pub ann: Option<Span>,
    pub has_default: bool,
}

/// One value of a tuple variant: the type reads see, the type values are checked against,
/// and the annotation.
#[derive(Clone, Debug)]
pub struct Payload {
    pub ty: Ty,
    pub check: Ty,
    pub ann: Span,
}

#[derive(Clone, Debug)]
pub enum Shape {
    Unit,
    Tuple(Vec<Payload>),
    Struct(Vec<FieldInfo>),
}

#[derive(Clone, Debug)]
pub struct VariantInfo {
    pub name: String,
    pub shape: Shape,
}

#[derive(Clone, Debug)]
pub enum DeclKind {
    Struct { fields: Vec<FieldInfo>, class: bool },
    Enum { variants: Vec<VariantInfo> },
}

#[derive(Clone, Debug)]
pub struct TypeDecl {
    pub name: String,
    /// Generic parameters as generic type variables.
    pub params: Vec<Ty>,
    pub kind: DeclKind,
}

/// A method or associated function: its type (with `self` first for methods) once inferred,
/// and where its declaration waits to be inferred.
#[derive(Clone, Debug)]
pub struct MethodEntry {
    pub ty: Option<Ty>,
    pub loc: (u32, u32),
}

#[derive(Default)]
pub struct Decls {
    pub types: FxHashMap<String, Rc<TypeDecl>>,
    /// Methods whose declarations have been reached, by (type name, method name).
    pub methods: FxHashMap<(String, String), MethodEntry>,
    /// Every (type name, method name) declared anywhere, reached or not.
    pub declared_methods: FxHashSet<(String, String)>,
    /// Associated constants `impl T { const NAME = v }`, read as values `T::NAME`.
    pub consts: FxHashSet<(String, String)>,
    pub traits: FxHashMap<String, Vec<Rc<FunDecl>>>,
    pub modules: FxHashSet<String>,
}

/// Generic parameter names with their type variables.
type Generics = Vec<(String, Ty)>;

/// A generic type variable standing for a declared type parameter.
fn generic_var(store: &mut Store, unit: u32, span: Span) -> Ty {
    let id = store.push_var(
        TypeVar::Generic { id: 0 },
        Origin::new(unit, span, Tag::Generic),
    );
    store.set(id, TypeVar::Generic { id });
    Ty::Var(id)
}

impl Decls {
    pub fn generic_count(&self, name: &str) -> Option<usize> {
        self.types.get(name).map(|d| d.params.len())
    }

    pub fn get(&self, name: &str) -> Option<&Rc<TypeDecl>> {
        self.types.get(name)
    }

    /// Register every type declared anywhere in one input (names first, so fields may refer to
    /// types declared later). A name declared twice in one input is left undeclared (`Dyn`).
    pub fn register_input(&mut self, store: &mut Store, prog: &Program, unit: u32) {
        let mut items: Vec<&Item> = Vec::new();
        let mut stack: Vec<Node> = prog.stmts.iter().map(Node::Stmt).collect();
        while let Some(node) = stack.pop() {
            if let Node::Stmt(Stmt::Item(item)) = node {
                items.push(item);
            }
            children(node, &mut |c| stack.push(c));
        }
        items.reverse();
        let mut count: FxHashMap<&str, u32> = FxHashMap::default();
        for item in &items {
            if let Some((name, _)) = type_header(item) {
                *count.entry(name).or_default() += 1;
            }
        }
        // phase 1: names and generic parameters
        let mut fresh: Vec<(&Item, String, Generics)> = Vec::new();
        for item in &items {
            let Some((name, generics)) = type_header(item) else {
                continue;
            };
            if count.get(name).copied().unwrap_or(0) > 1 {
                self.types.remove(name);
                continue;
            }
            let params: Vec<(String, Ty)> = generics
                .iter()
                .map(|g| (g.name.clone(), generic_var(store, unit, g.span)))
                .collect();
            let decl = TypeDecl {
                name: name.to_string(),
                params: params.iter().map(|p| p.1.clone()).collect(),
                kind: DeclKind::Struct {
                    fields: Vec::new(),
                    class: false,
                },
            };
            self.types.insert(name.to_string(), Rc::new(decl));
            fresh.push((item, name.to_string(), params));
        }
        // phase 2: fields and variants
        for (item, name, params) in fresh {
            let self_ty = Ty::named(&name, params.iter().map(|p| p.1.clone()).collect());
            let cx = AnnCtx {
                decls: self,
                generics: &params,
                self_ty: Some(&self_ty),
            };
            let kind = match item {
                Item::Struct(s) => DeclKind::Struct {
                    fields: fields(&cx, store, unit, &s.fields),
                    class: false,
                },
                Item::Class(c) => DeclKind::Struct {
                    fields: fields(&cx, store, unit, &c.fields),
                    class: true,
                },
                Item::Enum(e) => DeclKind::Enum {
                    variants: e
                        .variants
                        .iter()
                        .map(|v| VariantInfo {
                            name: v.name.name.clone(),
                            shape: match &v.shape {
                                VariantShape::Unit => Shape::Unit,
                                VariantShape::Tuple(ts) => Shape::Tuple(
                                    ts.iter()
                                        .map(|t| {
                                            let (check, ty) =
                                                annot_place(store, unit, cx.convert(t), t.span);
                                            Payload {
                                                ty,
                                                check,
                                                ann: t.span,
                                            }
                                        })
                                        .collect(),
                                ),
                                VariantShape::Struct(fs) => {
                                    Shape::Struct(fields(&cx, store, unit, fs))
                                }
                            },
                        })
                        .collect(),
                },
                _ => continue,
            };
            let decl = TypeDecl {
                name: name.clone(),
                params: params.into_iter().map(|p| p.1).collect(),
                kind,
            };
            self.types.insert(name, Rc::new(decl));
        }
        // phase 3: which methods exist, traits, modules
        for item in &items {
            if let Item::Trait(t) = item {
                self.traits.insert(t.name.name.clone(), t.methods.clone());
            }
        }
        for item in &items {
            self.note_methods(item);
        }
    }

    fn note_methods(&mut self, item: &Item) {
        let mut add = |ty: &str, m: &FunDecl| {
            if let Some(n) = &m.name {
                if m.is_assoc_const() {
                    self.consts.insert((ty.to_string(), n.name.clone()));
                }
                self.declared_methods
                    .insert((ty.to_string(), n.name.clone()));
            }
        };
        match item {
            Item::Struct(s) => s.methods.iter().for_each(|m| add(&s.name.name, m)),
            Item::Class(c) => {
                c.methods.iter().for_each(|m| add(&c.name.name, m));
                c.ctor.iter().for_each(|m| add(&c.name.name, m));
                self.declared_methods
                    .insert((c.name.name.clone(), "new".to_string()));
            }
            Item::Impl(i) => i.methods.iter().for_each(|m| add(&i.type_name.name, m)),
            Item::Mod(m) => {
                self.modules.insert(m.name.name.clone());
            }
            _ => {}
        }
        if let Item::Impl(i) = item {
            if let Some(tr) = &i.trait_name {
                let names: Vec<(String, bool)> = self
                    .traits
                    .get(&tr.name)
                    .map(|ms| {
                        ms.iter()
                            .filter_map(|m| {
                                m.name
                                    .as_ref()
                                    .map(|n| (n.name.clone(), m.is_assoc_const()))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                for (n, is_const) in names {
                    if is_const {
                        self.consts.insert((i.type_name.name.clone(), n.clone()));
                    }
                    self.declared_methods.insert((i.type_name.name.clone(), n));
                }
            }
        }
    }

    /// A fresh instance of a declared type: the type with new variables for its parameters,
    /// and the same substitution applied to `parts` (field or payload types).
    pub fn instantiate(
        store: &mut Store,
        decl: &TypeDecl,
        parts: &[Ty],
        unit: u32,
        span: Span,
    ) -> (Ty, Vec<Ty>) {
        let mut all = vec![Ty::named(&decl.name, decl.params.clone())];
        all.extend(parts.iter().cloned());
        match store.instantiate(&Ty::tuple(all), unit, span) {
            Ty::Tuple(items) if items.len() == parts.len() + 1 => {
                (items[0].clone(), items[1..].to_vec())
            }
            _ => (Ty::Dyn, vec![Ty::Dyn; parts.len()]),
        }
    }
}

impl Decls {
    /// The types `parts` (fields, payloads) of a value of type `value`: the declaration's
    /// parameters replaced by the value's type arguments when `value` is an instance of
    /// `decl`, by fresh variables otherwise.
    pub fn parts_of(
        store: &mut Store,
        decl: &TypeDecl,
        value: &Ty,
        parts: &[Ty],
        unit: u32,
        span: Span,
    ) -> Vec<Ty> {
        if let Ty::Named(n) = store.resolve(value) {
            if *n.name == *decl.name && n.args.len() == decl.params.len() {
                let memo: Vec<(u32, Ty)> = decl
                    .params
                    .iter()
                    .zip(n.args.iter())
                    .filter_map(|(p, a)| match p {
                        Ty::Var(id) => Some((*id, a.clone())),
                        _ => None,
                    })
                    .collect();
                let all = Ty::tuple(parts.to_vec());
                return match store.instantiate_seeded(&all, memo, unit, span) {
                    Ty::Tuple(items) => items.to_vec(),
                    _ => vec![Ty::Dyn; parts.len()],
                };
            }
        }
        Decls::instantiate(store, decl, parts, unit, span).1
    }
}

/// The name and generic parameters of a type-declaring item.
fn type_header(item: &Item) -> Option<(&str, &[Ident])> {
    match item {
        Item::Struct(s) => Some((&s.name.name, &s.generics)),
        Item::Enum(e) => Some((&e.name.name, &e.generics)),
        Item::Class(c) => Some((&c.name.name, &[])),
        _ => None,
    }
}

fn annot_place(store: &mut Store, unit: u32, t: Ty, span: Span) -> (Ty, Ty) {
    store.annot_place(t, Origin::new(unit, span, Tag::Annot), false)
}

fn fields(cx: &AnnCtx, store: &mut Store, unit: u32, fs: &[FieldDecl]) -> Vec<FieldInfo> {
    fs.iter()
        .map(|f| {
            let (check, ty) = match &f.ty {
                Some(t) => annot_place(store, unit, cx.convert(t), t.span),
                None => {
                    let t = store.fresh(Origin::new(unit, f.name.span, Tag::Field));
                    (t.clone(), t)
                }
            };
            FieldInfo {
                name: f.name.name.clone(),
                ty,
                check,
                ann: f.ty.as_ref().map(|t| t.span),
                has_default: f.default.is_some(),
            }
        })
        .collect()
}
