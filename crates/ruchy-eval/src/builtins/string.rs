//! String methods (§13.1): positions count characters, `len()` counts bytes.

use super::Args;
use super::{arg, arg_int, arg_str, check_argc, M};
use crate::error::{err, VResult, MAX_ARRAY_LEN, MAX_STR_BYTES};
use crate::value::Value;
use crate::vm::Vm;

pub fn has(m: M) -> bool {
    use M::*;
    matches!(
        m,
        len | is_empty
            | to_upper
            | to_uppercase
            | to_lower
            | to_lowercase
            | trim
            | trim_start
            | trim_end
            | split
            | lines
            | chars
            | bytes
            | contains
            | starts_with
            | ends_with
            | replace
            | repeat
            | parse
            | to_int
            | to_float
            | char_at
            | substring
            | format
            | as_bytes
            | is_numeric
            | is_alphabetic
            | is_alphanumeric
            | is_whitespace
            | is_digit
            | is_uppercase
            | is_lowercase
            | split_whitespace
            | find
            | index_of
            | rfind
            | strip_prefix
            | strip_suffix
            | char_count
            | count
            | reverse
            | get
            | first
            | last
            | iter
    )
}

fn strs(items: impl Iterator<Item = String>) -> Value {
    Value::array(items.map(Value::string).collect())
}

/// The characters of `s`, one string each (within the array size limit).
fn chars_of(s: &str) -> VResult<Value> {
    if s.len() > crate::error::MAX_ARRAY_LEN {
        crate::error::check_size(0, s.chars().count() as u64)?;
    }
    Ok(Value::array(
        s.chars()
            .map(|c| Value::str(c.encode_utf8(&mut [0u8; 4])))
            .collect(),
    ))
}

/// Character position of a byte offset.
fn char_pos(s: &str, byte: usize) -> i64 {
    if s.is_ascii() {
        byte as i64
    } else {
        s[..byte].chars().count() as i64
    }
}

/// The everyday methods, when their arguments are right: run without leaving the dispatch
/// loop, the result written to `out`. `false`: the arguments are wrong (`out` untouched),
/// and `call` reports why.
pub(crate) fn fast(s: &str, m: M, args: &[Value], out: &mut Value) -> bool {
    let v = match (m, args) {
        (M::len, []) => return put_int(out, s.len() as i64),
        (M::is_empty, _) => return put_bool(out, s.is_empty()),
        (M::contains, [p, ..]) => return p.as_str().is_some_and(|p| put_bool(out, s.contains(p))),
        (M::starts_with, [p, ..]) => {
            return p.as_str().is_some_and(|p| put_bool(out, s.starts_with(p)))
        }
        (M::ends_with, [p, ..]) => {
            return p.as_str().is_some_and(|p| put_bool(out, s.ends_with(p)))
        }
        (M::trim, _) => Value::str(s.trim()),
        (M::trim_start, _) => Value::str(s.trim_start()),
        (M::trim_end, _) => Value::str(s.trim_end()),
        (M::to_upper | M::to_uppercase, _) => Value::string(super::case::upper(s)),
        (M::to_lower | M::to_lowercase, _) => Value::string(super::case::lower(s)),
        (M::split, []) if !too_many_pieces(s, None) => strs(s.split_whitespace().map(String::from)),
        (M::split, [sep]) => {
            let Some(sep) = sep.as_str() else {
                return false;
            };
            if sep.is_empty() || too_many_pieces(s, Some(sep)) {
                // (`call` splits into characters, within the size limit)
                return false;
            } else if let [b] = sep.as_bytes() {
                // one ASCII byte (`","`, `" "`): a byte search instead of the general
                // substring searcher
                Value::array(split_byte(s, *b))
            } else {
                Value::array(s.split(sep).map(Value::str).collect())
            }
        }
        // (an empty `from` occurs between every two characters, as in Rust and Python)
        (M::replace, [from, to]) => match (from.as_str(), to.as_str()) {
            (Some(from), Some(to)) if !too_long_replaced(s, from, to) => {
                Value::string(s.replace(from, to))
            }
            _ => return false,
        },
        _ => return false,
    };
    Value::set(out, v);
    true
}

