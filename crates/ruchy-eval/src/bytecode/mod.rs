//! The compiled form: register instructions, function prototypes and their side tables.

mod encoding;

use crate::value::{Sym, Value};
pub use encoding::{encode, opc};
use ruchy_parser::ast::{BinOp, SelfKind};
use ruchy_parser::{LineIndex, Span};
use std::cell::Cell;
use std::rc::Rc;

pub type Reg = u16;

/// An integer as the 24-bit immediate of `AddI`/`MulI`/`DivI`/`RemI`, if it fits.
pub fn imm24(n: i64) -> Option<i32> {
    i32::try_from(n)
        .ok()
        .filter(|&x| encoding::fits24(x).is_some())
}

/// One source text (a file, a REPL input, an `-e` string).
#[derive(Debug)]
pub struct Source {
    pub name: String,
    pub text: String,
    pub lines: LineIndex,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Rc<Source> {
        let text = text.into();
        let lines = LineIndex::new(&text);
        Rc::new(Source {
            name: name.into(),
            text,
            lines,
        })
    }

    pub fn line_of(&self, offset: u32) -> usize {
        self.lines.line(offset)
    }
}

/// Register instructions. Calls put arguments in consecutive registers starting at `base`;
/// the result lands in `base - 1` (which holds the callee for `Call`).
#[derive(Clone, Copy, Debug)]
pub enum Op {
    Nil(Reg),
    True(Reg),
    False(Reg),
    Int(Reg, i32),
    Const(Reg, u32),
    Move(Reg, Reg),
    /// Move out of a temporary (leaving nil), so no stale reference keeps a value shared.
    Take(Reg, Reg),
    GetGlobal(Reg, u32),
    /// The `Def`/`Set` stores below move the value out of their (temporary) register.
    DefGlobal(u32, Reg),
    SetGlobal(u32, Reg),
    GetUpval(Reg, u16),
    SetUpval(u16, Reg),
    /// Box the register's current value into a fresh captured-variable cell.
    NewCell(Reg),
    GetCell(Reg, Reg),
    SetCell(Reg, Reg),
    Closure(Reg, u32),

    Add(Reg, Reg, Reg),
    Sub(Reg, Reg, Reg),
    Mul(Reg, Reg, Reg),
    Div(Reg, Reg, Reg),
    Rem(Reg, Reg, Reg),
    Pow(Reg, Reg, Reg),
    BitAnd(Reg, Reg, Reg),
    BitOr(Reg, Reg, Reg),
    BitXor(Reg, Reg, Reg),
    Shl(Reg, Reg, Reg),
    Shr(Reg, Reg, Reg),
    Eq(Reg, Reg, Reg),
    Ne(Reg, Reg, Reg),
    Lt(Reg, Reg, Reg),
    Le(Reg, Reg, Reg),
    Gt(Reg, Reg, Reg),
    Ge(Reg, Reg, Reg),
    /// `dst = a + imm`; the immediates of these four are 24-bit (see [`imm24`]).
    AddI(Reg, Reg, i32),
    MulI(Reg, Reg, i32),
    DivI(Reg, Reg, i32),
    RemI(Reg, Reg, i32),
    /// `global += reg`, appending in place when the global holds the only reference.
    AddGlobal(u32, Reg),
    /// `global = held + reg`, where `held` is the global's value read before `reg` was
    /// computed (§5.3 "read, operate, write"): in place when the global still holds that
    /// same value and nothing else shares it.
    AddGlobalHeld(u16, Reg, Reg),
    Neg(Reg, Reg),
    Not(Reg, Reg),
    BitNot(Reg, Reg),
    /// Compare-and-branch: jump by the offset when `a OP b` is false.
    JumpIfNotLt(Reg, Reg, i32),
    JumpIfNotLe(Reg, Reg, i32),
    JumpIfNotGt(Reg, Reg, i32),
    JumpIfNotGe(Reg, Reg, i32),
    JumpIfNotEq(Reg, Reg, i32),
    JumpIfNotNe(Reg, Reg, i32),
    /// Compare-and-branch against a small integer constant.
    JumpIfNotLtI(Reg, i16, i32),
    JumpIfNotLeI(Reg, i16, i32),
    JumpIfNotGtI(Reg, i16, i32),
    JumpIfNotGeI(Reg, i16, i32),
    JumpIfNotEqI(Reg, i16, i32),
    JumpIfNotNeI(Reg, i16, i32),

    Jump(i32),
    JumpIfFalse(Reg, i32),
    JumpIfTrue(Reg, i32),
    JumpIfNotNil(Reg, i32),
    JumpIfDefined(Reg, i32),

    /// Turn the iterable in `base` into loop state in `base`, `base + 1`.
    IterPrep(Reg),
    /// Check both registers hold integers (range loop bounds); `true` = inclusive.
    RangePrep(Reg, bool),
    /// Next element into the variable register and jump back to the loop body, or fall
    /// through when the iteration is over.
    ForNext(Reg, Reg, i32),

