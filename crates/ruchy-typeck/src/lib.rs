//! A gradual Hindley–Milner type checker for Ruchy.
//!
//! Inference is unification-based (occurs check, level-based let-generalisation with
//! `Unbound`/`Link`/`Generic` type variables) over int, float, bool, string, nil, arrays,
//! tuples, maps, sets, functions, structs, enums, `Option`/`Result` and user annotations.
//! Because Ruchy is dynamically typed, the checker is *gradual and never wrong*:
//!
//! * where no static type exists (heterogeneous data, branch-dependent types, values from
//!   unknown code) the type is `any` (`Ty::Dyn`), which unifies with everything;
//! * a variable, element, field or parameter that receives values of different types is
//!   widened to `any`: the whole program is inferred again with that place dynamic, until
//!   nothing contradicts (a few passes at most);
//! * errors are reported only when a run-time failure is certain if the code runs (`true + 1`,
//!   calling a non-function, a wrong number of arguments to a known function, an unknown field
//!   of a known struct, an unknown method of a known type, a name bound nowhere) or when a value
//!   certainly contradicts a user annotation;
//! * annotations are not enforced at run time: an annotated place that received a value of
//!   another or of unknown type is not trusted (its reads are `any` in later passes).
//!
//! Types print as `int`, `float`, `bool`, `string`, `nil`, `[T]`, `(A, B)`, `{K: V}`,
//! `Set<T>`, `range`, `fn(A, B?) -> R` (`?` marks a parameter with a default), `Point`,
//! `Option<T>`, `Result<T, E>`, `a`/`b`/… (type variables of polymorphic types), `any`
//! and `never`.

mod annot;
mod builtins;
mod decls;
mod display;
mod env;
pub mod error;
mod infer;
pub mod reach;
mod scan;
mod scc;
mod scheme;
mod store;
mod trust;
pub mod ty;
mod unify;

pub use error::{render, ErrorKind, TypeError};

use ruchy_parser::ast::Program;
use ruchy_parser::Span;
use rustc_hash::FxHashSet;
use std::rc::Rc;

/// The inferred type of one top-level binding.
#[derive(Clone, Debug, PartialEq)]
pub struct BindingType {
    /// `x`, `f`, `Point::new`, `geometry::area`.
    pub name: String,
    /// The type as text (see the crate documentation for the format).
    pub ty: String,
    pub span: Span,
    /// The input of a session it belongs to (0 for a single program).
    pub unit: u32,
}

/// The result of checking a program (or a session of inputs).
#[derive(Clone, Debug, Default)]
pub struct Checked {
    /// Definite type and name errors, in source order.
    pub errors: Vec<TypeError>,
    /// Every top-level `let`, function and method, in source order.
    pub bindings: Vec<BindingType>,
    /// The type of the last statement of the last input (what the REPL would echo).
    pub last_type: Option<String>,
    /// How many inference passes it took.
    pub passes: u32,
    /// The type of every expression (span and type), when `TypeChecker::record_expr_types`
    /// asked for them; in source order.
    pub expr_types: Vec<ExprType>,
}

/// The inferred type of one expression.
#[derive(Clone, Debug, PartialEq)]
pub struct ExprType {
    pub span: Span,
    pub unit: u32,
    pub ty: String,
}

impl Checked {
    /// The errors as parser-crate diagnostics (for tools that collect diagnostics of all
    /// stages; `ruchy_parser::render` renders them).
    pub fn diagnostics(&self) -> Vec<ruchy_parser::Diagnostic> {
        self.errors.iter().map(TypeError::to_diagnostic).collect()
    }

    /// The type of the innermost recorded expression containing byte `offset` of input `unit`.
    pub fn type_at(&self, unit: u32, offset: u32) -> Option<&str> {
        self.expr_types
            .iter()
            .filter(|e| e.unit == unit && e.span.start <= offset && offset < e.span.end)
            .min_by_key(|e| e.span.end - e.span.start)
            .map(|e| e.ty.as_str())
    }
}

/// The type checker. Checking is a pure function of the syntax tree; the checker only holds
/// settings.
#[derive(Clone, Debug)]
pub struct TypeChecker {
    max_passes: u32,
    record: bool,
}

impl Default for TypeChecker {
    fn default() -> Self {
        TypeChecker::new()
    }
}

impl TypeChecker {
    pub fn new() -> TypeChecker {
        TypeChecker {
            max_passes: 8,
            record: false,
        }
    }

