//! Type errors as data (a kind, a span, explanations), converted to the parser crate's
//! `Diagnostic` and rendered by its one renderer.

use ruchy_parser::{DiagKind, Diagnostic, Span};

/// What went wrong. Type names are already printed (`int`, `Point`, `fn(a) -> a`).
#[derive(Clone, Debug, PartialEq)]
pub enum ErrorKind {
    /// A name bound nowhere (not even later or in another scope) and not a builtin.
    UndefinedName {
        name: String,
        call: bool,
    },
    /// Calling a value that is certainly not a function.
    NotCallable {
        kind: String,
    },
    /// A known function called with the wrong number of arguments.
    Arity {
        name: String,
        min: usize,
        max: usize,
        got: usize,
    },
    /// A value contradicting a user annotation (parameter, `let`, return type or field).
    Annotation {
        what: String,
        expected: String,
        found: String,
    },
    /// An operator applied to operands it never accepts (`true + 1`, `3 < "4"`).
    Operands {
        message: String,
    },
    /// A field that a known struct does not declare.
    UnknownField {
        owner: String,
        field: String,
    },
    /// A struct literal naming a field the struct does not declare.
    NoSuchField {
        owner: String,
        field: String,
    },
    /// A struct literal without a field that has no default.
    MissingField {
        owner: String,
        field: String,
    },
    UndefinedStruct {
        name: String,
    },
    /// A method that neither the builtin kind nor the user type has.
    UnknownMethod {
        method: String,
        kind: String,
    },
    UnknownVariant {
        path: String,
    },
    /// `for x in 5`
    NotIterable {
        kind: String,
    },
    /// `5?`
    BadTry {
        kind: String,
    },
    /// `t.5` on a pair.
    TupleIndex {
        index: u32,
        len: usize,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeError {
    pub kind: ErrorKind,
    pub span: Span,
    /// Which input of a session the span refers to (0 for a single program).
    pub unit: u32,
    /// Text under the caret.
    pub label: Option<String>,
    /// Secondary spans: "expected int because of this annotation".
    pub related: Vec<(Span, String)>,
    pub notes: Vec<String>,
}

impl TypeError {
    pub fn new(kind: ErrorKind, span: Span) -> TypeError {
        TypeError {
            kind,
            span,
            unit: 0,
            label: None,
            related: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn label(mut self, text: impl Into<String>) -> TypeError {
        self.label = Some(text.into());
        self
    }

    pub fn related(mut self, span: Span, text: impl Into<String>) -> TypeError {
        self.related.push((span, text.into()));
        self
    }

    pub fn note(mut self, text: impl Into<String>) -> TypeError {
        self.notes.push(text.into());
        self
    }

    /// A contradicted annotation: annotations never change what a program does (§15.2), so
    /// the program may still run cleanly and `ruchy check` only warns.
    pub fn is_warning(&self) -> bool {
        matches!(self.kind, ErrorKind::Annotation { .. })
    }

    /// Name errors are reported as `name error`, everything else as `type error`.
    pub fn diag_kind(&self) -> DiagKind {
        match self.kind {
            ErrorKind::UndefinedName { .. } => DiagKind::Name,
            _ => DiagKind::Type,
        }
    }

    /// The one-line explanation (the runtime's wording where the runtime has one).
    pub fn message(&self) -> String {
        use ErrorKind::*;
        match &self.kind {
            UndefinedName { name, call: true } => format!("Undefined function: {name}"),
            UndefinedName { name, call: false } => format!("Undefined variable: {name}"),
            NotCallable { kind } => format!("Cannot call non-function value: {kind}"),
            Arity {
                name,
                min,
                max,
                got,
            } => {
                let expects = if min == max {
                    format!("{min}")
                } else {
                    format!("{min} to {max}")
                };
                let plural = if *max == 1 { "" } else { "s" };
                format!("Function '{name}' expects {expects} argument{plural}, got {got}")
            }
            Annotation {
                what,
                expected,
                found,
            } => format!(
                "Type mismatch: {what} has type {found}, but the annotation says {expected}"
            ),
            Operands { message } => message.clone(),
            UnknownField { owner, field } => format!("Field '{field}' not found in struct {owner}"),
            NoSuchField { owner, field } => format!("Struct {owner} does not have field '{field}'"),
            MissingField { owner, field } => {
                format!("Missing required field '{field}' for struct {owner}")
            }
            UndefinedStruct { name } => format!("Undefined struct: {name}"),
            UnknownMethod { method, kind } => format!("Unknown method '{method}' for {kind}"),
            UnknownVariant { path } => format!("Unknown enum variant: {path}"),
            NotIterable { kind } => format!("Cannot iterate over {kind}"),
            BadTry { kind } => format!("Cannot apply ? to {kind}"),
            TupleIndex { index, len } => {
                format!("Index {index} out of bounds for tuple of length {len}")
            }
        }
    }

    /// The error as a parser-crate diagnostic (rendered by `ruchy_parser::render`).
    pub fn to_diagnostic(&self) -> Diagnostic {
        let mut d = Diagnostic::new(self.diag_kind(), self.span, self.message());
        d.label = self.label.clone();
        for (span, text) in &self.related {
            d = d.with_secondary(*span, text.clone());
        }
        for n in &self.notes {
            d = d.with_note(n.clone());
        }
        d
    }
}

/// Render an error rustc-style (first line `Error: …`), through the parser crate's renderer.
pub fn render(err: &TypeError, src: &str, path: &str, color: bool) -> String {
    ruchy_parser::render(&err.to_diagnostic(), src, path, color)
}
