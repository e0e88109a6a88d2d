//! `ruchy fmt FILE [--check]`: rewrite a program in canonical layout, never damaging it.

use ruchy_parser::format::{format_source, FormatError};
use std::path::Path;

/// Format `path` in place (or only report with `check`); the exit status.
pub fn fmt(path: &Path, check: bool) -> i32 {
    let name = path.display().to_string();
    let src = match crate::cli::read_source(path) {
        Ok(s) => s,
        Err(msg) => {
            errln!("{msg}");
            return 1;
        }
    };
    let out = match format_source(&src) {
        Ok(out) => out,
        Err(FormatError::Syntax(diags)) => {
            crate::cli::show_diagnostics(&diags, &src, &name, "✗", "");
            errln!("Error: cannot format {name}: it has syntax errors");
            return 1;
        }
        Err(FormatError::Unsafe(why)) => {
            errln!("Error: cannot format {name}: {why} (the file is left unchanged)");
            return 1;
        }
    };
    if check {
        if out == src {
            outln!("✓ {name} is properly formatted");
            return 0;
        }
        outln!("⚠ {name} needs formatting");
        return 1;
    }
    if path.as_os_str() == "-" {
        out!("{out}");
        return 0;
    }
    if out != src {
        if let Err(e) = std::fs::write(path, &out) {
            errln!("Error: cannot write {name}: {e}");
            return 1;
        }
    }
    outln!("✓ Formatted {name}");
    0
}
