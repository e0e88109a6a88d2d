//! File builtins (§13.8, P2); without the `fs` feature they report that no file system exists.

#[cfg(feature = "fs")]
use super::arg_str;
use super::Args;
use crate::error::{err, VResult};
use crate::value::Value;
use crate::vm::Vm;

#[cfg(feature = "fs")]
fn reason(e: std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

#[cfg(feature = "fs")]
pub fn read_file(_: &mut Vm, args: Args) -> VResult<Value> {
    let path = arg_str(&args, 0, "read_file")?;
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(Value::string(s)),
        Err(e) => err(format!("Failed to read file '{path}': {}", reason(e))),
    }
}

#[cfg(feature = "fs")]
pub fn write_file(_: &mut Vm, args: Args) -> VResult<Value> {
    let path = arg_str(&args, 0, "write_file")?;
    let text = super::arg(&args, 1, "write_file")?.to_top_level();
    match std::fs::write(path, text) {
        Ok(()) => Ok(Value::Nil),
        Err(e) => err(format!("Failed to write file '{path}': {}", reason(e))),
    }
}

#[cfg(feature = "fs")]
pub fn append_file(_: &mut Vm, args: Args) -> VResult<Value> {
    use std::io::Write;
    let path = arg_str(&args, 0, "append_file")?;
    let text = super::arg(&args, 1, "append_file")?.to_top_level();
    let r = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    match r {
        Ok(()) => Ok(Value::Nil),
        Err(e) => err(format!("Failed to append to file '{path}': {}", reason(e))),
    }
}

#[cfg(feature = "fs")]
pub fn file_exists(_: &mut Vm, args: Args) -> VResult<Value> {
    let path = arg_str(&args, 0, "file_exists")?;
    Ok(Value::Bool(std::path::Path::new(path).exists()))
}

#[cfg(not(feature = "fs"))]
pub fn no_fs(_: &mut Vm, _: Args) -> VResult<Value> {
    err("File system not available")
}

#[cfg(not(feature = "fs"))]
pub use no_fs as read_file;
#[cfg(not(feature = "fs"))]
pub use no_fs as write_file;
#[cfg(not(feature = "fs"))]
pub use no_fs as append_file;
#[cfg(not(feature = "fs"))]
pub use no_fs as file_exists;
