//! The printing forms of §12: display, top-level, interpolation and fixed precision.

use super::Value;
use std::fmt::Write;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Form {
    /// Canonical text; strings quoted (also the debug form).
    Display,
    /// `println` arguments and `{}`: a string raw, anything else in display form.
    TopLevel,
    /// f-string `{expr}`: strings raw, also inside arrays, tuples and maps.
    Interp,
}

/// Float display: integral values as `N.0`, others the shortest round-trip digits, never an exponent.
pub fn fmt_float(out: &mut String, f: f64) {
    if f.is_nan() {
        out.push_str("NaN");
    } else if f.is_infinite() {
        out.push_str(if f > 0.0 { "inf" } else { "-inf" });
    } else if f == f.trunc() {
        let _ = write!(out, "{f:.1}");
    } else {
        let _ = write!(out, "{f}");
    }
}

/// `{:.N}`: a number rounded to N decimals (ties to even on the exact binary value).
/// The decimal digits of `n` (the formatter's machinery costs more than the digits).
pub fn push_int(out: &mut String, n: i64) {
    let mut buf = [0u8; 20];
    out.push_str(int_digits(n, &mut buf));
}

/// `n.to_string()`: short results stay inline, without an allocation.
pub fn int_string(n: i64) -> Value {
    let mut buf = [0u8; 20];
    Value::str(int_digits(n, &mut buf))
}

/// "00" to "99": two digits per division.
const PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849\
5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

fn int_digits(n: i64, buf: &mut [u8; 20]) -> &str {
    let mut at = buf.len();
    let mut m = n.unsigned_abs();
    while m >= 100 {
        let d = (m % 100) as usize * 2;
        m /= 100;
        at -= 2;
        buf[at..at + 2].copy_from_slice(&PAIRS[d..d + 2]);
    }
    if m >= 10 {
        let d = m as usize * 2;
        at -= 2;
        buf[at..at + 2].copy_from_slice(&PAIRS[d..d + 2]);
    } else {
        at -= 1;
        buf[at] = b'0' + m as u8;
    }
    if n < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    // SAFETY: ASCII digits and sign only
    unsafe { std::str::from_utf8_unchecked(&buf[at..]) }
}

pub fn fmt_precision(out: &mut String, v: &Value, digits: usize) -> bool {
    match v.as_float() {
        Some(f) if f.is_finite() => {
            // Rust's formatter takes at most u16::MAX digits of precision
            let digits = digits.min(u16::MAX as usize);
            let _ = write!(out, "{f:.digits$}");
            true
        }
        Some(f) => {
            fmt_float(out, f);
            true
        }
        None => false,
    }
}

fn sorted_fields<'a>(
    names: &'a [std::rc::Rc<str>],
    values: &'a [Value],
) -> Vec<(&'a str, &'a Value)> {
    let mut pairs: Vec<(&str, &Value)> = names.iter().map(|n| &**n).zip(values.iter()).collect();
    ruchy_parser::sort::sort_by(&mut pairs, |a, b| a.0.cmp(b.0));
    pairs
}

fn seq(out: &mut String, items: &[Value], form: Form, open: &str, close: &str, depth: u32) {
    out.push_str(open);
    let inner = if form == Form::Interp {
        Form::Interp
    } else {
        Form::Display
    };
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_at(out, v, inner, depth + 1);
    }
    out.push_str(close);
}

pub fn write_value(out: &mut String, v: &Value, form: Form) {
    write_at(out, v, form, 0)
}

/// Values nested deeper than this print as `...`: printing recurses, and deeper nesting
/// would exhaust the stack (the native binary runs on a 1 GiB stack, the browser has 8 MiB).
#[cfg(not(target_arch = "wasm32"))]
const MAX_DEPTH: u32 = 100_000;
#[cfg(target_arch = "wasm32")]
const MAX_DEPTH: u32 = 1_000;

