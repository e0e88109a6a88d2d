//! The syntax tree: programs, statements, items, expressions, patterns and type annotations.

use crate::span::Span;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Program {
    pub stmts: Vec<Stmt>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    Let(LetStmt),
    Item(Item),
    Expr(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub struct LetStmt {
    pub pat: Pattern,
    pub ty: Option<TypeExpr>,
    pub value: Expr,
    pub mutable: bool,
    pub span: Span,
}

// ---------------------------------------------------------------- items

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Fun(Rc<FunDecl>),
    Struct(StructDecl),
    Enum(EnumDecl),
    Impl(ImplDecl),
    Trait(TraitDecl),
    Class(ClassDecl),
    Mod(ModDecl),
    Use(UseDecl),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelfKind {
    None,
    /// `self` or `mut self`: a copy.
    Value,
    /// `&self`
    Ref,
    /// `&mut self`: written back to the receiver place.
    RefMut,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: Ident,
    /// A destructuring pattern (`|(a, b)| …`); the value arrives under `name`.
    pub pattern: Option<Pattern>,
    pub ty: Option<TypeExpr>,
    pub default: Option<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunDecl {
    /// `None` for closures and anonymous `fun(x) { … }`.
    pub name: Option<Ident>,
    pub generics: Vec<Ident>,
    pub self_kind: SelfKind,
    pub params: Vec<Param>,
    pub ret: Option<TypeExpr>,
    pub body: Expr,
    pub span: Span,
    /// A trait method signature without a body.
    pub is_signature: bool,
}

/// The generic-parameter marker of an associated constant (`const` cannot name a real
/// generic parameter).
pub const ASSOC_CONST: &str = "const";

impl FunDecl {
    /// An associated constant `const NAME = value` of an impl, read as `Type::NAME`.
    pub fn is_assoc_const(&self) -> bool {
        self.generics.len() == 1 && self.generics[0].name == ASSOC_CONST
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldDecl {
    pub name: Ident,
    pub ty: Option<TypeExpr>,
    pub default: Option<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StructDecl {
    pub name: Ident,
    pub generics: Vec<Ident>,
    pub fields: Vec<FieldDecl>,
    pub methods: Vec<Rc<FunDecl>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum VariantShape {
    Unit,
    Tuple(Vec<TypeExpr>),
    Struct(Vec<FieldDecl>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct VariantDecl {
    pub name: Ident,
    pub shape: VariantShape,
    pub discriminant: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumDecl {
    pub name: Ident,
    pub generics: Vec<Ident>,
    pub variants: Vec<VariantDecl>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ImplDecl {
    pub trait_name: Option<Ident>,
    pub type_name: Ident,
    pub methods: Vec<Rc<FunDecl>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TraitDecl {
    pub name: Ident,
    pub methods: Vec<Rc<FunDecl>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClassDecl {
    pub name: Ident,
    pub fields: Vec<FieldDecl>,
    /// The `new(...) { ... }` constructor, if any.
    pub ctor: Option<Rc<FunDecl>>,
    pub methods: Vec<Rc<FunDecl>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ModDecl {
    pub name: Ident,
    pub items: Vec<Stmt>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UseDecl {
    /// Path segments; the last may be `*` or a `{a, b}` group flattened into several decls.
    pub path: Vec<Ident>,
    pub alias: Option<Ident>,
    pub span: Span,
}

// ---------------------------------------------------------------- expressions

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Pow,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    Coalesce,
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Shr,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
            BinOp::Pow => "**",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::And => "&&",
            BinOp::Or => "||",
            BinOp::Coalesce => "??",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::Shl => "<<",
            BinOp::Shr => ">>",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Not,
    BitNot,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    pub name: Option<Ident>,
    pub value: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MapKey {
    Str(String),
    Int(i64),
}

#[derive(Clone, Debug, PartialEq)]
pub enum FStrPart {
    Lit(String),
    Expr {
        expr: Box<Expr>,
        spec: Option<String>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct MatchArm {
    pub pat: Pattern,
    pub guard: Option<Expr>,
    pub body: Expr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CatchClause {
    pub binding: Option<Pattern>,
    pub body: Block,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
    Nil,
    FString(Vec<FStrPart>),
    Ident(String),
    /// `self`
    SelfValue,
    /// `A::b::c` (also `Self::new`)
    Path(Vec<Ident>),
    Array(Vec<Expr>),
    ArrayRepeat(Box<Expr>, Box<Expr>),
    Comprehension {
        elem: Box<Expr>,
        pat: Pattern,
        iter: Box<Expr>,
        cond: Option<Box<Expr>>,
    },
    Tuple(Vec<Expr>),
    Map(Vec<(MapKey, Expr)>),
    StructLit {
        path: Vec<Ident>,
        fields: Vec<(Ident, Expr)>,
    },
    DataFrame(Vec<(Expr, Expr)>),
    Unary(UnOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Assign {
        target: Box<Expr>,
        op: Option<BinOp>,
        value: Box<Expr>,
    },
    Call {
        callee: Box<Expr>,
        args: Vec<Arg>,
    },
    MethodCall {
        recv: Box<Expr>,
        method: Ident,
        args: Vec<Arg>,
    },
    Field(Box<Expr>, Ident),
    TupleIndex(Box<Expr>, u32, Span),
    Index(Box<Expr>, Box<Expr>),
    Slice {
        recv: Box<Expr>,
        start: Option<Box<Expr>>,
        end: Option<Box<Expr>>,
        inclusive: bool,
    },
    Range {
        start: Box<Expr>,
        end: Box<Expr>,
        inclusive: bool,
    },
    Pipe(Box<Expr>, Box<Expr>),
    Ternary(Box<Expr>, Box<Expr>, Box<Expr>),
    Cast(Box<Expr>, TypeExpr),
    Try(Box<Expr>),
    Closure(Rc<FunDecl>),
    Block(Block),
    If {
        cond: Box<Expr>,
        then: Block,
        else_: Option<Box<Expr>>,
    },
    IfLet {
        pat: Pattern,
        value: Box<Expr>,
        then: Block,
        else_: Option<Box<Expr>>,
    },
    Match {
        scrutinee: Box<Expr>,
        arms: Vec<MatchArm>,
    },
    While {
        label: Option<String>,
        cond: Box<Expr>,
        body: Block,
    },
    WhileLet {
        label: Option<String>,
        pat: Pattern,
        value: Box<Expr>,
        body: Block,
    },
    For {
        label: Option<String>,
        pat: Pattern,
        iter: Box<Expr>,
        body: Block,
    },
    Loop {
        label: Option<String>,
        body: Block,
    },
    Break {
        label: Option<String>,
        value: Option<Box<Expr>>,
    },
    Continue {
        label: Option<String>,
    },
    Return(Option<Box<Expr>>),
    Throw(Box<Expr>),
    TryCatch {
        body: Block,
        catch: Option<CatchClause>,
        finally: Option<Block>,
    },
    /// A construct that failed to parse (the error is in the diagnostics list).
    Error,
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }

    /// Block-like expressions end a statement at their closing brace.
    pub fn is_block_like(&self) -> bool {
        matches!(
            self.kind,
            ExprKind::Block(_)
                | ExprKind::If { .. }
                | ExprKind::IfLet { .. }
                | ExprKind::Match { .. }
                | ExprKind::While { .. }
                | ExprKind::WhileLet { .. }
                | ExprKind::For { .. }
                | ExprKind::Loop { .. }
                | ExprKind::TryCatch { .. }
        )
    }
}

// ---------------------------------------------------------------- patterns

#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    pub kind: PatKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LitPat {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
    Nil,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PatKind {
    Wild,
    Bind(Ident),
    Lit(LitPat),
    Range {
        lo: i64,
        hi: i64,
        inclusive: bool,
    },
    Or(Vec<Pattern>),
    At(Ident, Box<Pattern>),
    Tuple(Vec<Pattern>),
    /// `[a, b, ..rest, z]`: `rest` is `Some(None)` for a bare `..`.
    Array {
        before: Vec<Pattern>,
        rest: Option<Option<Ident>>,
        after: Vec<Pattern>,
    },
    Struct {
        path: Vec<Ident>,
        fields: Vec<(Ident, Pattern)>,
        has_rest: bool,
    },
    /// `Some(p)`, `None`, `Enum::Variant`, `Enum::Variant(p, q)`; `rest`: a trailing `..`
    /// (`V(a, ..)`) lets the variant hold more values than `args` names.
    Variant {
        path: Vec<Ident>,
        args: Option<Vec<Pattern>>,
        rest: bool,
    },
}

// ---------------------------------------------------------------- types

#[derive(Clone, Debug, PartialEq)]
pub struct TypeExpr {
    pub kind: TypeKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// `i32`, `Vec<T>`, `HashMap<K, V>`, `std::fmt::Result`
    Named {
        path: Vec<String>,
        args: Vec<TypeExpr>,
    },
    Ref {
        mutable: bool,
        inner: Box<TypeExpr>,
    },
    Array(Box<TypeExpr>),
    Tuple(Vec<TypeExpr>),
    Fn {
        params: Vec<TypeExpr>,
        ret: Option<Box<TypeExpr>>,
    },
    SelfType,
    /// `impl Trait` / `dyn Trait` / `_`: no static information.
    Opaque,
}
