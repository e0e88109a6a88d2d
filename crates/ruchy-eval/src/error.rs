//! Runtime errors: catchable messages and thrown values, fatal stops, and the call trace.

use crate::bytecode::Source;
use crate::value::Value;
use ruchy_parser::{DiagKind, Diagnostic, Span};
use std::rc::Rc;

#[derive(Debug, Clone)]
pub enum ErrorKind {
    /// A runtime error; `catch` binds the message string.
    Msg(String),
    /// `throw v`; `catch` binds `v`.
    Thrown(Value),
    /// Not catchable: interruption, execution budget, internal limits.
    Fatal(String),
    /// `exit(code)`: not catchable; the front end ends the program with this status.
    Exit(i32),
}

#[derive(Debug, Clone)]
pub struct TraceEntry {
    pub function: Rc<str>,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct RuntimeError {
    pub kind: ErrorKind,
    pub location: Option<(Rc<Source>, Span)>,
    pub trace: Vec<TraceEntry>,
}

pub type VResult<T> = Result<T, Box<RuntimeError>>;

impl RuntimeError {
    pub fn new(kind: ErrorKind) -> Box<RuntimeError> {
        Box::new(RuntimeError {
            kind,
            location: None,
            trace: Vec::new(),
        })
    }

    /// The MESSAGE of `Error: MESSAGE` (§14.1).
    pub fn message(&self) -> String {
        match &self.kind {
            ErrorKind::Msg(m) | ErrorKind::Fatal(m) => m.clone(),
            ErrorKind::Thrown(v) => format!("Uncaught exception: {}", v.to_top_level()),
            ErrorKind::Exit(code) => format!("exit({code})"),
        }
    }

    /// The value `catch (e)` binds.
    pub fn caught_value(&self) -> Value {
        match &self.kind {
            ErrorKind::Thrown(v) => v.clone(),
            ErrorKind::Msg(m) | ErrorKind::Fatal(m) => Value::str(m),
            ErrorKind::Exit(code) => Value::Int(i64::from(*code)),
        }
    }

    pub fn is_fatal(&self) -> bool {
        matches!(self.kind, ErrorKind::Fatal(_) | ErrorKind::Exit(_))
    }

    /// As a diagnostic pointing at the failing expression, with the call trace as notes.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let span = self.location.as_ref().map(|l| l.1).unwrap_or_default();
        let mut d = Diagnostic::new(DiagKind::Runtime, span, self.message());
        if self.trace.len() > 1 || self.trace.first().is_some_and(|t| &*t.function != "<main>") {
            // consecutive identical frames (deep recursion) are shown once with a count
            let mut groups: Vec<(&TraceEntry, usize)> = Vec::new();
            for t in &self.trace {
                match groups.last_mut() {
                    Some((last, n)) if last.function == t.function && last.line == t.line => {
                        *n += 1
                    }
                    _ => groups.push((t, 1)),
                }
            }
            for (i, (t, n)) in groups.iter().take(10).enumerate() {
                let verb = if i == 0 { "in" } else { "called from" };
                let times = if *n > 1 {
                    format!(" ({n} times)")
                } else {
                    String::new()
                };
                d.notes
                    .push(format!("{verb} {} at line {}{times}", t.function, t.line));
            }
            if groups.len() > 10 {
                d.notes.push(format!("… {} more frames", groups.len() - 10));
            }
        }
        d
    }
}

pub fn err<T>(msg: impl Into<String>) -> VResult<T> {
    Err(RuntimeError::new(ErrorKind::Msg(msg.into())))
}

pub fn error(msg: impl Into<String>) -> Box<RuntimeError> {
    RuntimeError::new(ErrorKind::Msg(msg.into()))
}

/// The largest string (bytes) and array (elements) one operation may build: beyond them the
/// program gets a catchable error instead of exhausting memory (an allocation failure aborts).
/// Smaller on 32-bit targets (the browser's 4 GiB wasm memory).
#[cfg(target_pointer_width = "64")]
pub const MAX_STR_BYTES: usize = 1 << 31;
#[cfg(not(target_pointer_width = "64"))]
pub const MAX_STR_BYTES: usize = 1 << 28;
pub const MAX_ARRAY_LEN: usize = MAX_STR_BYTES / 16;

/// Refuse a string of `bytes` or an array of `elems` beyond the limits.
#[inline]
pub fn check_size(bytes: u64, elems: u64) -> VResult<()> {
    if bytes > MAX_STR_BYTES as u64 || elems > MAX_ARRAY_LEN as u64 {
        return too_large(bytes, elems);
    }
    Ok(())
}

#[cold]
fn too_large(bytes: u64, elems: u64) -> VResult<()> {
    if bytes > MAX_STR_BYTES as u64 {
        return err(format!(
            "String of {bytes} bytes is too large (the limit is {MAX_STR_BYTES})"
        ));
    }
    err(format!(
        "Array of {elems} elements is too large (the limit is {MAX_ARRAY_LEN})"
    ))
}