fn write_at(out: &mut String, v: &Value, form: Form, depth: u32) {
    if depth > MAX_DEPTH {
        out.push_str("...");
        return;
    }
    match v {
        Value::Nil | Value::Undefined => out.push_str("nil"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => push_int(out, *i),
        Value::Float(f) => fmt_float(out, *f),
        Value::SStr(_) | Value::Str(_) => {
            let s = v.as_str().unwrap_or("");
            if form == Form::Display {
                out.push('"');
                out.push_str(s);
                out.push('"');
            } else {
                out.push_str(s);
            }
        }
        Value::Array(items) => seq(out, items, form, "[", "]", depth),
        Value::Tuple(items) => seq(out, items, form, "(", ")", depth),
        Value::Map(m) => {
            out.push('{');
            let inner = if form == Form::Interp {
                Form::Interp
            } else {
                Form::Display
            };
            for (i, (k, val)) in m.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_at(out, k, Form::TopLevel, depth + 1);
                out.push_str(": ");
                write_at(out, val, inner, depth + 1);
            }
            out.push('}');
        }
        Value::Set(s) => {
            out.push('{');
            for (i, x) in s.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_at(out, x, Form::Display, depth + 1);
            }
            out.push('}');
        }
        Value::Range(r) => {
            let _ = write!(
                out,
                "{}{}{}",
                r.start,
                if r.inclusive { "..=" } else { ".." },
                r.end
            );
        }
        Value::Func(_) | Value::Builtin(_) => out.push_str("<function>"),
        Value::Struct(s) => {
            out.push_str(&s.ty.name);
            out.push_str(" {");
            for (i, (name, val)) in sorted_fields(&s.ty.field_names, &s.fields)
                .into_iter()
                .enumerate()
            {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(name);
                out.push_str(": ");
                write_at(out, val, Form::Display, depth + 1);
            }
            out.push('}');
        }
        Value::Enum(e) => {
            let info = &e.ty.variants[e.variant as usize];
            out.push_str(&info.name);
            if info.fields.is_some() {
                out.push_str(" {");
                for (i, (name, val)) in sorted_fields(&info.field_names, &e.payload)
                    .into_iter()
                    .enumerate()
                {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(name);
                    out.push_str(": ");
                    write_at(out, val, Form::Display, depth + 1);
                }
                out.push('}');
            } else if info.arity.is_some() {
                seq(out, &e.payload, Form::Display, "(", ")", depth);
            }
        }
        Value::DataFrame(df) => {
            let _ = writeln!(out, "DataFrame with {} columns:", df.columns.len());
            for (name, col) in &df.columns {
                let _ = writeln!(out, "  {name}: {} rows", col.len());
            }
        }
        Value::Cell(c) => write_at(out, &c.borrow(), form, depth),
    }
}

impl Value {
    pub fn to_display(&self) -> String {
        let mut s = String::new();
        write_value(&mut s, self, Form::Display);
        s
    }

    pub fn to_top_level(&self) -> String {
        match self.as_str() {
            Some(s) => s.to_string(),
            None => self.to_display(),
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(f: f64) -> String {
        let mut s = String::new();
        fmt_float(&mut s, f);
        s
    }

    #[test]
    fn floats() {
        assert_eq!(show(3.0), "3.0");
        assert_eq!(show(-0.0), "-0.0");
        assert_eq!(show(1e21), "1000000000000000000000.0");
        assert_eq!(show(1e-7), "0.0000001");
        assert_eq!(show(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(show(f64::NAN), "NaN");
        assert_eq!(show(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn precision_ties_to_even() {
        let p = |f: f64, d| {
            let mut s = String::new();
            fmt_precision(&mut s, &Value::Float(f), d);
            s
        };
        assert_eq!(p(2.5, 0), "2");
        assert_eq!(p(0.125, 2), "0.12");
        assert_eq!(p(1.005, 2), "1.00");
        assert_eq!(p(-0.5, 0), "-0");
    }
}
