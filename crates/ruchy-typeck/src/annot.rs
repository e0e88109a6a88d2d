//! User annotations (`i32`, `Vec<T>`, `HashMap<String, f64>`, `Option<Node>`, `fn(i32) -> i32`)
//! turned into types. Names without a static meaning (`impl Trait`, unknown types) give `Dyn`.

use crate::decls::Decls;
use crate::ty::Ty;
use ruchy_parser::ast::{TypeExpr, TypeKind};

/// What an annotation may refer to besides builtin and declared type names.
pub struct AnnCtx<'a> {
    pub decls: &'a Decls,
    /// Generic parameters in scope (`T` of `fun f<T>`), innermost last.
    pub generics: &'a [(String, Ty)],
    pub self_ty: Option<&'a Ty>,
}

impl AnnCtx<'_> {
    pub fn convert(&self, te: &TypeExpr) -> Ty {
        self.conv(te, 0)
    }

    fn conv(&self, te: &TypeExpr, depth: u32) -> Ty {
        if depth > 32 {
            return Ty::Dyn;
        }
        let arg = |args: &[TypeExpr], i: usize| {
            args.get(i)
                .map(|a| self.conv(a, depth + 1))
                .unwrap_or(Ty::Dyn)
        };
        match &te.kind {
            TypeKind::Named { path, args } => {
                let Some(name) = path.last() else {
                    return Ty::Dyn;
                };
                if path.len() == 1 {
                    if let Some((_, t)) = self.generics.iter().rev().find(|(g, _)| g == name) {
                        return t.clone();
                    }
                }
                match name.as_str() {
                    "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32"
                    | "u64" | "u128" | "usize" | "int" => Ty::Int,
                    "f32" | "f64" | "float" => Ty::Float,
                    "bool" => Ty::Bool,
                    "String" | "str" | "char" | "string" => Ty::Str,
                    "Vec" | "VecDeque" | "LinkedList" | "Array" => Ty::array(arg(args, 0)),
                    "HashMap" | "BTreeMap" => Ty::map(arg(args, 0), arg(args, 1)),
                    "HashSet" | "BTreeSet" => Ty::set(arg(args, 0)),
                    "Option" => Ty::option(arg(args, 0)),
                    "Result" if path.len() == 1 => Ty::result(arg(args, 0), arg(args, 1)),
                    "Box" | "Rc" | "Arc" | "RefCell" | "Cell" => arg(args, 0),
                    "DataFrame" => Ty::DataFrame,
                    "Self" => self.self_ty.cloned().unwrap_or(Ty::Dyn),
                    _ => self.declared(name, args, depth),
                }
            }
            TypeKind::Ref { inner, .. } => self.conv(inner, depth + 1),
            TypeKind::Array(inner) => Ty::array(self.conv(inner, depth + 1)),
            TypeKind::Tuple(items) if items.is_empty() => Ty::Nil,
            TypeKind::Tuple(items) => {
                Ty::tuple(items.iter().map(|t| self.conv(t, depth + 1)).collect())
            }
            TypeKind::Fn { params, ret } => Ty::func(
                params.iter().map(|t| self.conv(t, depth + 1)).collect(),
                ret.as_ref()
                    .map(|r| self.conv(r, depth + 1))
                    .unwrap_or(Ty::Nil),
            ),
            TypeKind::SelfType => self.self_ty.cloned().unwrap_or(Ty::Dyn),
            TypeKind::Opaque => Ty::Dyn,
        }
    }

    /// A declared struct or enum; type arguments that are missing are `Dyn`.
    fn declared(&self, name: &str, args: &[TypeExpr], depth: u32) -> Ty {
        let Some(n) = self.decls.generic_count(name) else {
            return Ty::Dyn;
        };
        let args = (0..n)
            .map(|i| {
                args.get(i)
                    .map(|a| self.conv(a, depth + 1))
                    .unwrap_or(Ty::Dyn)
            })
            .collect();
        Ty::named(name, args)
    }
}