/// `s.split(b)` for an ASCII byte: a plain scan (the pieces are short, mostly; a `memchr`
/// call per piece costs more than it saves).
fn split_byte(s: &str, b: u8) -> Vec<Value> {
    debug_assert!(b.is_ascii());
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &c) in s.as_bytes().iter().enumerate() {
        if c == b {
            // SAFETY: an ASCII byte is a whole character, so both ends are boundaries
            out.push(Value::str(unsafe { s.get_unchecked(start..i) }));
            start = i + 1;
        }
    }
    // SAFETY: as above
    out.push(Value::str(unsafe { s.get_unchecked(start..) }));
    out
}

/// Whether splitting `s` on `sep` (`None`: on whitespace runs) gives more pieces than an
/// array may hold; counted only for strings long enough.
fn too_many_pieces(s: &str, sep: Option<&str>) -> bool {
    let most = s.len() / sep.map_or(1, |p| p.len().max(1)) + 1;
    most > MAX_ARRAY_LEN
        && match sep {
            None => s.split_whitespace().count() > MAX_ARRAY_LEN,
            Some(p) => s.matches(p).count() >= MAX_ARRAY_LEN,
        }
}

/// Whether `s.replace(from, to)` would be longer than a string may be.
fn too_long_replaced(s: &str, from: &str, to: &str) -> bool {
    if to.len() <= from.len() {
        return false;
    }
    let most = match from.len() {
        0 => s.len() + 1,
        n => s.len() / n,
    };
    if s.len().saturating_add(most.saturating_mul(to.len())) <= MAX_STR_BYTES {
        return false;
    }
    let n = match from.is_empty() {
        true => s.chars().count() + 1,
        false => s.matches(from).count(),
    };
    s.len()
        .saturating_add(n.saturating_mul(to.len() - from.len()))
        > MAX_STR_BYTES
}

fn put_int(out: &mut Value, n: i64) -> bool {
    Value::put_int(out, n);
    true
}

fn put_bool(out: &mut Value, b: bool) -> bool {
    Value::put_bool(out, b);
    true
}

