//! Ruchy's front end: spans, lexer, Pratt parser, AST and diagnostics.

pub mod ast;
pub mod diag;
pub mod dump;
pub mod format;
pub mod lexer;
pub mod names;
pub mod num;
mod parser;
pub mod sort;
pub mod span;
pub mod token;
pub mod visit;

pub use ast::*;
pub use diag::{render, DiagKind, Diagnostic};
pub use parser::{input_is_incomplete, parse, parse_expr_source, ParseResult};
pub use span::{LineIndex, Span};
