//! Printing types: `int`, `[string]`, `(int, bool)`, `{string: float}`, `fn(a, int?) -> a`,
//! `Option<int>`, `Point`, `any` (no static type) and `never`.

use crate::store::Store;
use crate::ty::{Ty, TypeVar};

/// Names type variables `a`, `b`, … in order of first appearance, consistently across every
/// type printed with the same namer.
#[derive(Default)]
pub struct Namer {
    names: Vec<u32>,
}

impl Namer {
    fn name(&mut self, id: u32) -> String {
        let i = match self.names.iter().position(|&v| v == id) {
            Some(i) => i,
            None => {
                self.names.push(id);
                self.names.len() - 1
            }
        };
        let letter = (b'a' + (i % 26) as u8) as char;
        if i < 26 {
            letter.to_string()
        } else {
            format!("{letter}{}", i / 26)
        }
    }
}

impl Store {
    /// The type as text, with variables named `a`, `b`, … from a fresh namer.
    pub fn show(&self, t: &Ty) -> String {
        self.show_with(t, &mut Namer::default())
    }

    pub fn show_with(&self, t: &Ty, namer: &mut Namer) -> String {
        let mut out = String::new();
        self.write(&mut out, t, namer, 0);
        out
    }

    fn write(&self, out: &mut String, t: &Ty, namer: &mut Namer, depth: u32) {
        if depth > 12 || out.len() > 400 {
            out.push('…');
            return;
        }
        let d = depth + 1;
        match t {
            Ty::Dyn => out.push_str("any"),
            Ty::Never => out.push_str("never"),
            Ty::Int => out.push_str("int"),
            Ty::Float => out.push_str("float"),
            Ty::Bool => out.push_str("bool"),
            Ty::Str => out.push_str("string"),
            Ty::Nil => out.push_str("nil"),
            Ty::Range => out.push_str("range"),
            Ty::DataFrame => out.push_str("DataFrame"),
            Ty::Var(id) => match self.state(*id) {
                TypeVar::Link { ty, .. } => self.write(out, ty, namer, depth),
                TypeVar::Unbound { id, .. } | TypeVar::Generic { id } => {
                    out.push_str(&namer.name(*id))
                }
            },
            Ty::Array(e) => {
                out.push('[');
                self.write(out, e, namer, d);
                out.push(']');
            }
            Ty::Set(e) => {
                out.push_str("Set<");
                self.write(out, e, namer, d);
                out.push('>');
            }
            Ty::Map(kv) => {
                out.push('{');
                self.write(out, &kv.0, namer, d);
                out.push_str(": ");
                self.write(out, &kv.1, namer, d);
                out.push('}');
            }
            Ty::Tuple(items) => {
                out.push('(');
                self.list(out, items, namer, d);
                if items.len() == 1 {
                    out.push(',');
                }
                out.push(')');
            }
            Ty::Fn(f) => {
                out.push_str("fn(");
                for (i, p) in f.params.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    self.write(out, p, namer, d);
                    if i >= f.required {
                        out.push('?');
                    }
                }
                out.push_str(") -> ");
                self.write(out, &f.ret, namer, d);
            }
            Ty::Named(n) => {
                out.push_str(&n.name);
                if !n.args.is_empty() {
                    out.push('<');
                    self.list(out, &n.args, namer, d);
                    out.push('>');
                }
            }
        }
    }

    fn list(&self, out: &mut String, items: &[Ty], namer: &mut Namer, depth: u32) {
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            self.write(out, x, namer, depth);
        }
    }

    /// The runtime kind name (`type_of`) of a known type, for messages.
    pub fn kind_name(&self, t: &Ty) -> String {
        match self.resolve(t) {
            Ty::Int => "integer".into(),
            Ty::Float => "float".into(),
            Ty::Bool => "boolean".into(),
            Ty::Str => "string".into(),
            Ty::Nil => "nil".into(),
            Ty::Range => "range".into(),
            Ty::DataFrame => "dataframe".into(),
            Ty::Array(_) => "array".into(),
            Ty::Set(_) => "set".into(),
            Ty::Map(_) => "object".into(),
            Ty::Tuple(_) => "tuple".into(),
            Ty::Fn(_) => "function".into(),
            Ty::Named(n) if &*n.name == "Option" || &*n.name == "Result" => "enum_variant".into(),
            other @ Ty::Named(_) => self.show(&other),
            other => self.show(&other),
        }
    }
}