    Call(Reg, u8),
    CallNamed(Reg, u8, u32),
    CallGlobal(Reg, u8, u32),
    CallMethod(Reg, u8, u32),
    CallStatic(Reg, u8, u32),
    Return(Reg),
    ReturnNil,
    /// `?`: unwrap Ok/Some into dst, or return Err/None from the function.
    TryUnwrap(Reg, Reg),
    /// `?` inside a `try` with `finally`: unwrap into dst, or put the Err/None there and
    /// jump (to the code that runs the `finally` blocks and returns it).
    TryOrJump(Reg, Reg, i32),

    NewArray(Reg, Reg, u16),
    /// Append the second register's value to the array in the first (comprehensions).
    Push(Reg, Reg),
    NewTuple(Reg, Reg, u16),
    NewMap(Reg, Reg, u16),
    ArrayRepeat(Reg, Reg, Reg),
    NewStruct(Reg, Reg, u32),
    NewVariant(Reg, Reg, u32),
    NewDataFrame(Reg, Reg, u16),
    Range(Reg, Reg, Reg, bool),
    /// `dst = obj[idx]`; the flag: `obj` is a temporary, dropped after the read, so the
    /// container is not left shared (`dp[i][j] = dp[i][j - 1] + 1` would copy row `i`).
    GetIndex(Reg, Reg, Reg, bool),
    /// `dst = obj[i][j + k]` (`index_pairs[u32]` = the registers `i` and `j` and `k`)
    /// without copying out the row `obj[i]`.
    GetIndex2(Reg, Reg, u32),
    GetField(Reg, Reg, u32, bool),
    /// `dst = obj.a.b` (field sites `u32` and `u32 + 1`) without copying out `obj.a`.
    GetFields(Reg, Reg, u32),
    GetElem(Reg, Reg, i16, bool),
    Slice(Reg, Reg, u32),
    SetIndex(Reg, Reg, Reg),
    SetField(Reg, u32, Reg),
    SetPath(u32, Reg),
    /// Move the value out of the place `place_sites[u32]` (leaving nil) into the register:
    /// the argument of `s.f = g(s.f)`, which the assignment replaces anyway.
    TakePath(Reg, u32),
    FString(Reg, Reg, u32),
    Cast(Reg, Reg, u32),

    TestLit(Reg, u32, i32),
    TestRange(Reg, u32, i32),
    TestVariant(Reg, u32, i32),
    /// Jump to the first `match` arm that can match the enum variant in the register
    /// (`switch_tables[u32]`); other values go to the table's default (the first arm).
    SwitchVariant(Reg, u32),
    TestTuple(Reg, u16, i32),
    TestArray(Reg, u32, i32),
    TestStruct(Reg, u32, i32),
    SliceRest(Reg, Reg, u32),
    GetPayload(Reg, Reg, u16),
    Fail(u32),

    PushHandler(Reg, i32),
    PopHandler,
    Throw(Reg),
    /// Raise again the error a handler caught into the register (after `finally`, or when
    /// no `catch` pattern matched), keeping its kind and message.
    Rethrow(Reg),
    /// `cell += reg` on a captured variable (the cell in a register, or an upvalue),
    /// appending in place when the cell holds the only reference.
    AddCell(Reg, Reg),
    AddUpval(u16, Reg),
}

/// Where a captured variable comes from when a closure is created.
#[derive(Clone, Copy, Debug)]
pub enum UpvalSrc {
    /// A cell in the enclosing function's register.
    Local(Reg),
    /// The enclosing function's own upvalue.
    Upval(u16),
}

/// Where a place (assignment target or method receiver) starts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Root {
    Local(Reg),
    Cell(Reg),
    Upval(u16),
    Global(u32),
}

#[derive(Clone, Copy, Debug)]
pub enum PathElem {
    Index(Reg),
    Field(Sym),
    Elem(u32),
}

#[derive(Clone, Debug)]
pub struct PlaceSite {
    pub root: Root,
    pub path: Vec<PathElem>,
    /// Compound assignment operator (`+=` …).
    pub op: Option<BinOp>,
    /// Name of the root variable (for `Undefined variable` errors).
    pub name: Sym,
}

/// Inline cache: (type id + 1, slot). Zero type id means empty.
pub type Ic = Cell<(u32, u32)>;

/// A field site's inline cache: (address of the struct type, field slot); 0 means empty.
/// Keyed by address, a hit costs one load less than by type id.
pub type FieldIc = Cell<(usize, u32)>;

/// The key of an enum type in variant tests (`VariantSite::ty`, `SwitchTable::ty`).
pub fn enum_key(ty: &crate::value::EnumType) -> usize {
    ty as *const crate::value::EnumType as usize
}

/// The key of a struct type in a `FieldIc`.
pub fn field_ic_key(ty: &crate::value::StructType) -> usize {
    ty as *const crate::value::StructType as usize
}

#[derive(Debug)]
pub struct MethodSite {
    pub name: Sym,
    pub builtin: u16,
    pub place: Option<PlaceSite>,
    pub ic: Ic,
    /// Index into `arg_names` when some arguments are named.
    pub names: Option<u32>,
}

#[derive(Debug)]
pub struct FieldSite {
    pub name: Sym,
    pub ic: FieldIc,
}

