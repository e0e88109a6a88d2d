//! A soundness oracle: after a program ran, every global variable's value must fit the type
//! the checker printed for its last top-level binding (recursively into elements, keys,
//! values, tuple items and Option/Result payloads). `int` and `float` are interchangeable
//! (the checker never tells them apart for errors); type variables and `any` fit anything.

#![allow(dead_code)]

use ruchy_eval::Value;

/// A parsed type in the checker's display format.
#[derive(Debug)]
enum T {
    Any,
    Num,
    Bool,
    Str,
    Nil,
    Range,
    Frame,
    Array(Box<T>),
    Set(Box<T>),
    Map(Box<T>, Box<T>),
    Tuple(Vec<T>),
    Fn,
    Named(String, Vec<T>),
}

struct P<'a> {
    s: &'a [u8],
    i: usize,
}

impl P<'_> {
    fn eat(&mut self, t: &str) -> bool {
        if self.s[self.i..].starts_with(t.as_bytes()) {
            self.i += t.len();
            true
        } else {
            false
        }
    }

    fn word(&mut self) -> String {
        let start = self.i;
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_')
        {
            self.i += 1;
        }
        String::from_utf8_lossy(&self.s[start..self.i]).into_owned()
    }

    fn list(&mut self, close: &str) -> Vec<T> {
        let mut out = Vec::new();
        while !self.eat(close) && self.i < self.s.len() {
            out.push(self.ty());
            self.eat("?");
            self.eat(", ");
            self.eat(",");
        }
        out
    }

    fn ty(&mut self) -> T {
        if self.eat("[") {
            let e = self.ty();
            self.eat("]");
            return T::Array(Box::new(e));
        }
        if self.eat("{") {
            let k = self.ty();
            self.eat(": ");
            let v = self.ty();
            self.eat("}");
            return T::Map(Box::new(k), Box::new(v));
        }
        if self.eat("(") {
            return T::Tuple(self.list(")"));
        }
        if self.eat("fn(") {
            self.list(")");
            self.eat(" -> ");
            self.ty();
            return T::Fn;
        }
        if self.eat("…") {
            return T::Any;
        }
        let w = self.word();
        let args = if self.eat("<") {
            self.list(">")
        } else {
            Vec::new()
        };
        match w.as_str() {
            "int" | "float" => T::Num,
            "bool" => T::Bool,
            "string" => T::Str,
            "nil" => T::Nil,
            "range" => T::Range,
            "DataFrame" => T::Frame,
            "Set" => T::Set(Box::new(args.into_iter().next().unwrap_or(T::Any))),
            _ if w.chars().next().is_some_and(|c| c.is_ascii_uppercase()) => T::Named(w, args),
            _ => T::Any,
        }
    }
}

#[test]
fn the_oracle_sees_mismatches() {
    assert!(fits(&Value::Int(1), &parse("[int]"), 0).is_err());
    assert!(fits(&Value::Int(1), &parse("float"), 0).is_ok());
    assert!(fits(&Value::str("x"), &parse("Option<a>"), 0).is_err());
    assert!(fits(&Value::Bool(true), &parse("a"), 0).is_ok());
    let arr = Value::array(vec![Value::Int(1), Value::str("s")]);
    assert!(fits(&arr, &parse("[int]"), 0).is_err());
    assert!(fits(&arr, &parse("[any]"), 0).is_ok());
    let tup = Value::tuple(vec![Value::Int(1), Value::str("s")]);
    assert!(fits(&tup, &parse("(int, string)"), 0).is_ok());
    assert!(fits(&tup, &parse("(string, int)"), 0).is_err());
}

fn parse(s: &str) -> T {
    P {
        s: s.as_bytes(),
        i: 0,
    }
    .ty()
}

/// Does `v` fit the type printed as `ty`?
pub fn fits_type(v: &Value, ty: &str) -> bool {
    fits(v, &parse(ty), 0).is_ok()
}

/// Why `v` does not fit `t`, if it does not.
fn fits(v: &Value, t: &T, depth: u32) -> Result<(), String> {
    if depth > 20 {
        return Ok(());
    }
    let bad = || Err(format!("a {} value is typed {t:?}", v.type_name()));
    match (t, v) {
        (T::Any, _) => Ok(()),
        (_, Value::Cell(c)) => fits(&c.borrow(), t, depth),
        (T::Num, Value::Int(_) | Value::Float(_)) => Ok(()),
        (T::Bool, Value::Bool(_)) | (T::Nil, Value::Nil) | (T::Range, Value::Range(_)) => Ok(()),
        (T::Str, Value::SStr(_) | Value::Str(_)) => Ok(()),
        (T::Frame, Value::DataFrame(_)) => Ok(()),
        (T::Fn, Value::Func(_) | Value::Builtin(_)) => Ok(()),
        (T::Array(e), Value::Array(items)) => items.iter().try_for_each(|x| fits(x, e, depth + 1)),
        (T::Set(e), Value::Set(s)) => s.iter().try_for_each(|x| fits(x, e, depth + 1)),
        (T::Map(k, val), Value::Map(m)) => m.iter().try_for_each(|(a, b)| {
            fits(a, k, depth + 1)?;
            fits(b, val, depth + 1)
        }),
        (T::Tuple(ts), Value::Tuple(items)) if ts.len() == items.len() => ts
            .iter()
            .zip(items.iter())
            .try_for_each(|(t, x)| fits(x, t, depth + 1)),
        (T::Named(n, args), Value::Enum(e)) if n == "Option" || n == "Result" => {
            let name = e.ty.name.as_ref();
            if name != n {
                return bad();
            }
            // Some/Ok carry argument 0, Err argument 1
            let variant = e.ty.variants[e.variant as usize].name.as_ref();
            let arg = match variant {
                "Some" | "Ok" => args.first(),
                "Err" => args.get(1),
                _ => None,
            };
            match (arg, e.payload.first()) {
                (Some(t), Some(x)) => fits(x, t, depth + 1),
                _ => Ok(()),
            }
        }
        (T::Named(n, _), Value::Enum(e)) if e.ty.name.as_ref() == n => Ok(()),
        (T::Named(n, _), Value::Struct(s)) if s.ty.name.as_ref() == n => Ok(()),
        _ => bad(),
    }
}

/// Run `src` (it must run without error) and compare the final value of every global with
/// the type checked for its last top-level binding. Returns the mismatches.
pub fn check_values(src: &str) -> Result<Vec<String>, String> {
    let parsed = ruchy_parser::parse(src);
    let checked = ruchy_typeck::TypeChecker::new().check(&parsed.program);
    let mut engine = ruchy_eval::Engine::new(Box::new(ruchy_eval::BufferOutput::default()));
    engine.run(src, "oracle", true).map_err(|e| e.headline())?;
    let mut out = Vec::new();
    for (name, value) in engine.vm.env.bindings() {
        let Some(b) = checked.bindings.iter().rev().find(|b| *b.name == *name) else {
            continue;
        };
        if let Err(why) = fits(&value, &parse(&b.ty), 0) {
            out.push(format!(
                "{name} : {} but {why} ({})",
                b.ty,
                value.to_display()
            ));
        }
    }
    Ok(out)
}
