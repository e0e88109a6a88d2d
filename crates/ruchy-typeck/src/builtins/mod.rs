//! The types of the interpreter's builtin functions and methods.

pub mod funcs;
pub mod methods;
mod values;