    /// Also report the type of every expression (`Checked::expr_types`, `Checked::type_at`).
    pub fn record_expr_types(mut self, on: bool) -> TypeChecker {
        self.record = on;
        self
    }

    /// Check one program.
    pub fn check(&self, program: &Program) -> Checked {
        self.check_session(&[program])
    }

    /// Check a session: inputs that ran one after another in the same global scope (REPL
    /// inputs), each with its own item hoisting.
    pub fn check_session(&self, inputs: &[&Program]) -> Checked {
        let info = scan::scan(inputs);
        let mut poisoned: Rc<FxHashSet<ty::Origin>> = Rc::new(FxHashSet::default());
        let mut passes = 0;
        loop {
            passes += 1;
            let mut inf = infer::Infer::new(&info, poisoned.clone());
            inf.record = self.record;
            inf.run(inputs);
            let fresh = std::mem::take(&mut inf.store.new_poison);
            let converged = fresh.is_empty();
            if converged || passes >= self.max_passes {
                let mut out = finish(&mut inf, passes);
                if !converged {
                    // not settled: keep only the errors that do not depend on types
                    out.errors
                        .retain(|e| matches!(e.kind, ErrorKind::UndefinedName { .. }));
                }
                return out;
            }
            let mut all = (*poisoned).clone();
            all.extend(fresh);
            poisoned = Rc::new(all);
        }
    }
}

fn finish(inf: &mut infer::Infer, passes: u32) -> Checked {
    let mut errors = std::mem::take(&mut inf.errors);
    ruchy_parser::sort::sort_by_key(&mut errors, |e| (e.unit, e.span.start));
    let mut top = std::mem::take(&mut inf.top);
    ruchy_parser::sort::sort_by_key(&mut top, |b| (b.unit, b.span.start));
    let bindings = top
        .iter()
        .map(|b| BindingType {
            name: b.name.clone(),
            ty: inf.store.show(&b.ty),
            span: b.span,
            unit: b.unit,
        })
        .collect();
    let last_type = inf.last_value.as_ref().map(|t| inf.store.show(t));
    let mut recorded = std::mem::take(&mut inf.recorded);
    ruchy_parser::sort::sort_by_key(&mut recorded, |(unit, span, _)| {
        (*unit, span.start, u32::MAX - span.end)
    });
    let expr_types = recorded
        .iter()
        .map(|(unit, span, ty)| ExprType {
            span: *span,
            unit: *unit,
            ty: inf.store.show(ty),
        })
        .collect();
    Checked {
        errors,
        bindings,
        last_type,
        passes,
        expr_types,
    }
}

/// Parse errors aside, check `src` and return the result (a convenience for tools and tests).
pub fn check_source(src: &str) -> Checked {
    let parsed = ruchy_parser::parse(src);
    TypeChecker::new().check(&parsed.program)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expression_types_and_diagnostics() {
        let src = "let xs = [1, 2]\nlet n = xs.len() + true\n";
        let parsed = ruchy_parser::parse(src);
        let c = TypeChecker::new()
            .record_expr_types(true)
            .check(&parsed.program);
        assert_eq!(c.type_at(0, 9), Some("[int]"));
        assert_eq!(c.type_at(0, 10), Some("int"));
        assert_eq!(c.type_at(0, 25), Some("[int]"));
        assert_eq!(c.type_at(0, 28), Some("int"));
        assert_eq!(c.type_at(0, 20), None);
        let d = c.diagnostics();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, ruchy_parser::DiagKind::Type);
        assert_eq!(d[0].message, "Cannot add integer and boolean");
        assert!(TypeChecker::new()
            .check(&parsed.program)
            .expr_types
            .is_empty());
    }

    #[test]
    fn sessions_see_earlier_inputs() {
        let inputs: Vec<_> = ["fun id(x) { x }", "let s = id(\"a\")", "s.len()"]
            .iter()
            .map(|s| ruchy_parser::parse(s).program)
            .collect();
        let refs: Vec<&Program> = inputs.iter().collect();
        let c = TypeChecker::new().check_session(&refs);
        assert!(c.errors.is_empty());
        assert_eq!(c.last_type.as_deref(), Some("int"));
        let names: Vec<_> = c
            .bindings
            .iter()
            .map(|b| (b.unit, b.name.as_str()))
            .collect();
        assert_eq!(names, [(0, "id"), (1, "s")]);
    }
}