pub fn call(vm: &mut Vm, recv: &Value, m: M, args: Args) -> VResult<Value> {
    let s = recv.as_str().unwrap_or("");
    let name = super::METHOD_NAMES[m as usize];
    let no_args = |args: &[Value]| check_argc(args, 0, 0, name);
    let mut v = Value::Nil;
    if fast(s, m, &args, &mut v) {
        return Ok(v);
    }
    Ok(match m {
        // the methods of `fast`, reached only with wrong arguments: say what is wrong
        M::len | M::contains | M::starts_with | M::ends_with | M::split | M::replace => {
            match m {
                M::len => no_args(&args)?,
                M::replace => {
                    check_argc(&args, 2, 2, name)?;
                    let to = arg_str(&args, 1, name)?;
                    if too_long_replaced(s, arg_str(&args, 0, name)?, to) {
                        return err(format!("{name}() would make a string over the size limit"));
                    }
                }
                M::split => {
                    check_argc(&args, 0, 1, name)?;
                    let sep = match args.first() {
                        Some(_) => Some(arg_str(&args, 0, name)?),
                        None => None,
                    };
                    if sep == Some("") {
                        return chars_of(s);
                    }
                    if too_many_pieces(s, sep) {
                        return err(format!("{name}() would make an array over the size limit"));
                    }
                }
                _ => {}
            }
            arg_str(&args, 0, name)?;
            return err(format!("{name}() cannot take these arguments"));
        }
        M::char_count => Value::Int(s.chars().count() as i64),
        M::split_whitespace | M::lines | M::bytes | M::as_bytes
            if match m {
                M::lines => too_many_pieces(s, Some("\n")),
                M::split_whitespace => too_many_pieces(s, None),
                _ => s.len() > MAX_ARRAY_LEN,
            } =>
        {
            return err(format!("{name}() would make an array over the size limit"));
        }
        M::split_whitespace => Value::array(s.split_whitespace().map(Value::str).collect()),
        // §13.1: split on `\n`, each line's trailing `\r` removed, no final empty line
        M::lines => {
            let body = s.strip_suffix('\n').unwrap_or(s);
            let lines = body.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
            match s.is_empty() {
                true => Value::array(Vec::new()),
                false => Value::array(lines.map(Value::str).collect()),
            }
        }
        M::chars | M::iter => chars_of(s)?,
        M::bytes | M::as_bytes => Value::array(s.bytes().map(|b| Value::Int(b as i64)).collect()),
        M::repeat => {
            let n = arg_int(&args, 0, name)?;
            crate::vm::arith::mul(recv, &Value::Int(n))?
        }
        M::parse | M::to_int => match super::funcs::parse_int_text(s) {
            Some(n) => Value::Int(n),
            None => return err(format!("Failed to parse '{s}' as integer")),
        },
        M::to_float => match super::funcs::parse_float_text(s) {
            Some(f) => Value::Float(f),
            None => return err(format!("Failed to parse '{s}' as float")),
        },
        M::char_at => {
            let i = arg_int(&args, 0, name)?;
            match recv {
                Value::Str(rc) if i >= 0 && (i as usize) < vm.char_count(rc) => {
                    vm.char_value(rc, i as usize)
                }
                _ if i < 0 => Value::Nil,
                _ => match s.chars().nth(i as usize) {
                    Some(c) => Value::str(c.encode_utf8(&mut [0u8; 4])),
                    None => Value::Nil,
                },
            }
        }
        M::get => {
            let i = arg_int(&args, 0, name)?;
            let n = s.chars().count();
            match crate::vm::data::norm_index(i, n).and_then(|k| s.chars().nth(k)) {
                Some(c) if i >= 0 => vm.env.some(Value::str(c.encode_utf8(&mut [0u8; 4]))),
                _ => vm.env.none(),
            }
        }
        M::first => match s.chars().next() {
            Some(c) => vm.env.some(Value::str(c.encode_utf8(&mut [0u8; 4]))),
            None => vm.env.none(),
        },
        M::last => match s.chars().next_back() {
            Some(c) => vm.env.some(Value::str(c.encode_utf8(&mut [0u8; 4]))),
            None => vm.env.none(),
        },
        M::substring => {
            check_argc(&args, 1, 2, name)?;
            let a = arg_int(&args, 0, name)?;
            let b = if args.len() > 1 {
                arg_int(&args, 1, name)?
            } else {
                i64::MAX
            };
            let a = a.max(0) as usize;
            let b = b.max(0) as usize;
            match recv {
                _ if b <= a => Value::str(""),
                // a long string: through the VM's character cursor, as `s[a..b]` (no walk
                // from the start for every call)
                Value::Str(rc) => {
                    let n = vm.char_count(rc);
                    vm.char_range(rc, a.min(n), b.min(n))
                }
                _ => Value::string(s.chars().skip(a).take(b - a).collect()),
            }
        }
        M::format => Value::string(super::format::format_template(s, &args)),
        // §13.1 "every character is …": true of the empty string, as Rust's `chars().all`
        M::is_numeric | M::is_digit => Value::Bool(s.chars().all(|c| c.is_ascii_digit())),
        M::is_alphabetic => Value::Bool(s.chars().all(char::is_alphabetic)),
        M::is_alphanumeric => Value::Bool(s.chars().all(char::is_alphanumeric)),
        M::is_whitespace => Value::Bool(s.chars().all(char::is_whitespace)),
        M::is_uppercase => {
            Value::Bool(s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase))
        }
        M::is_lowercase => {
            Value::Bool(s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_uppercase))
        }
        M::find | M::index_of => {
            let pat = arg_str(&args, 0, name)?;
            let pos = s.find(pat).map(|b| char_pos(s, b));
            if m == M::index_of {
                Value::Int(pos.unwrap_or(-1))
            } else {
                vm.env.option(pos.map(Value::Int))
            }
        }
        M::rfind => {
            let pat = arg_str(&args, 0, name)?;
            vm.env
                .option(s.rfind(pat).map(|b| Value::Int(char_pos(s, b))))
        }
        M::strip_prefix => vm
            .env
            .option(s.strip_prefix(arg_str(&args, 0, name)?).map(Value::str)),
        M::strip_suffix => vm
            .env
            .option(s.strip_suffix(arg_str(&args, 0, name)?).map(Value::str)),
        M::count => {
            let pat = arg_str(&args, 0, name)?;
            Value::Int(if pat.is_empty() {
                0
            } else {
                s.matches(pat).count() as i64
            })
        }
        M::reverse => Value::string(s.chars().rev().collect()),
        _ => {
            let _ = arg(&args, 0, name);
            return err(format!("Unknown method '{name}' for string"));
        }
    })
}
