//! Operators and casts. Operators are overloaded (`+` adds numbers, concatenates strings and
//! arrays, formats scalars into strings), so a result is precise only when the operands are
//! known; an error is reported only when both operand kinds are known and never accepted.

use super::Infer;
use crate::error::{ErrorKind, TypeError};
use crate::ty::{Tag, Ty};
use ruchy_parser::ast::*;
use ruchy_parser::Span;

fn is_num(t: &Ty) -> bool {
    matches!(t, Ty::Int | Ty::Float)
}

fn is_known(t: &Ty) -> bool {
    !matches!(t, Ty::Dyn)
}

impl Infer<'_> {
    pub(super) fn unary(&mut self, op: UnOp, x: &Expr, span: Span) -> Ty {
        let t = self.infer_expr(x);
        let k = self.known(&t);
        match op {
            UnOp::Not => Ty::Bool,
            UnOp::Neg => match k {
                Ty::Int | Ty::Float => k,
                Ty::Dyn => self.passthrough(&t),
                other => {
                    let kind = self.kind_of(&other);
                    self.operand_error(
                        span,
                        format!("Cannot negate {kind}"),
                        format!("only numbers can be negated; this is {}", self.show(&other)),
                    );
                    Ty::Never
                }
            },
            UnOp::BitNot => {
                if is_known(&k) && !is_num(&k) {
                    let label = format!("this is {}", self.show(&k));
                    self.operand_error(
                        span,
                        "Bitwise operations require integer operands".into(),
                        label,
                    );
                }
                Ty::Int
            }
        }
    }

    /// A value of unknown type passed on unchanged (`-x` has the type of `x`).
    fn passthrough(&self, t: &Ty) -> Ty {
        match self.store.resolve(t) {
            Ty::Dyn | Ty::Never => Ty::Dyn,
            _ => t.clone(),
        }
    }

    pub(super) fn binary(&mut self, op: BinOp, a: &Expr, b: &Expr, span: Span) -> Ty {
        let ta = self.infer_expr(a);
        let tb = self.infer_expr(b);
        match op {
            BinOp::Eq | BinOp::Ne => Ty::Bool,
            BinOp::And | BinOp::Or => {
                let (ka, kb) = (self.known(&ta), self.known(&tb));
                if matches!((&ka, &kb), (Ty::Bool, Ty::Bool)) {
                    Ty::Bool
                } else {
                    self.join(span, Tag::Join, &[ta, tb])
                }
            }
            BinOp::Coalesce => match self.known(&ta) {
                Ty::Nil => tb,
                Ty::Dyn => self.join(span, Tag::Join, &[ta, tb]),
                _ => ta,
            },
            _ => {
                let lit_exp = match &b.kind {
                    ExprKind::Int(n) => Some(*n),
                    _ => None,
                };
                self.arith(op, &ta, &tb, span, lit_exp)
            }
        }
    }

    /// The result of `a op b` for arithmetic, bitwise and comparison operators.
    pub(crate) fn arith(
        &mut self,
        op: BinOp,
        ta: &Ty,
        tb: &Ty,
        span: Span,
        lit: Option<i64>,
    ) -> Ty {
        use BinOp::*;
        let (ka, kb) = (self.known(ta), self.known(tb));
        let both = is_known(&ka) && is_known(&kb);
        let same_var = match (self.store.resolve(ta), self.store.resolve(tb)) {
            (Ty::Var(x), Ty::Var(y)) => x == y,
            _ => false,
        };
        let numeric = |ka: &Ty, kb: &Ty| match (ka, kb) {
            (Ty::Int, Ty::Int) => Ty::Int,
            _ => Ty::Float,
        };
        match op {
            Lt | Le | Gt | Ge => {
                let ok = (is_num(&ka) && is_num(&kb)) || matches!((&ka, &kb), (Ty::Str, Ty::Str));
                if both && !ok {
                    let (x, y) = (self.kind_of(&ka), self.kind_of(&kb));
                    let label = format!(
                        "{} and {} are not ordered: only two numbers or two strings are",
                        self.show(&ka),
                        self.show(&kb)
                    );
                    self.operand_error(span, format!("Cannot compare {x} and {y}"), label);
                }
                Ty::Bool
            }
            BitAnd | BitOr | BitXor | Shl | Shr => {
                if (is_known(&ka) && !is_num(&ka)) || (is_known(&kb) && !is_num(&kb)) {
                    let label = format!("operands are {} and {}", self.show(ta), self.show(tb));
                    self.operand_error(
                        span,
                        "Bitwise operations require integer operands".into(),
                        label,
                    );
                }
                Ty::Int
            }
            Add => match (&ka, &kb) {
                (x, y) if is_num(x) && is_num(y) => numeric(x, y),
                (Ty::Str, Ty::Int | Ty::Float | Ty::Bool | Ty::Str)
                | (Ty::Int | Ty::Float | Ty::Bool, Ty::Str) => Ty::Str,
                (Ty::Array(x), Ty::Array(y)) => {
                    let (x, y) = ((**x).clone(), (**y).clone());
                    Ty::array(self.elements(span, Tag::Elem, &[x, y]))
                }
                _ if both => self.bad_operands(op, &ka, &kb, span),
                (Ty::Str | Ty::Bool, Ty::Dyn) | (Ty::Dyn, Ty::Str | Ty::Bool) => Ty::Str,
                (Ty::Array(x), Ty::Dyn) | (Ty::Dyn, Ty::Array(x)) => {
                    let x = (**x).clone();
                    Ty::array(self.elements(span, Tag::Elem, &[x, Ty::Dyn]))
                }
                (Ty::Int, Ty::Dyn) => self.passthrough(tb),
                (Ty::Dyn, Ty::Int) => self.passthrough(ta),
                _ if same_var => ta.clone(),
                _ => Ty::Dyn,
            },
            Sub | Div | Rem | Mul => match (&ka, &kb) {
                (x, y) if is_num(x) && is_num(y) => numeric(x, y),
                (Ty::Str, Ty::Int) | (Ty::Int, Ty::Str) if op == Mul => Ty::Str,
                _ if both => self.bad_operands(op, &ka, &kb, span),
                (Ty::Str, Ty::Dyn) | (Ty::Dyn, Ty::Str) if op == Mul => Ty::Str,
                (Ty::Float, Ty::Dyn) | (Ty::Dyn, Ty::Float) => Ty::Float,
                (Ty::Int, Ty::Dyn) => self.passthrough(tb),
                (Ty::Dyn, Ty::Int) => self.passthrough(ta),
                _ if same_var => ta.clone(),
                _ => Ty::Dyn,
            },
            Pow => match (&ka, &kb) {
                (Ty::Int, Ty::Int) if lit.is_some_and(|n| n >= 0) => Ty::Int,
                (Ty::Float, y) | (y, Ty::Float) if is_num(y) => Ty::Float,
                _ if both && !(is_num(&ka) && is_num(&kb)) => self.bad_operands(op, &ka, &kb, span),
                _ => Ty::Dyn,
            },
            _ => Ty::Dyn,
        }
    }

    fn bad_operands(&mut self, op: BinOp, a: &Ty, b: &Ty, span: Span) -> Ty {
        let (x, y) = (self.kind_of(a), self.kind_of(b));
        let message = match op {
            BinOp::Add => format!("Cannot add {x} and {y}"),
            BinOp::Sub => format!("Cannot subtract {y} from {x}"),
            BinOp::Mul => format!("Cannot multiply {x} and {y}"),
            BinOp::Div => format!("Cannot divide {x} by {y}"),
            BinOp::Rem => format!("Cannot compute remainder of {x} by {y}"),
            _ => format!("Cannot raise {x} to the power of {y}"),
        };
        let label = format!(
            "`{}` is never defined for {} and {}",
            op.symbol(),
            self.show(a),
            self.show(b)
        );
        self.operand_error(span, message, label);
        // a certain failure: no value comes out
        Ty::Never
    }

    fn operand_error(&mut self, span: Span, message: String, label: String) {
        self.error(TypeError::new(ErrorKind::Operands { message }, span).label(label));
    }

    /// The runtime kind name (`integer`, `struct`, …) of a known type.
    pub(crate) fn kind_of(&self, t: &Ty) -> String {
        match self.store.resolve(t) {
            Ty::Named(n) if &*n.name != "Option" && &*n.name != "Result" => {
                match self.decls.get(&n.name).map(|d| &d.kind) {
                    Some(crate::decls::DeclKind::Enum { .. }) => "enum_variant".into(),
                    _ => "struct".into(),
                }
            }
            other => self.store.kind_name(&other),
        }
    }

    pub(super) fn cast(&mut self, x: &Expr, te: &TypeExpr, span: Span) -> Ty {
        let t = self.infer_expr(x);
        let mut name = String::new();
        let mut cur = te;
        loop {
            match &cur.kind {
                TypeKind::Named { path, .. } => {
                    name = path.last().cloned().unwrap_or_default();
                    break;
                }
                TypeKind::Ref { inner, .. } => cur = inner,
                _ => break,
            }
        }
        let target = match name.as_str() {
            "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64"
            | "u128" | "usize" | "int" => Ty::Int,
            "f32" | "f64" | "float" => Ty::Float,
            "bool" => Ty::Bool,
            "String" | "str" => Ty::Str,
            _ => return Ty::Dyn,
        };
        let k = self.known(&t);
        let castable = matches!(
            (&target, &k),
            (_, Ty::Dyn | Ty::Named(_))
                | (Ty::Int, Ty::Int | Ty::Float | Ty::Bool)
                | (Ty::Float, Ty::Int | Ty::Float | Ty::Bool)
                | (Ty::Bool, Ty::Bool)
                | (Ty::Str, Ty::Str)
        );
        if !castable {
            let kind = self.kind_of(&k);
            let label = format!("a {} cannot be cast to {name}", self.show(&k));
            self.operand_error(span, format!("Cannot cast {kind} to {name}"), label);
        }
        target
    }
}
