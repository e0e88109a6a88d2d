//! Ruchy's evaluator: compiles the AST to register bytecode and runs it on a VM with
//! compact copy-on-write values, builtins, an output sink and an execution limit.

pub mod builtins;
pub mod bytecode;
pub mod compiler;
pub mod engine;
pub mod env;
pub mod error;
pub mod output;
pub mod run;
pub mod value;
pub mod vm;

pub use bytecode::Source;
pub use engine::{Engine, Failure};
pub use error::{ErrorKind, RuntimeError, VResult};
pub use output::{BufferOutput, CaptureOutput, Output, SharedOutput};
pub use run::{run, run_with, RunOutput};
pub use value::Value;
pub use vm::Vm;
