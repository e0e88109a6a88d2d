//! `println` format strings (`{}`, `{:?}`, `{:.N}`) and f-string assembly.

use crate::bytecode::{FPiece, FSpec};
use crate::value::{fmt_precision, Form, Value};

enum Placeholder {
    Plain,
    Debug,
    Precision(usize),
}

/// Parse a placeholder at the start of `s` (which begins with `{`); returns it and its length.
fn placeholder(s: &str) -> Option<(Placeholder, usize)> {
    if s.starts_with("{}") {
        return Some((Placeholder::Plain, 2));
    }
    if s.starts_with("{:?}") {
        return Some((Placeholder::Debug, 4));
    }
    let rest = s.strip_prefix("{:.")?;
    let digits = rest.bytes().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || rest.as_bytes().get(digits) != Some(&b'}') {
        return None;
    }
    let n = rest[..digits].parse().unwrap_or(usize::MAX);
    Some((Placeholder::Precision(n), 3 + digits + 1))
}

pub fn has_placeholder(s: &str) -> bool {
    s.match_indices('{')
        .any(|(i, _)| placeholder(&s[i..]).is_some())
}

fn write_arg(out: &mut String, v: &Value, p: &Placeholder) {
    match p {
        Placeholder::Plain => crate::value::display::write_value(out, v, Form::TopLevel),
        Placeholder::Debug => crate::value::display::write_value(out, v, Form::Display),
        Placeholder::Precision(n) => {
            if !fmt_precision(out, v, *n) {
                crate::value::display::write_value(out, v, Form::TopLevel);
            }
        }
    }
}

/// Fill `{}` / `{:?}` / `{:.N}` placeholders left to right; extra placeholders stay literal.
pub fn format_template(template: &str, args: &[Value]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut next = args.iter();
    let mut i = 0;
    let bytes = template.as_bytes();
    while i < template.len() {
        if bytes[i] == b'{' {
            if let Some((p, len)) = placeholder(&template[i..]) {
                match next.next() {
                    Some(v) => write_arg(&mut out, v, &p),
                    None => out.push_str(&template[i..i + len]),
                }
                i += len;
                continue;
            }
        }
        let ch_len = template[i..]
            .chars()
            .next()
            .map(|c| c.len_utf8())
            .unwrap_or(1);
        out.push_str(&template[i..i + ch_len]);
        i += ch_len;
    }
    out
}

/// The text `println(args…)` writes, without the newline (§12.3).
pub fn print_args(args: &[Value]) -> String {
    if let Some(first) = args.first() {
        if let Some(t) = first.as_str() {
            if has_placeholder(t) {
                return format_template(t, &args[1..]);
            }
        }
    }
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        crate::value::display::write_value(&mut out, a, Form::TopLevel);
    }
    out
}

/// Assemble an f-string from its pieces and the values in `regs` (one per expression).
/// An f-string's value. The text is built in a buffer kept between calls, so a short
/// result (`f"item{i}"`) allocates nothing and a longer one allocates once, at its size.
pub fn fstring_value(pieces: &[FPiece], regs: &[Value]) -> Value {
    thread_local! {
        static SCRATCH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    SCRATCH.with(|cell| {
        // (`write_value` runs no user code, so the buffer is never wanted twice at once)
        let Ok(mut buf) = cell.try_borrow_mut() else {
            return Value::string(fstring(pieces, regs));
        };
        buf.clear();
        write_fstring(&mut buf, pieces, regs);
        if buf.capacity() > 1 << 16 {
            // (a big result keeps its buffer rather than leaving a big one behind)
            return Value::string(std::mem::take(&mut *buf));
        }
        Value::str(&buf)
    })
}

pub fn fstring(pieces: &[FPiece], regs: &[Value]) -> String {
    let mut out = String::new();
    write_fstring(&mut out, pieces, regs);
    out
}

fn write_fstring(out: &mut String, pieces: &[FPiece], regs: &[Value]) {
    let mut k = 0;
    for p in pieces {
        match p {
            FPiece::Lit(s) => out.push_str(s),
            FPiece::Val(spec) => {
                let v = regs.get(k).unwrap_or(&Value::Nil);
                k += 1;
                match spec {
                    FSpec::Interp => crate::value::display::write_value(out, v, Form::Interp),
                    FSpec::Debug => crate::value::display::write_value(out, v, Form::Display),
                    FSpec::Precision(n) => {
                        if !fmt_precision(out, v, *n as usize) {
                            crate::value::display::write_value(out, v, Form::Display);
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        let s = |x: &str| Value::str(x);
        assert_eq!(
            print_args(&[s("{} has {} items"), s("cart"), Value::Int(3)]),
            "cart has 3 items"
        );
        assert_eq!(
            print_args(&[s("{} and {} and {}"), Value::Int(1)]),
            "1 and {} and {}"
        );
        assert_eq!(
            print_args(&[s("Avg: {:.2}"), Value::Float(2.0 / 3.0)]),
            "Avg: 0.67"
        );
        assert_eq!(print_args(&[s("dbg {:?}"), s("s")]), "dbg \"s\"");
        assert_eq!(
            print_args(&[s("no placeholder"), Value::Int(5)]),
            "no placeholder 5"
        );
        assert_eq!(
            print_args(&[s("{name} {0}"), Value::Int(5)]),
            "{name} {0} 5"
        );
    }
}