#[derive(Debug)]
pub struct StaticSite {
    pub type_id: u32,
    pub name: Sym,
    pub display: Rc<str>,
}

#[derive(Clone, Debug)]
pub enum FPiece {
    Lit(Rc<str>),
    /// The next register's value, with an optional spec.
    Val(FSpec),
}

#[derive(Clone, Copy, Debug)]
pub enum FSpec {
    Interp,
    Debug,
    Precision(u16),
}

#[derive(Clone, Copy, Debug)]
pub enum CastKind {
    Int,
    Float,
    Bool,
    Str,
    Other,
}

#[derive(Clone, Copy, Debug)]
pub struct SliceSpec {
    pub start: Option<Reg>,
    pub end: Option<Reg>,
    pub inclusive: bool,
}

#[derive(Debug)]
pub struct GlobalCallSite {
    pub global: u32,
    pub builtin: u16,
    pub name: Sym,
}

/// Where a `match` over one enum's variants starts looking, per variant index.
#[derive(Debug, Default)]
pub struct SwitchTable {
    pub type_id: u32,
    /// The enum type's address (`enum_key`): a hit costs one load less than by id.
    pub ty: usize,
    pub targets: Vec<u32>,
    pub default: u32,
}

#[derive(Debug)]
pub struct VariantSite {
    pub type_id: u32,
    /// The enum type's address (`enum_key`), 0 for a struct type.
    pub ty: usize,
    pub variant: u32,
    pub argc: u16,
}

#[derive(Debug)]
pub struct ArrayPat {
    pub len: u32,
    pub exact: bool,
    /// Elements before and after a `..rest` (for `SliceRest`).
    pub before: u32,
    pub after: u32,
}

/// A compiled function (or top-level chunk).
#[derive(Debug, Default)]
pub struct Proto {
    pub name: Rc<str>,
    pub code: Vec<Op>,
    /// `code` encoded into 64-bit words (what the VM runs).
    pub exec: Vec<u64>,
    /// Source span of each instruction.
    pub spans: Vec<Span>,
    pub consts: Vec<Value>,
    pub protos: Vec<Rc<Proto>>,
    pub upvals: Vec<UpvalSrc>,
    /// The names of `upvals` (for errors).
    pub upval_names: Vec<Rc<str>>,
    pub nparams: u16,
    /// `nparams`, except `u16::MAX` for `main`: a call with another count, or of `main`,
    /// takes the slow path (which checks the arity and marks `main` called).
    pub call_nparams: u16,
    pub nrequired: u16,
    pub param_names: Vec<Sym>,
    /// Per parameter (without `self`): whether it has a default value.
    pub param_defaults: Vec<bool>,
    pub self_kind: Option<SelfKind>,
    /// A method that may throw on purpose (`compiler/throws.rs`).
    pub may_throw: bool,
    pub max_regs: u16,
    pub method_sites: Vec<MethodSite>,
    pub field_sites: Vec<FieldSite>,
    pub static_sites: Vec<StaticSite>,
    pub global_sites: Vec<GlobalCallSite>,
    pub variant_sites: Vec<VariantSite>,
    pub switch_tables: Vec<SwitchTable>,
    pub place_sites: Vec<PlaceSite>,
    pub fstrings: Vec<Vec<FPiece>>,
    pub slices: Vec<SliceSpec>,
    /// The index registers of `GetIndex2` and the offset added to the second.
    pub index_pairs: Vec<(Reg, Reg, i32)>,
    /// Cast target kind and the type name as written.
    pub casts: Vec<(CastKind, Rc<str>)>,
    pub arg_names: Vec<Vec<Option<Sym>>>,
    pub array_pats: Vec<ArrayPat>,
    pub source: Option<Rc<Source>>,
    /// The global `main`: calling it marks the main rule as satisfied.
    pub is_main: bool,
    /// A top-level chunk: `?` on Err/None stops the program.
    pub is_chunk: bool,
    pub span: Span,
}

impl Proto {
    pub fn line_at(&self, pc: usize) -> usize {
        match (&self.source, self.spans.get(pc)) {
            (Some(src), Some(span)) => src.line_of(span.start),
            _ => 0,
        }
    }
}

impl Proto {
    /// A readable listing of this function and the functions nested in it.
    pub fn disassemble(&self) -> String {
        let mut out = format!(
            "fn {} (params {}, required {}, regs {}, upvals {})\n",
            self.name,
            self.nparams,
            self.nrequired,
            self.max_regs,
            self.upvals.len()
        );
        for (i, op) in self.code.iter().enumerate() {
            out.push_str(&format!("  {i:4} {op:?}\n"));
        }
        for (i, k) in self.consts.iter().enumerate() {
            out.push_str(&format!("  const {i}: {}\n", k.to_display()));
        }
        for c in &self.consts {
            if let Value::Func(f) = c {
                out.push_str(&f.proto.disassemble());
            }
        }
        for p in &self.protos {
            out.push_str(&p.disassemble());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn op_is_compact() {
        assert!(
            std::mem::size_of::<super::Op>() <= 12,
            "Op is {} bytes",
            std::mem::size_of::<super::Op>()
        );
    }
}
