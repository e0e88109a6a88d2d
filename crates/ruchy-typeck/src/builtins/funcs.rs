//! Global builtin functions (§13.8) and builtin constants: their result types.

use crate::infer::{ArgTy, Infer};
use crate::ty::{Tag, Ty};
use ruchy_parser::ast::BinOp;
use ruchy_parser::Span;

/// Every global builtin function name (the interpreter's table).
pub const NAMES: &[&str] = &[
    "println",
    "print",
    "eprintln",
    "eprint",
    "format",
    "len",
    "type_of",
    "str",
    "to_string",
    "int",
    "float",
    "bool",
    "parse_int",
    "parse_float",
    "abs",
    "sqrt",
    "pow",
    "min",
    "max",
    "floor",
    "ceil",
    "round",
    "sin",
    "cos",
    "tan",
    "log",
    "log10",
    "log2",
    "exp",
    "range",
    "reverse",
    "sort",
    "push",
    "pop",
    "zip",
    "enumerate",
    "is_nil",
    "assert",
    "assert_eq",
    "assert_ne",
    "panic",
    "exit",
    "dbg",
    "Some",
    "Ok",
    "Err",
    "read_file",
    "write_file",
    "append_file",
    "file_exists",
];

/// The type of a builtin name used as a value (not called), or `None` if it is not one.
pub fn value_type(inf: &mut Infer, name: &str, span: Span) -> Option<Ty> {
    let name = ruchy_parser::names::builtin_path(name);
    match name {
        "None" => Some(Ty::option(inf.fresh(span, Tag::Payload))),
        "Some" => {
            let a = inf.fresh(span, Tag::Payload);
            Some(Ty::func(vec![a.clone()], Ty::option(a)))
        }
        "Ok" | "Err" => {
            let a = inf.fresh(span, Tag::Payload);
            let b = inf.fresh(span, Tag::Err);
            let r = if name == "Ok" {
                Ty::result(a.clone(), b)
            } else {
                Ty::result(b, a.clone())
            };
            Some(Ty::func(vec![a], r))
        }
        _ if NAMES.contains(&name) => Some(Ty::Dyn),
        _ => None,
    }
}

/// Builtin constants like `i64::MAX` and `f64::consts::PI`.
pub fn constant(path: &str) -> Option<Ty> {
    let p = path.strip_prefix("std::").unwrap_or(path);
    match p {
        "i64::MAX" | "i64::MIN" | "i32::MAX" | "i32::MIN" | "u32::MAX" | "u8::MAX"
        | "usize::MAX" | "u64::MAX" | "isize::MAX" | "isize::MIN" => Some(Ty::Int),
        "f64::MAX"
        | "f64::MIN"
        | "f64::INFINITY"
        | "f64::NEG_INFINITY"
        | "f64::NAN"
        | "f64::EPSILON"
        | "f64::consts::PI"
        | "PI"
        | "f64::consts::E"
        | "f64::consts::TAU"
        | "f64::consts::SQRT_2"
        | "f64::consts::LN_2" => Some(Ty::Float),
        "Option::None" => None,
        _ => None,
    }
}

/// The result of calling builtin `name` (a plain name or a path like `String::from`), or
/// `None` if it is not a builtin.
pub fn call(inf: &mut Infer, name: &str, args: &[ArgTy], span: Span) -> Option<Ty> {
    let name = ruchy_parser::names::builtin_path(name);
    let arg = |i: usize| args.get(i).map(|a| a.ty.clone()).unwrap_or(Ty::Dyn);
    let known = |inf: &Infer, i: usize| inf.known(&arg(i));
    let t = match name {
        "println" | "print" | "eprintln" | "eprint" | "assert" | "assert_eq" | "assert_ne"
        | "write_file" | "append_file" => Ty::Nil,
        "format" | "type_of" | "str" | "to_string" | "read_file" | "String::new"
        | "String::from" => Ty::Str,
        "len" => {
            let k = known(inf, 0);
            if matches!(
                k,
                Ty::Int | Ty::Float | Ty::Bool | Ty::Nil | Ty::Fn(_) | Ty::Range
            ) {
                let kind = inf.kind_of(&k);
                inf.error(
                    crate::error::TypeError::new(
                        crate::error::ErrorKind::Operands {
                            message: format!("len() not supported for {kind}"),
                        },
                        span,
                    )
                    .label(format!("this argument is {}", inf.show(&k))),
                );
            }
            Ty::Int
        }
        "int" | "parse_int" | "floor" | "ceil" | "round" => Ty::Int,
        "float" | "parse_float" | "sqrt" | "sin" | "cos" | "tan" | "log" | "log10" | "log2"
        | "exp" => Ty::Float,
        "bool" | "is_nil" | "file_exists" => Ty::Bool,
        "abs" => match known(inf, 0) {
            t @ (Ty::Int | Ty::Float) => t,
            _ => Ty::Dyn,
        },
        "pow" if args.len() == 2 => inf.arith(BinOp::Pow, &arg(0), &arg(1), span, None),
        "min" | "max" if args.len() == 2 => match (known(inf, 0), known(inf, 1)) {
            (Ty::Int, Ty::Int) => Ty::Int,
            (Ty::Int | Ty::Float, Ty::Int | Ty::Float) => Ty::Float,
            _ => Ty::Dyn,
        },
        "range" => Ty::array(inf.elements(span, Tag::Elem, &[Ty::Int])),
        "reverse" | "sort" => match known(inf, 0) {
            Ty::Array(e) => Ty::array(inf.elements(span, Tag::Elem, &[(*e).clone()])),
            Ty::Str if name == "reverse" => Ty::Str,
            _ => Ty::Dyn,
        },
        "push" if args.len() == 2 => match known(inf, 0) {
            Ty::Array(e) => Ty::array(inf.elements(span, Tag::Elem, &[(*e).clone(), arg(1)])),
            _ => Ty::Dyn,
        },
        "zip" => match (known(inf, 0), known(inf, 1)) {
            (Ty::Array(a), Ty::Array(b)) => {
                let t = Ty::tuple(vec![(*a).clone(), (*b).clone()]);
                Ty::array(inf.elements(span, Tag::Elem, &[t]))
            }
            _ => Ty::Dyn,
        },
        "enumerate" => match known(inf, 0) {
            Ty::Array(e) => {
                let t = Ty::tuple(vec![Ty::Int, (*e).clone()]);
                Ty::array(inf.elements(span, Tag::Elem, &[t]))
            }
            _ => Ty::Dyn,
        },
        "panic" | "exit" => Ty::Never,
        "dbg" | "Box::new" | "Rc::new" if args.len() == 1 => arg(0),
        "Some" | "Option::Some" if args.len() == 1 => Ty::option(arg(0)),
        "Ok" | "Result::Ok" if args.len() == 1 => Ty::result(arg(0), inf.fresh(span, Tag::Err)),
        "Err" | "Result::Err" if args.len() == 1 => {
            Ty::result(inf.fresh(span, Tag::Payload), arg(0))
        }
        "Vec::new" | "Vec::with_capacity" | "VecDeque::new" | "VecDeque::with_capacity" => {
            Ty::array(inf.fresh(span, Tag::Elem))
        }
        "HashMap::new" | "BTreeMap::new" => {
            Ty::map(inf.fresh(span, Tag::Key), inf.fresh(span, Tag::Value))
        }
        "HashSet::new" | "BTreeSet::new" => Ty::set(inf.fresh(span, Tag::Elem)),
        _ if NAMES.contains(&name) => Ty::Dyn,
        _ => return None,
    };
    Some(t)
}
