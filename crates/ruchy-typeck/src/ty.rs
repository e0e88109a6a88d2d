//! Types, type variables and the small records attached to function and named types.

use ruchy_parser::Span;
use std::rc::Rc;

/// A type. Compound types share their parts through `Rc`, so cloning is cheap.
#[derive(Clone, Debug)]
pub enum Ty {
    /// No static type: unifies with anything (heterogeneous data, dynamic values).
    Dyn,
    /// The type of `return`, `break`, `throw`, …: the expression never produces a value.
    Never,
    Int,
    Float,
    Bool,
    Str,
    /// `nil`, `()` and the value of statements.
    Nil,
    Range,
    DataFrame,
    /// A type variable: an index into the checker's variable table.
    Var(u32),
    Array(Rc<Ty>),
    Set(Rc<Ty>),
    /// `{K: V}`
    Map(Rc<(Ty, Ty)>),
    Tuple(Rc<[Ty]>),
    Fn(Rc<FnTy>),
    /// Structs, classes, enums and the builtin `Option`/`Result`, with type arguments.
    Named(Rc<NamedTy>),
}

/// A function type. `required` parameters have no default value.
#[derive(Clone, Debug)]
pub struct FnTy {
    pub params: Vec<Ty>,
    pub ret: Ty,
    pub required: usize,
    /// Where the type came from when it is a declared function (for arity and annotation
    /// messages); `None` for types built by inference.
    pub decl: Option<Rc<FnDecl>>,
}

/// What a declared function's type remembers about its declaration.
#[derive(Clone, Debug, Default)]
pub struct FnDecl {
    pub name: Option<String>,
    pub span: Span,
    pub param_names: Vec<String>,
    /// The span of each parameter's annotation, if it has one.
    pub param_ann: Vec<Option<Span>>,
    pub ret_ann: Option<Span>,
}

#[derive(Clone, Debug)]
pub struct NamedTy {
    pub name: Rc<str>,
    pub args: Vec<Ty>,
}

impl NamedTy {
    /// Type argument `i` (`Dyn` if the type has fewer: a user type may reuse a builtin name).
    pub fn arg(&self, i: usize) -> Ty {
        self.args.get(i).cloned().unwrap_or(Ty::Dyn)
    }
}

/// The state of a type variable (Gleam style).
#[derive(Clone, Debug)]
pub enum TypeVar {
    /// Not yet known. `level` is the let-nesting depth that owns it (for generalisation).
    Unbound { id: u32, level: u32 },
    /// Resolved to `ty`. `assumed` marks a binding that inference assumed rather than observed
    /// (the value reached through an alias, or a value of unknown type constrained by where it
    /// flows): it is shown, but never used to report an error.
    Link { ty: Ty, assumed: bool },
    /// A quantified variable of a generalised (polymorphic) type; instantiated on each use.
    Generic { id: u32 },
}

impl Ty {
    pub fn array(elem: Ty) -> Ty {
        Ty::Array(Rc::new(elem))
    }

    pub fn set(elem: Ty) -> Ty {
        Ty::Set(Rc::new(elem))
    }

    pub fn map(k: Ty, v: Ty) -> Ty {
        Ty::Map(Rc::new((k, v)))
    }

    pub fn tuple(items: Vec<Ty>) -> Ty {
        Ty::Tuple(items.into())
    }

    pub fn named(name: &str, args: Vec<Ty>) -> Ty {
        Ty::Named(Rc::new(NamedTy {
            name: Rc::from(name),
            args,
        }))
    }

    pub fn option(t: Ty) -> Ty {
        Ty::named("Option", vec![t])
    }

    pub fn result(t: Ty, e: Ty) -> Ty {
        Ty::named("Result", vec![t, e])
    }

    /// A function type built by inference (no declaration attached).
    pub fn func(params: Vec<Ty>, ret: Ty) -> Ty {
        let required = params.len();
        Ty::Fn(Rc::new(FnTy {
            params,
            ret,
            required,
            decl: None,
        }))
    }
}

/// Where a type variable was created: a source position plus a tag saying what for. When a
/// flow contradicts a variable, its origin is remembered and the next pass creates `Dyn` there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin(pub u64);

impl Origin {
    pub fn new(unit: u32, span: Span, tag: Tag) -> Origin {
        Origin(((unit as u64) << 40) | ((span.start as u64) << 8) | tag as u64)
    }

    /// The `i`-th variable created by instantiating a polymorphic type at `span`.
    pub fn inst(unit: u32, span: Span, i: usize) -> Origin {
        let tag = Tag::Inst as u64 + (i as u64).min(255 - Tag::Inst as u64);
        Origin(((unit as u64) << 40) | ((span.start as u64) << 8) | tag)
    }
}

/// What a type variable stands for (part of its [`Origin`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Tag {
    Binding = 1,
    Param,
    Ret,
    Elem,
    Key,
    Value,
    Join,
    Field,
    Global,
    Break,
    Result,
    Payload,
    Err,
    Generic,
    /// A place whose type a user annotation gives (a `let`, parameter, return type, field or
    /// payload): its variable is linked to the annotation's type until a value of another or
    /// of unknown type flows in; from then on reads of the place are `any`.
    Annot,
    /// Instantiation variables use this tag and the ones after it.
    Inst = 32,
}
